"""Warm-build caches of thai_metadata: stored romanisations and one Markdown converter per reader."""
from __future__ import annotations

import json
from importlib.metadata import version

from bs4 import BeautifulSoup

from conftest import build_site, story_text

NEW_TAG = "ข้าวหอมมะลิ"  # not in THAI_SLUGS: romanised


def tag_slugs(output) -> set[str]:
    return {p.name for p in (output / "tag").iterdir() if p.is_dir() and p.name != "page"}


def test_romanised_slugs_are_stored_and_tied_to_the_pythainlp_version(tmp_path):
    stories = {"news/2569/rice.md": story_text(title="ข้าวหอมมะลิ", tags=NEW_TAG)}
    output = build_site(tmp_path, stories=stories)
    stored = tmp_path / "cache/thai_metadata/romanized.json"
    data = json.loads(stored.read_text(encoding="utf-8"))
    slug = data["slugs"][NEW_TAG]
    assert data["pythainlp"] == version("pythainlp") and slug in tag_slugs(output)

    data["slugs"][NEW_TAG] = "from-the-store"  # a stored romanisation is used as is...
    stored.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "from-the-store" in tag_slugs(build_site(tmp_path / "again", stories=stories, settings={
        "CACHE_PATH": str(tmp_path / "cache")}))
    data["pythainlp"] = "0.0"  # ...but not one made by another PyThaiNLP
    stored.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert slug in tag_slugs(build_site(tmp_path / "third", stories=stories, settings={
        "CACHE_PATH": str(tmp_path / "cache")}))


def test_one_markdown_converter_keeps_no_state_between_stories(tmp_path):
    stories = {
        "news/2569/a-notes.md": story_text(title="ข่าวมีเชิงอรรถ", body="ข้อความ[^1]\n\n[^1]: เชิงอรรถของข่าวแรก"),
        "news/2569/b-plain.md": story_text(title="ข่าวไม่มีเชิงอรรถ", body="ข้อความธรรมดา"),
    }
    output = build_site(tmp_path, stories=stories)
    first = (output / "news/a-notes/index.html").read_text(encoding="utf-8")
    second = BeautifulSoup((output / "news/b-plain/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "เชิงอรรถของข่าวแรก" in first
    assert "เชิงอรรถของข่าวแรก" not in second.get_text() and not second.select(".footnote")
