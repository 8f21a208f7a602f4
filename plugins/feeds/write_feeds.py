"""Write every planned feed (RSS and Atom), the XSL stylesheet and the logo under output/.

A file whose bytes would not change is not rewritten (its modification time stays)."""
from __future__ import annotations

import posixpath
from importlib import resources
from pathlib import Path

from .build_feed import FORMATS, Channel, build_feed
from .catalog import FeedSpec

XSL_NAME = "feed.xsl"
SHIPPED = (XSL_NAME, "logo.png")  # files of this plugin copied next to the feeds


def feed_url(channel: Channel, path: str) -> str:
    return f"{channel.site_url}/{path}"


def xsl_href(feed_path: str, feeds_dir: str) -> str:
    """The stylesheet's address relative to the feed file (browsers load XSL from the same site only)."""
    return posixpath.relpath(f"{feeds_dir}/{XSL_NAME}", posixpath.dirname(feed_path))


def write_feeds(output_path: str | Path, specs: list[FeedSpec], channel: Channel, feeds_dir: str) -> list[Path]:
    """Write each spec as RSS and Atom plus the stylesheet; returns the paths whose bytes changed."""
    out = Path(output_path)
    changed = []
    for spec in specs:
        for fmt in FORMATS:
            path = spec.path(feeds_dir, fmt)
            xml = build_feed(spec, channel, fmt, feed_url(channel, path), xsl_href(path, feeds_dir))
            if _write_if_changed(out / path, xml):
                changed.append(out / path)
    for name in SHIPPED:
        data = resources.files(__package__).joinpath(name).read_bytes()
        if _write_if_changed(out / feeds_dir / name, data):
            changed.append(out / feeds_dir / name)
    return changed


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True
