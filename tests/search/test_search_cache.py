"""Warm rebuilds of search: unchanged stories are not cut into words again, Pagefind is not run again."""
from __future__ import annotations

import logging

from conftest import build_site, story_text

from searchservice.store import CURRENT

STORY = "news/2569/nan-vaccine.md"


def bundle_state(output):
    return {p.name: p.stat().st_mtime_ns for p in (output / "pagefind").rglob("*") if p.is_file()}


def index_file(root):
    return (root / "var" / "search" / CURRENT).resolve()


def test_an_unchanged_rebuild_touches_neither_index(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="sitebuild.search_step")
    stories = {STORY: story_text(title="น่านเร่งฉีดวัคซีนไข้หวัดใหญ่", agency="ส.ปชส.น่าน", body="ผู้สูงอายุรับวัคซีนฟรี")}
    output = build_site(tmp_path, stories=stories)
    first, db, stamp = bundle_state(output), index_file(tmp_path), index_file(tmp_path).stat().st_mtime_ns
    caplog.clear()
    build_site(tmp_path, stories=stories)
    assert bundle_state(output) == first  # Pagefind did not run again
    assert index_file(tmp_path) == db and db.stat().st_mtime_ns == stamp  # the service index was not written
    assert "1 unchanged" in caplog.text

    stories["news/2569/cmi-coffee.md"] = story_text(title="เชียงใหม่ส่งเสริมกาแฟ", agency="สปข.3")
    caplog.clear()
    build_site(tmp_path, stories=stories)
    assert bundle_state(output) != first and index_file(tmp_path) == db  # synced in place, not rebuilt
    assert "1 added, 0 replaced, 0 removed, 1 unchanged" in caplog.text

    (output / "pagefind/pagefind-entry.json").unlink()  # a bundle that is gone is rebuilt, fingerprint or not
    build_site(tmp_path, stories=stories)
    assert (output / "pagefind/pagefind-entry.json").is_file()


def test_a_changed_setting_rebuilds_the_fallback(tmp_path):
    stories = {STORY: story_text(title="น่านเร่งฉีดวัคซีน", agency="ส.ปชส.น่าน")}
    output = build_site(tmp_path, stories=stories)
    first = bundle_state(output)
    build_site(tmp_path, stories=stories, settings={"SEARCH_FALLBACK_CHARS": 10})
    assert bundle_state(output) != first
