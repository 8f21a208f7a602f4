"""Write every planned feed (RSS and Atom), the XSL stylesheet and the logos under output/.

A file whose bytes would not change is not rewritten (its modification time stays). With a cache file, a feed
is not even built when the fingerprint of its inputs (the spec with its entries, the channel, the format, its
addresses, feedgen's version and this plugin's feed code) is the one stored when the file was last written, and
the file still has the size and time it had then."""
from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Callable
from functools import cache
from importlib import resources
from importlib.metadata import version
from pathlib import Path

from nuea.files import write_atomic, write_if_changed
from nuea.thai_dates import BE_OFFSET, MONTHS_ABBR

from .build_feed import FORMATS, Channel, build_feed
from .catalog import FeedSpec
from .entry import FeedEntry

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


def write_feeds(output_path: str | Path, specs: list[FeedSpec], entry: Callable[[str], FeedEntry],
                channel: Channel, feeds_dir: str, cache_file: Path | None = None) -> list[Path]:
    """Write each spec as RSS and Atom (entries from `entry(story_id)`) plus the stylesheet and logo; returns the
    paths whose bytes changed."""
    out = Path(output_path)
    stored = _load(cache_file, out) if cache_file else {}
    kept, changed = {}, []
    for spec in specs:
        entries = tuple(entry(story_id) for story_id in spec.story_ids)
        for fmt in FORMATS:
            path = spec.path(feeds_dir, fmt)
            args = (spec, entries, channel, fmt, feed_url(channel, path), xsl_href(path, feeds_dir))
            key = _fingerprint(args)
            if stored.get(path) == [key, _stat(out / path)]:
                kept[path] = stored[path]
                continue
            if write_if_changed(out / path, build_feed(*args)):
                changed.append(out / path)
            kept[path] = [key, _stat(out / path)]
    _remove_unplanned(out, feeds_dir, set(kept))
    files = {XSL_NAME: stylesheet()}
    files.update({name: resources.files(__package__).joinpath(name).read_bytes() for name in SHIPPED})
    for name, data in files.items():
        if write_if_changed(out / feeds_dir / name, data):
            changed.append(out / feeds_dir / name)
    if cache_file and kept != stored:
        write_atomic(cache_file, json.dumps({"output": str(out.resolve()), "feeds": kept}))
    return changed


def _remove_unplanned(out: Path, feeds_dir: str, planned: set[str]) -> None:
    """A feed no longer planned (its last story withdrawn or unpublished) leaves output/, twins and all: a kept
    output folder must not go on serving a withdrawn story in a stale feed."""
    base = out / feeds_dir
    if not base.is_dir():
        return
    for path in base.rglob("*"):
        name = path.name.removesuffix(".gz").removesuffix(".br")
        if path.is_file() and name.endswith((".rss.xml", ".atom.xml")):
            rel = (path.parent / name).relative_to(out).as_posix()
            if rel not in planned:
                path.unlink()


@cache
def _code_version() -> str:
    """What else decides a feed's bytes: feedgen's version and the source of this plugin's feed builder."""
    h = hashlib.sha256(version("feedgen").encode())
    for name in ("build_feed.py", "atom_links.py", "entry.py", "catalog.py"):
        h.update(resources.files(__package__).joinpath(name).read_bytes())
    return h.hexdigest()


def _fingerprint(args) -> str:
    return hashlib.sha256(f"{_code_version()}{args!r}".encode()).hexdigest()


def _stat(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _load(cache_file: Path, out: Path) -> dict:
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
        return data["feeds"] if data["output"] == str(out.resolve()) else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
