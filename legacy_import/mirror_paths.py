"""A file of a `wget --mirror` copy -> the old site's address it was saved from, and back (pure).

wget saves http://host/lampang/detail_new.php?id=41236 as MIRROR/host/lampang/detail_new.php?id=41236, or
  detail_new.php@id=41236        with --restrict-file-names=windows (`@` stands for `?`; \\|:"*<> become %XX)
  detail_new.php?id=41236.html   with --adjust-extension (.html added to a page whose name does not end in .html)
Either way it first decodes the URL's %XX escapes, then escapes bytes 0-31 and 128-159 (which UTF-8 Thai uses) as
%XX. The old address undoes all of that; every other query parameter is kept.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote_to_bytes, urlsplit

STORY_SCRIPTS = ("detail_new.php", "detail.php")  # the old site's story pages, preferred first
_DYNAMIC = re.compile(rb"\.(?:php\d?|phtml|asp|aspx|jsp|cgi|pl)$", re.I)
# characters written %XX in an old address: not safe raw in a URL, or the list separator of ที่อยู่เดิม (",")
_KEEP_ESCAPED = set(' "#%,<>\\^`{|}') | {chr(c) for c in range(33)} | {chr(c) for c in range(127, 160)}
_WINDOWS_UNSAFE = set(b'\\|:?"*<>')


_PLAIN = re.compile(rb"[A-Za-z0-9._~!$&'()*+;=:@/?-]*")  # nothing to decode, nothing to escape


def _decoded(raw: bytes, also: str = "") -> str:
    """%XX-decoded bytes as text: UTF-8 where it is, %XX kept for bytes that are not, and for unsafe characters
    (and for the characters in `also`)."""
    if _PLAIN.fullmatch(raw) and (not also or not set(raw) & set(also.encode())):
        return raw.decode("ascii")
    data = unquote_to_bytes(raw)
    text = data.decode("utf-8", "surrogateescape")
    out = []
    for ch in text:
        if "\udc80" <= ch <= "\udcff":
            out.append(f"%{ord(ch) - 0xDC00:02X}")
        elif ch in _KEEP_ESCAPED or ch in also:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return "".join(out)


def old_address(rel: bytes | str) -> str:
    """'lampang/detail_new.php@id=41236.html' (path below the host folder) -> '/lampang/detail_new.php?id=41236'."""
    raw = rel if isinstance(rel, bytes) else rel.encode("utf-8", "surrogateescape")
    *folders, name = raw.replace(b"\\", b"/").strip(b"/").split(b"/")
    sep = b"?" if b"?" in name else b"@" if b"@" in name else None
    path, query = name.split(sep, 1) if sep else (name, None)
    if query is not None and query.endswith(b".html"):
        query = query[:-5]  # --adjust-extension put it after the query
    elif query is None and path.endswith(b".html") and _DYNAMIC.search(path[:-5]):
        path = path[:-5]  # index.php.html
    address = "/" + "/".join(_decoded(f, "?") for f in [*folders, path])
    if query is not None:
        address += "?" + _decoded(query)
    return address


def shown_path(path: str | bytes) -> str:
    """A file name as text for reports: bytes that are not UTF-8 (wget's half-escaped Thai) as \\xNN."""
    raw = path if isinstance(path, bytes) else os.fsencode(path)
    return raw.decode("utf-8", "backslashreplace")


def wget_file_names(url_path: str, query: str | None) -> list[bytes]:
    """The names wget may have given http://host<url_path>?<query> below the host folder (unix, then windows form).

    url_path and query as in the URL (percent-encoded or not)."""
    def escaped(data: bytes, windows: bool) -> bytes:
        out = bytearray()
        for b in data:
            if b < 32 or 128 <= b < 160 or (windows and b in _WINDOWS_UNSAFE and b != ord("/")):
                out += f"%{b:02X}".encode()
            else:
                out.append(b)
        return bytes(out)

    path = unquote_to_bytes(url_path).lstrip(b"/")
    q = unquote_to_bytes(query) if query else None
    names = []
    for windows in (False, True):
        name = escaped(path, windows)
        if q is not None:
            name += (b"@" if windows else b"?") + escaped(q, windows)
        names.append(name)
        if q is not None or _DYNAMIC.search(path):
            names.append(name + b".html")
    return list(dict.fromkeys(names))


@dataclass(frozen=True)
class StoryAddress:
    section: str  # the old site's section folder, e.g. lampang
    old_id: int
    script: str  # detail_new.php or detail.php
    extra: tuple[tuple[str, str], ...]  # other query parameters

    @property
    def key(self) -> str:
        return f"{self.section}/{self.old_id}"


_SIMPLE_STORY = re.compile(r"/([^/?#]+)/(detail_new\.php|detail\.php)\?id=([0-9]+)")


def story_address(address: str) -> StoryAddress | None:
    """'/lampang/detail_new.php?id=41236&fbclid=x' -> StoryAddress('lampang', 41236, ...); None if not a story's."""
    if m := _SIMPLE_STORY.fullmatch(address):  # the common case, without a URL parser
        return StoryAddress(m[1], int(m[3]), m[2], ())
    parts = urlsplit(address)
    segments = parts.path.strip("/").split("/")
    if len(segments) != 2 or segments[1] not in STORY_SCRIPTS or not segments[0]:
        return None
    params = parse_qsl(parts.query, keep_blank_values=True)
    ids = [v for k, v in params if k == "id"]
    if len(ids) != 1 or not ids[0].isascii() or not ids[0].isdigit():
        return None
    return StoryAddress(segments[0], int(ids[0]), segments[1], tuple((k, v) for k, v in params if k != "id"))


def address_rank(address: str) -> tuple:
    """Sort key choosing the address a story is imported from: detail_new.php, then the fewest extra parameters."""
    found = story_address(address)
    script = STORY_SCRIPTS.index(found.script) if found else len(STORY_SCRIPTS)
    return (script, len(found.extra) if found else 99, len(address), address)


def normal_address(url: str) -> str:
    """An old address as a story file gives it (absolute URL or path, escaped or not) -> the form old_address makes."""
    parts = urlsplit(url.strip())
    raw_path = parts.path.encode("utf-8", "surrogateescape")
    address = "/" + "/".join(_decoded(s, "?") for s in raw_path.strip(b"/").split(b"/"))
    if parts.path.endswith("/") and address != "/":
        address += "/"
    if parts.query:
        address += "?" + _decoded(parts.query.encode("utf-8", "surrogateescape"))
    return address
