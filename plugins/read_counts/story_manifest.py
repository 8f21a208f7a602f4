"""The manifest of countable stories that the read-counter service loads (format in readcounter/manifest.py)."""

from __future__ import annotations

import json
from pathlib import Path

from nuea.files import write_if_changed


def manifest_data(articles, siteurl: str = "") -> dict:
    """{"stories": {id: {"legacy_reads", "title", "url"}}} for the live stories, sorted for stable output."""
    stories = {}
    for article in sorted(articles, key=lambda a: a.story.id):
        stories[article.story.id] = {
            "legacy_reads": article.story.legacy_reads,
            "title": article.story.title,
            "url": f"{siteurl}/{article.url}",
        }
    return {"stories": stories}


def write_manifest(path: Path, data: dict) -> bool:
    """Write atomically, only when the content changed (the service reloads on change). True if written."""
    return write_if_changed(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
