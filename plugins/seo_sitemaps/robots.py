"""robots.txt: what crawlers may read, and where the sitemaps are."""
from __future__ import annotations


def robots_txt(siteurl: str, disallow, sitemaps) -> str:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallow), ""]
    if siteurl.startswith(("http://", "https://")):  # robots.txt needs absolute sitemap addresses
        lines += [f"Sitemap: {siteurl.rstrip('/')}/{name}" for name in sitemaps]
    return "\n".join(lines).rstrip("\n") + "\n"
