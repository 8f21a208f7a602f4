"""Warm rebuilds of search: Pagefind is skipped only when nothing it indexes changed; extra terms are cached."""
from __future__ import annotations

import json

from conftest import build_site, story_text
from plugins.search.index_cache import TermsCache

STORY = "news/2569/nan-vaccine.md"


def entry_state(output):
    bundle = output / "pagefind"
    return {p.name: p.stat().st_mtime_ns for p in bundle.rglob("*") if p.is_file()}


def test_unchanged_rebuild_keeps_the_index_and_a_changed_story_reindexes(tmp_path):
    stories = {STORY: story_text(title="น่านเร่งฉีดวัคซีนไข้หวัดใหญ่", agency="ส.ปชส.น่าน", body="ผู้สูงอายุรับวัคซีนฟรี")}
    output = build_site(tmp_path, stories=stories)
    first = entry_state(output)
    build_site(tmp_path, stories=stories)
    assert entry_state(output) == first  # same pages, same terms: Pagefind did not run again

    stories["news/2569/cmi-coffee.md"] = story_text(title="เชียงใหม่ส่งเสริมกาแฟ", agency="สปข.3")
    build_site(tmp_path, stories=stories)
    entry = json.loads((output / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["th"]["page_count"] == 2 and entry_state(output) != first

    (output / "pagefind/pagefind-entry.json").unlink()  # an index that is gone is rebuilt, fingerprint or not
    build_site(tmp_path, stories=stories)
    assert (output / "pagefind/pagefind-entry.json").is_file()


def test_a_changed_setting_reindexes(tmp_path):
    stories = {STORY: story_text(title="น่านเร่งฉีดวัคซีน", agency="ส.ปชส.น่าน")}
    output = build_site(tmp_path, stories=stories)
    first = entry_state(output)
    build_site(tmp_path, stories=stories, settings={"SEARCH_EXCLUDE_SELECTORS": [".story-credits"]})
    assert entry_state(output) != first


def test_terms_cache_computes_only_new_texts_and_keeps_only_this_builds(tmp_path):
    path, calls = tmp_path / "terms.json", []

    def compute(text):
        calls.append(text)
        return text.upper()

    cache = TermsCache(path, 2)
    assert cache.terms("a", compute) == "A" and cache.terms("b", compute) == "B"
    cache.save()
    cache = TermsCache(path, 2)
    assert cache.terms("a", compute) == "A" and calls == ["a", "b"]  # "a" from the file
    cache.save()
    assert len(json.loads(path.read_text())) == 1  # "b" was not used by this build: dropped
    assert TermsCache(path, 3).terms("a", compute) == "A" and calls == ["a", "b", "a"]  # other span: recomputed


def test_a_new_read_count_does_not_reindex_but_a_changed_body_does(tmp_path):
    from plugins.search.index_cache import index_fingerprint

    page = tmp_path / "index.html"
    html = ('<article data-pagefind-body><h1>ข่าว</h1><span class="read-count" data-pagefind-ignore>อ่าน : '
            '<span class="read-count-n">{n}</span></span><p>{body}</p></article>')
    page.write_text(html.format(n=185, body="เนื้อข่าว"), encoding="utf-8")
    before = index_fingerprint([("/news/x/", page, "")], [])
    page.write_text(html.format(n=186, body="เนื้อข่าว"), encoding="utf-8")
    assert index_fingerprint([("/news/x/", page, "")], []) == before  # the count is ignored by Pagefind too
    page.write_text(html.format(n=186, body="เนื้อข่าวแก้ไข"), encoding="utf-8")
    assert index_fingerprint([("/news/x/", page, "")], []) != before
