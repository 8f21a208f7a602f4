"""What the feed files are made of besides their entries: their addresses, the XSL stylesheet and the logos, and
the version of the code that builds them (part of every feed's fingerprint in the site build, so a change of
feedgen or of this plugin's feed code rebuilds every feed)."""
from __future__ import annotations

import hashlib
import posixpath
from functools import cache
from importlib import resources
from importlib.metadata import version

from nuea.thai_dates import BE_OFFSET, MONTHS_ABBR

from .build_feed import Channel

XSL_NAME = "feed.xsl"
SHIPPED = ("logo.png", "logo-wide.png")  # copied next to the feeds as they are: the 144×144 and 288×144 logos


def feed_url(channel: Channel, path: str) -> str:
    return f"{channel.site_url}/{path}"


def xsl_href(feed_path: str, feeds_dir: str) -> str:
    """The stylesheet's address relative to the feed file (browsers load XSL from the same site only)."""
    return posixpath.relpath(f"{feeds_dir}/{XSL_NAME}", posixpath.dirname(feed_path))


def stylesheet() -> bytes:
    """feed.xsl with the Thai month abbreviations and the Buddhist-era offset of nuea.thai_dates filled in
    (XSLT 1.0 has no tables: the names are one string, six characters each)."""
    text = resources.files(__package__).joinpath(XSL_NAME).read_text(encoding="utf-8")
    months = "".join(m.ljust(6) for m in MONTHS_ABBR)
    return text.replace("@MONTHS_ABBR@", months).replace("@BE_OFFSET@", str(BE_OFFSET)).encode("utf-8")


@cache
def code_version() -> str:
    """What else decides a feed's bytes: feedgen's version and the source of this plugin's feed builder."""
    h = hashlib.sha256(version("feedgen").encode())
    for name in ("build_feed.py", "atom_links.py", "entry.py", "catalog.py"):
        h.update(resources.files(__package__).joinpath(name).read_bytes())
    return h.hexdigest()
