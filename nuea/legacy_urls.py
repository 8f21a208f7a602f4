"""An old site's address (legacy_url) -> the request path nginx sees, and where a redirect page can live (pure)."""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

# Characters a browser sends unescaped in a path or query; everything else is %XX (upper-case hex).
_PATH_SAFE = "/!$&'()*+,;=:@-._~%"
_QUERY_SAFE = _PATH_SAFE + "?"
_PAGE_SUFFIXES = {"", ".html", ".htm"}  # old paths that a static file can answer with text/html
MAX_URI_BYTES = 480  # deploy/nginx/nuea-news.conf sets map_hash_bucket_size 512


class LegacyUrlError(ValueError):
    pass


@dataclass(frozen=True)
class LegacyAddress:
    request_uri: str  # as nginx's $request_uri: percent-encoded path, then ?query if any
    page_file: str | None  # output-relative file for an HTML redirect page, or None when no static file can


def parse_legacy_url(value: str) -> LegacyAddress:
    """'http://old.example/news/show.php?id=12' -> LegacyAddress('/news/show.php?id=12', None)."""
    text = str(value).strip()
    if not text:
        raise LegacyUrlError("empty")
    parts = urlsplit(text)
    if parts.scheme and parts.scheme not in ("http", "https"):
        raise LegacyUrlError(f"scheme {parts.scheme!r} is not http or https")
    if not parts.path.startswith("/"):
        raise LegacyUrlError("the path must start with / (or give the full http:// address)")
    if any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise LegacyUrlError("contains spaces or control characters")
    path = unquote(parts.path)
    segments = path.split("/")
    if any(seg in (".", "..") for seg in segments) or "\\" in path:
        raise LegacyUrlError("path has . or .. segments or a backslash")
    request_uri = quote(parts.path, safe=_PATH_SAFE)
    if parts.query:
        request_uri += "?" + quote(parts.query, safe=_QUERY_SAFE)
    if len(request_uri) > MAX_URI_BYTES:
        raise LegacyUrlError(f"{len(request_uri)} bytes once percent-encoded; the nginx map takes {MAX_URI_BYTES}")
    return LegacyAddress(request_uri, None if parts.query else _page_file(path))


def _page_file(path: str) -> str | None:
    """The output file that answers `path` on a plain static server, or None (e.g. .php, .asp)."""
    if path == "/":
        return None  # the home page is ours
    if path.endswith("/"):
        return path.lstrip("/") + "index.html"
    suffix = posixpath.splitext(posixpath.basename(path))[1].lower()
    if suffix not in _PAGE_SUFFIXES:
        return None
    return path.lstrip("/") + ("/index.html" if suffix == "" else "")
