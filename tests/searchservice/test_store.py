"""The index file: rebuild with an atomic swap, one-story put/remove, sync, and what readers see meanwhile."""
from __future__ import annotations

import os
import threading
from dataclasses import replace

import pytest
from records import GECC, SMOG, VACCINE, record

from searchservice.query import QueryError, SearchQuery
from searchservice.store import CURRENT, IndexMissing, IndexWriter, SearchIndex


def urls(index, q="", **kw):
    return [h.url for h in index.search(SearchQuery(q=q, **kw)).hits]


@pytest.fixture
def built(tmp_path):
    writer = IndexWriter(tmp_path / "search", workers=1)
    writer.rebuild([GECC, VACCINE, SMOG])
    return writer, SearchIndex(tmp_path / "search")


def test_no_index_yet_is_index_missing(tmp_path):
    with pytest.raises(IndexMissing):
        SearchIndex(tmp_path).search(SearchQuery(q="ราชการ"))
    with pytest.raises(IndexMissing):
        IndexWriter(tmp_path).put(GECC)


def test_words_compound_parts_and_absent_words(built):
    _, index = built
    assert set(urls(index, "ราชการ")) == {GECC.url, SMOG.url}  # ผู้ตรวจราชการ, ผู้ว่าราชการจังหวัด
    assert urls(index, "ประเมิน") == [GECC.url]  # inside การประเมิน
    assert urls(index, "ทะเล") == [] and urls(index, "ฮอลลีวูด") == []
    assert urls(index, "หวัด") == [VACCINE.url]  # ไข้หวัดใหญ่, never จังหวัด
    assert set(urls(index, "นาย")) == {GECC.url, SMOG.url}  # นายนริสชัย, นายอำเภอ
    assert SMOG.url in urls(index, "มิถุนายน")


def test_all_words_must_match_and_quotes_match_a_phrase(built):
    _, index = built
    assert urls(index, "ราชการ น่าน") == []
    assert urls(index, "ราชการ ไฟป่า") == [SMOG.url]
    assert urls(index, '"ศูนย์ราชการสะดวก"') == [GECC.url]
    assert urls(index, '"สะดวก ศูนย์ราชการ"') == []  # the words exist, not in this order


def test_filters_dates_sort_and_ranking(built):
    _, index = built
    assert urls(index, province="น่าน") == [VACCINE.url] and urls(index, province="nan") == [VACCINE.url]
    assert urls(index, agency="prd-lampang", sort="newest") == [SMOG.url, GECC.url]
    from datetime import date

    assert urls(index, date_from=date(2026, 1, 1)) == [VACCINE.url, SMOG.url]
    assert urls(index, date_to=date(2018, 5, 10)) == [GECC.url]  # the whole last day counts
    # headline matches first, then newer: both mention หมอกควัน/ราชการ...
    newer = record("newer-mention", "ข่าวสั้น", "มีการพูดถึงหมอกควันในที่ประชุม", date="2026-11-30T10:00:00+07:00")
    writer, _ = built
    writer.put(newer)
    assert urls(index, "หมอกควัน") == [SMOG.url, newer.url]  # title match beats the newer story
    assert urls(index, "หมอกควัน", sort="newest") == [newer.url, SMOG.url]


def test_excerpt_marks_the_query(built):
    _, index = built
    hit = index.search(SearchQuery(q="ประเมิน")).hits[0]
    assert hit.excerpt[1] == "ประเมิน" and hit.excerpt[0] == "… พร้อมด้วยคณะอนุกรรมการตรวจ"  # cut at a space
    assert hit.date_label == "10 พฤษภาคม 2561" and hit.province == "ลำปาง"


def test_put_replaces_and_remove_withdraws_at_once(built):
    writer, index = built
    corrected = replace(GECC, title="กฟภ.ห้างฉัตร ยกระดับบริการ", body="ข้อความใหม่ทั้งหมดเรื่องไฟฟ้า")
    writer.put(corrected)
    assert urls(index, "ประเมิน") == []  # the old text no longer matches
    assert urls(index, "ไฟฟ้า") == [GECC.url] and index.count() == 3
    assert writer.remove(VACCINE.url) and urls(index, "วัคซีน") == [] and index.count() == 2
    assert not writer.remove("/news/never/")
    writer.put(record("fresh", "ข่าวใหม่เรื่องลำไยส่งออก"))
    assert urls(index, "ลำไย") == ["/news/fresh/"]


def test_a_story_published_during_a_rebuild_is_kept(built):
    writer, index = built
    since = writer.last_change()
    late = record("late", "ข่าวเผยแพร่ระหว่างสร้างดัชนีใหม่เรื่องกาแฟ")
    writer.put(late)  # a fast publish after the build started, before it swaps
    writer.remove(SMOG.url)
    writer.rebuild([GECC, VACCINE, SMOG], since=since)  # the build read the content before both changes
    assert urls(index, "กาแฟ") == [late.url] and urls(index, "หมอกควัน") == []
    assert index.count() == 3
    assert [p.name for p in writer.folder.glob("index-*.sqlite3")] == [os.readlink(writer.folder / CURRENT)]


def test_sync_reindexes_only_what_changed(built):
    writer, index = built
    result = writer.sync([GECC, VACCINE, SMOG])
    assert (result.added, result.replaced, result.removed, result.unchanged) == (0, 0, 0, 3) and not result.rebuilt
    result = writer.sync([replace(GECC, title="หัวข้อใหม่ลำไย"), VACCINE])
    assert (result.added, result.replaced, result.removed, result.unchanged) == (0, 1, 1, 1)
    assert urls(index, "ลำไย") == [GECC.url] and urls(index, "หมอกควัน") == []


def test_readers_never_see_a_half_made_index(tmp_path):
    """While stories are rebuilt and put, every answer is a whole state: all 30 or all 31 stories."""
    writer = IndexWriter(tmp_path / "s", workers=1)
    stories = [record(f"s{i}", f"ข่าวที่ {i} เรื่องลำไย") for i in range(30)]
    writer.rebuild(stories)
    index, seen, errors, stop = SearchIndex(tmp_path / "s"), set(), [], threading.Event()

    def read():
        while not stop.is_set():
            try:
                seen.add(index.search(SearchQuery(q="ลำไย")).total)
            except Exception as error:  # noqa: BLE001 - any error is a failure of the test
                errors.append(error)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(3):
            writer.rebuild(stories)
            writer.put(record("extra", "ข่าวเพิ่มเรื่องลำไย"))
            writer.remove("/news/extra/")
    finally:
        stop.set()
        reader.join()
    assert not errors and seen <= {30, 31} and 30 in seen


def test_a_bad_query_is_refused():
    with pytest.raises(QueryError):
        SearchQuery(q="x" * 201)
    with pytest.raises(QueryError):
        SearchQuery(sort="random")
    with pytest.raises(QueryError):
        SearchQuery(page=0)
    with pytest.raises(QueryError):
        SearchQuery(q=" ".join(["ลำไย"] * 9))


def test_pages_follow_the_date_whatever_the_order_of_writing(tmp_path):
    """Ids are in date order (story_id), so a story written late but dated early sorts by its date, stories of
    one second keep the order they were written in (the later first), and a date range is exact to the second."""
    writer = IndexWriter(tmp_path / "s", workers=1)
    same = [record(f"same{i}", f"ข่าวลำไยที่ {i}", date="2026-05-01T10:00:00+07:00") for i in range(3)]
    writer.rebuild([*same, record("new", "ลำไยล่าสุด", date="2026-06-01T00:00:00+07:00")])
    writer.put(record("old", "ลำไยเก่า", date="2001-01-01T00:00:00+07:00"))  # back-dated, written last
    writer.put(record("edge", "ลำไยเที่ยงคืน", date="2026-04-30T23:59:59+07:00"))
    index = SearchIndex(tmp_path / "s")
    newest = ["/news/new/", "/news/same2/", "/news/same1/", "/news/same0/", "/news/edge/", "/news/old/"]
    assert urls(index, "ลำไย", sort="newest") == newest
    assert urls(index, sort="newest") == newest  # no words: the same order
    from datetime import date

    assert urls(index, "ลำไย", sort="newest", date_from=date(2026, 5, 1)) == newest[:4]
    assert urls(index, "ลำไย", sort="newest", date_to=date(2026, 4, 30)) == newest[4:]
    assert index.total(SearchQuery(q="ลำไย", date_to=date(2026, 4, 30))) == 2
    writer.put(replace(same[0], title="ข่าวลำไยที่ 0 แก้ไข"))  # a correction is written again: now the later one
    assert urls(index, "ลำไย", sort="newest")[1:4] == ["/news/same0/", "/news/same2/", "/news/same1/"]


def test_a_page_is_a_walk_of_the_word_index_never_a_sort(built):
    """Every query plan reads the FTS5 table from its highest rowid down (no temporary B-tree to sort the
    matches: a word in every story costs a page, not the archive); filters and dates are part of that walk (no
    story row is read to check them)."""
    from datetime import date

    from searchservice.query import match_all, relevance_tiers

    _, index = built
    con = index._connection()
    for query in (SearchQuery(q="ราชการ ไฟป่า"), SearchQuery(q='"ศูนย์ราชการสะดวก" ลำปาง', province="ลำปาง",
                  date_from=date(2018, 1, 1), date_to=date(2026, 12, 31)), SearchQuery(province="น่าน"),
                  SearchQuery(date_from=date(2026, 1, 1))):
        terms = query.terms
        for match in [match_all(terms), *relevance_tiers(terms)] if terms else [None]:
            source, key, args = index._plan(query, match)
            plan = " / ".join(r[3] for r in con.execute(
                f"EXPLAIN QUERY PLAN SELECT {key} FROM {source} ORDER BY {key} DESC LIMIT 10", args))
            assert "TEMP B-TREE" not in plan, plan
            if terms or query.filtered and not query.date_from:
                assert plan.startswith("SCAN words VIRTUAL TABLE") and "stories" not in plan, plan
            else:  # dates alone: a range of the primary key
                assert plan == "SEARCH stories USING INTEGER PRIMARY KEY (rowid>?)", plan
    assert urls(index, '"ศูนย์ราชการสะดวก" ลำปาง', province="lampang", agency="สำนักงานประชาสัมพันธ์จังหวัดลำปาง",
                section="regional") == ["/news/hang-chat-gecc/"]
    assert urls(index, "ราชการ", province="nan") == [] and urls(index, province="ไม่มีจังหวัดนี้") == []


def test_a_rebuild_in_worker_processes_finds_what_one_process_finds(tmp_path):
    many = [replace(r, url=f"/news/{n}-{r.url.split('/')[2]}/", title=f"{r.title} {n}")
            for n in range(80) for r in (GECC, VACCINE, SMOG)]  # 240 records: tokenized in started workers
    one, two = IndexWriter(tmp_path / "one", workers=1), IndexWriter(tmp_path / "two", workers=2)
    one.rebuild(many)
    two.rebuild(many)
    for q in ("ราชการ", "ประเมิน", "หวัด", "มิถุนายน", "ทะเล"):
        expected = sorted(urls(SearchIndex(tmp_path / "one"), q))
        assert sorted(urls(SearchIndex(tmp_path / "two"), q)) == expected, q
    assert len(urls(SearchIndex(tmp_path / "two"), "หวัด")) > 0
