"""The manifest of countable stories that the read-counter service loads (format in readcounter/manifest.py)."""

from __future__ import annotations

import json
from pathlib import Path


def manifest_data(articles, siteurl: str = "") -> dict:
    """{"stories": {id: {"legacy_reads", "title", "url"}}} for published stories, sorted for stable output."""
    stories = {}
    for article in sorted(articles, key=lambda a: a.story_id):
        if getattr(article, "status", "published") != "published":
            continue
        stories[article.story_id] = {
            "legacy_reads": int(article.legacy_reads),
            "title": str(article.title),
            "url": f"{siteurl}/{article.url}",
        }
    return {"stories": stories}


def write_manifest(path: Path, data: dict) -> bool:
    """Write only when the content changed (the service reloads on change). Returns True if written."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)  # atomic: the service never sees half a file
    return True
