"""Reading the site's split files as their readers do: the sitemap index and its parts (search engines), the
counter's manifest and its parts (readcounter.manifest)."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

from readcounter.manifest import load_manifest

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_parts(output: Path, index: str = "sitemap.xml") -> list[Path]:
    """The part files the sitemap index names (each must exist at the site's root)."""
    root = ET.parse(output / index).getroot()
    assert root.tag == f"{{{NS['sm']}}}sitemapindex", "sitemap.xml is a sitemap index"
    return [output / urlsplit(loc.text).path.lstrip("/") for loc in root.findall("sm:sitemap/sm:loc", NS)]


def sitemap_entries(output: Path) -> dict[str, str | None]:
    """Every <loc> of every part -> its <lastmod> (None when absent)."""
    found = {}
    for part in sitemap_parts(output):
        for url in ET.parse(part).getroot().findall("sm:url", NS):
            lastmod = url.find("sm:lastmod", NS)
            found[url.find("sm:loc", NS).text] = lastmod.text if lastmod is not None else None
    return found


def manifest_stories(output: Path) -> dict:
    """Story id -> readcounter.manifest.Story, read from api/stories.json and its parts."""
    return load_manifest(output / "api" / "stories.json")
