"""The search plugin in a real build: what is indexed (from story records, never built pages), the service index,
the static fallback, the search page, the header box, the settings, warm rebuilds."""
from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from conftest import build_site, story_text
from plugins.search.static_index import SearchIndexError, build_bundle, document
from plugins.search.story_records import html_to_text

from searchservice.query import SearchQuery
from searchservice.records import SearchRecord
from searchservice.store import SearchIndex

GECC = ("นายนริสชัย ป้อมเสือ ผู้ตรวจราชการสำนักนายกรัฐมนตรี พร้อมด้วย คณะอนุกรรมการตรวจประเมินมาตรฐาน"
        "ศูนย์ราชการสะดวก ร่วมลงพื้นที่ตรวจติดตามประเมินมาตรฐานงานบริการประชาชน")
STORIES = {
    "news/2561/hang-chat-gecc.md": story_text(title="กฟภ.ห้างฉัตร เปิดศูนย์ราชการสะดวกรับการประเมิน", body=GECC,
                                              date="2018-05-10 11:48:27", category="ข่าวภูมิภาค",
                                              tags="GECC, กฟภ."),
    "news/2569/nan-vaccine.md": story_text(title="น่านเร่งฉีดวัคซีนไข้หวัดใหญ่", agency="ส.ปชส.น่าน",
                                           category="สาธารณสุข", body="ผู้สูงอายุรับวัคซีนฟรีที่โรงพยาบาลทุกแห่ง"),
}
DRAFT = {"news/2569/draft-story.md": story_text(title="ร่างข่าวยังไม่เผยแพร่เรื่องลำไย", status="draft")}


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def urls(root, q, **kw):
    return [h.url for h in SearchIndex(root / "var" / "search").search(SearchQuery(q=q, **kw)).hits]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("build")
    return root, build_site(root, stories={**STORIES, **DRAFT})


def test_the_service_index_holds_the_published_stories_from_their_records(site):
    root, _ = site
    index = SearchIndex(root / "var" / "search")
    assert index.count() == 2  # the draft is never searchable
    assert urls(root, "ลำไย") == []
    assert urls(root, "ประเมิน") == ["/news/hang-chat-gecc/"]
    assert urls(root, "gecc") == ["/news/hang-chat-gecc/"]  # tags are searchable
    assert urls(root, "", province="น่าน") == ["/news/nan-vaccine/"]
    hit = index.search(SearchQuery(q="วัคซีน")).hits[0]
    assert (hit.date_label, hit.agency, hit.province, hit.section) == ("20 พฤศจิกายน 2569", "ส.ปชส.น่าน", "น่าน",
                                                                       "สาธารณสุข")


def test_story_pages_carry_no_search_markup(site):
    """Search reads the story contract, not the theme: no data-pagefind-* in what readers download."""
    _, output = site
    page = (output / "news/hang-chat-gecc/index.html").read_text(encoding="utf-8")
    assert "data-pagefind" not in page


def test_the_static_fallback_is_built_from_records(site):
    _, output = site
    entry = json.loads((output / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["th"]["page_count"] == len(STORIES)
    assert (output / "pagefind/pagefind.js").exists()
    assert not (output / "pagefind.new").exists() and not (output / "pagefind.old").exists()


def test_search_page_and_header_box(site):
    _, output = site
    page = soup(output / "search/index.html")
    assert page.select_one("h1").get_text() == "ค้นหาข่าว"
    root = page.select_one("[data-search]")
    assert root["data-bundle"] == "/pagefind/" and root["data-api"] == "/api/search"
    for name in ("province", "agency", "section", "sort"):
        assert page.select_one(f"select[name={name}]")
    assert page.select_one("input[name=from][type=date]") and page.select_one("input[name=to][type=date]")
    box = soup(output / "index.html").select_one(".site-header form[role=search]")
    assert box["action"] == "/search/" and box.select_one("input[name=q]")["aria-label"] == "ค้นหาข่าว"


def test_search_index_setting_turns_both_indexes_off(tmp_path):
    output = build_site(tmp_path, stories=STORIES, settings={"SEARCH_INDEX": False})
    assert not (output / "pagefind").exists() and not (tmp_path / "var" / "search").exists()
    assert (output / "search/index.html").exists()


def test_a_site_without_stories_builds_without_a_fallback(tmp_path):
    output = build_site(tmp_path)
    assert (output / "search/index.html").exists() and not (output / "pagefind").exists()
    assert SearchIndex(tmp_path / "var" / "search").count() == 0


def test_a_corrected_and_a_withdrawn_story_stop_matching_after_the_next_build(tmp_path):
    stories = dict(STORIES)
    build_site(tmp_path, stories=stories)
    assert urls(tmp_path, "ประเมิน") == ["/news/hang-chat-gecc/"]
    stories["news/2561/hang-chat-gecc.md"] = story_text(title="กฟภ.ห้างฉัตร ยกระดับงานบริการ", body="แก้ไขข้อความ",
                                                        date="2018-05-10 11:48:27")
    (tmp_path / "content" / "news/2569/nan-vaccine.md").unlink()
    build_site(tmp_path, stories={k: v for k, v in stories.items() if "nan-vaccine" not in k})
    assert urls(tmp_path, "ประเมิน") == [] and urls(tmp_path, "วัคซีน") == []
    assert urls(tmp_path, "ยกระดับ") == ["/news/hang-chat-gecc/"]


def test_body_text_keeps_paragraphs_and_drops_markup():
    assert html_to_text("<p>ย่อหน้า<b>แรก</b></p>\n<p>ที่ &amp; สอง</p>") == "ย่อหน้า แรก\nที่ & สอง"


def test_the_fallback_document_escapes_the_story():
    record = SearchRecord(url="/news/x/", title='<script>alert("x")</script>', body="ข่าว",
                          date="2026-01-01T00:00:00+07:00", date_label="1 มกราคม 2569", province="น่าน",
                          agency="ส.ปชส.น่าน", section="สังคม")
    page = BeautifulSoup(document(record), "html.parser")
    assert not page.select("script") and page.select_one("h1").get_text() == record.title
    filters = {s["data-pagefind-filter"] for s in page.select("[data-pagefind-filter]")}
    assert filters == {"province:น่าน", "agency:ส.ปชส.น่าน", "section:สังคม"}


def test_pagefind_failure_is_an_error_and_keeps_the_old_bundle(tmp_path, monkeypatch):
    bundle = tmp_path / "pagefind"
    bundle.mkdir()
    (bundle / "pagefind-entry.json").write_text("{}")
    import plugins.search.static_index as static_index

    monkeypatch.setattr(static_index, "get_executable", lambda: "/bin/false")
    record = SearchRecord(url="/news/x/", title="ข่าว", body="", date="2026-01-01T00:00:00+07:00", date_label="")
    with pytest.raises(SearchIndexError, match="Pagefind failed"):
        build_bundle([record], bundle)
    assert (bundle / "pagefind-entry.json").read_text() == "{}"


def test_fast_publishing_puts_and_withdraws_one_story(tmp_path):
    """The calls issue 14's publish path makes: a story found at once, then gone at once, no rebuild."""
    from pelican import signals
    from plugins.search.story_updates import index_story, unindex_story

    build_site(tmp_path / "site", stories=STORIES)
    captured = []

    def capture(generator):
        captured.extend(generator.articles)

    signals.article_generator_finalized.connect(capture)
    try:  # a real Article of a new story, read by a build that indexes nothing
        build_site(tmp_path / "new", settings={"SEARCH_INDEX": False}, stories={
            "news/2569/cmi-coffee.md": story_text(title="เชียงใหม่ส่งเสริมกาแฟอาราบิก้า", agency="สปข.3", body="กาแฟดอยช้าง")})
    finally:
        signals.article_generator_finalized.disconnect(capture)
    settings = {"OUTPUT_PATH": str(tmp_path / "site" / "output")}
    index_story(settings, captured[0])
    assert urls(tmp_path / "site", "อาราบิก้า") == ["/news/cmi-coffee/"]
    assert unindex_story(settings, "/news/hang-chat-gecc/")
    assert urls(tmp_path / "site", "ประเมิน") == [] and SearchIndex(tmp_path / "site/var/search").count() == 2


def test_the_fallback_holds_the_newest_stories_only(tmp_path):
    output = build_site(tmp_path, stories=STORIES, settings={"SEARCH_FALLBACK_STORIES": 1})
    entry = json.loads((output / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["th"]["page_count"] == 1  # nan-vaccine (2569), not hang-chat (2561)
    assert SearchIndex(tmp_path / "var" / "search").count() == 2  # the service holds every story
