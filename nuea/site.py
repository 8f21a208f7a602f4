"""The site's absolute address, one rule for feeds, share links, sitemaps, redirects and the counter's manifest:
SITEURL when it is an absolute http(s) address, else LOCAL_SITEURL (local builds have SITEURL = "")."""
from __future__ import annotations

from urllib.parse import urlsplit

LOCAL_SITEURL = "http://127.0.0.1:8000"


def is_absolute(url: str) -> bool:
    return urlsplit(url or "").scheme in ("http", "https") and bool(urlsplit(url).netloc)


def site_url(settings: dict) -> str:
    """https://nuea-news.example.go.th (no trailing slash)."""
    siteurl = settings.get("SITEURL", "") or ""
    if is_absolute(siteurl):
        return siteurl.rstrip("/")
    return (settings.get("LOCAL_SITEURL") or LOCAL_SITEURL).rstrip("/")


def absolute_url(settings: dict, path: str) -> str:
    """The absolute address of a site path or output file: news/x/index.html -> https://…/news/x/."""
    path = (path or "").lstrip("/")
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return f"{site_url(settings)}/{path}"
