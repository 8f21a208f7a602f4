"""The search plugin in a real build: what is indexed, the search page, the header box, the settings."""
from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from conftest import build_site, story_text
from plugins.search.extra_terms import extra_terms
from plugins.search.pagefind_run import SearchIndexError, index_pages, with_terms

GECC = ("นายนริสชัย ป้อมเสือ ผู้ตรวจราชการสำนักนายกรัฐมนตรี พร้อมด้วย คณะอนุกรรมการตรวจประเมินมาตรฐาน"
        "ศูนย์ราชการสะดวก ร่วมลงพื้นที่ตรวจติดตามประเมินมาตรฐานงานบริการประชาชน")
STORIES = {
    "news/2561/hang-chat-gecc.md": story_text(title="กฟภ.ห้างฉัตร เปิดศูนย์ราชการสะดวกรับการประเมิน", body=GECC,
                                              date="2018-05-10 11:48:27", category="ข่าวภูมิภาค"),
    "news/2569/nan-vaccine.md": story_text(title="น่านเร่งฉีดวัคซีนไข้หวัดใหญ่", agency="ส.ปชส.น่าน",
                                           category="สาธารณสุข", body="ผู้สูงอายุรับวัคซีนฟรีที่โรงพยาบาลทุกแห่ง"),
}
DRAFT = {"news/2569/draft-story.md": story_text(title="ร่างข่าวยังไม่เผยแพร่", status="draft")}


def soup_text(markup):
    return BeautifulSoup(markup, "html.parser")


def soup(path):
    return soup_text(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("build"), stories={**STORIES, **DRAFT})


def test_story_page_marks_what_pagefind_indexes(output):
    page = soup(output / "news/hang-chat-gecc/index.html")
    body = page.select("[data-pagefind-body]")
    assert len(body) == 1 and body[0].name == "article"  # headline, body and metadata; not nav or footer
    filters = {s["data-pagefind-filter"] for s in body[0].select("[data-pagefind-filter]")}
    assert filters == {"province:ลำปาง", "agency:ส.ปชส.ลำปาง", "section:ข่าวภูมิภาค"}
    meta = dict(s["data-pagefind-meta"].split(":", 1) for s in page.select("[data-pagefind-meta]"))
    assert meta["date"] == "10 พฤษภาคม 2561" and meta["province"] == "ลำปาง" and meta["agency"] == "ส.ปชส.ลำปาง"
    assert "terms" not in meta  # the extra index terms never weigh on the page readers download
    assert page.select_one(".story-reads[data-pagefind-ignore]")  # the read count is not story text


def test_pagefind_indexes_only_the_published_stories(output):
    assert (output / "drafts/draft-story/index.html").exists()  # a draft page exists but is never searchable
    entry = json.loads((output / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["th"]["page_count"] == len(STORIES)
    assert (output / "pagefind/pagefind.js").exists()


def test_search_page_and_header_box(output):
    page = soup(output / "search/index.html")
    assert page.select_one("h1").get_text() == "ค้นหาข่าว"
    assert page.select_one("[data-search]")["data-bundle"] == "/pagefind/"
    for name in ("province", "agency", "section"):
        assert page.select_one(f"select[name={name}]")
    box = soup(output / "index.html").select_one(".site-header form[role=search]")
    assert box["action"] == "/search/" and box.select_one("input[name=q]")["aria-label"] == "ค้นหาข่าว"


def test_search_index_setting_turns_pagefind_off(tmp_path):
    output = build_site(tmp_path, stories=STORIES, settings={"SEARCH_INDEX": False})
    assert not (output / "pagefind").exists()


def test_terms_go_to_pagefind_as_a_metadata_field():
    page = with_terms("<html><body><p>x</p></body></html>", 'ประเมินมาตรฐาน ราชการ"')
    field = soup_text(page).select_one("[data-pagefind-meta]")
    assert field["data-pagefind-meta"] == 'terms:ประเมินมาตรฐาน ราชการ"' and field.has_attr("hidden")
    assert with_terms("<p>x</p>", "") == "<p>x</p>"


def test_a_site_without_stories_builds_without_an_index(tmp_path):
    output = build_site(tmp_path)
    assert (output / "search/index.html").exists() and not (output / "pagefind").exists()


def test_pagefind_failure_is_an_error_naming_the_page(tmp_path):
    missing = tmp_path / "news/gone/index.html"
    with pytest.raises(SearchIndexError, match=str(missing)):
        index_pages([("/news/gone/", missing, "")], tmp_path / "pagefind")


@pytest.mark.parametrize("text, word", [
    ("รับการประเมินจากคณะอนุกรรมการ", "ประเมิน"),  # inside การประเมิน
    ("ผู้ตรวจราชการสำนักนายกรัฐมนตรี", "ราชการ"),  # inside ผู้ตรวจราชการ
    ("ผู้ว่าราชการจังหวัดเชียงใหม่", "ราชการ"),  # inside ผู้ว่าราชการจังหวัด, one word for newmm
    ("ผู้ว่าราชการจังหวัดเชียงใหม่", "จังหวัด"),
])
def test_extra_terms_start_words_found_inside_compounds(text, word):
    assert any(term.startswith(word) for term in extra_terms(text))


def test_extra_terms_are_sorted_distinct_and_thai_only():
    terms = extra_terms("GECC คณะที่ 12 ตรวจประเมิน ตรวจประเมิน")
    assert terms == sorted(set(terms)) and all(re.fullmatch("[\u0e01-\u0e4e]+", t) for t in terms)
