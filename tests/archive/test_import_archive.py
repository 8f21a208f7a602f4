"""The whole generated mirror (2,000 pages) imported by the real command, checked against what the mirror holds."""
from __future__ import annotations

import re
from dataclasses import replace

import httpx
from bs4 import BeautifulSoup

from conftest import build_site
from legacy_import.story_file import escape_markdown
from nuea.legacy_urls import parse_legacy_url
from nuea.registry import load_registry
from nuea.story import StoryContext, read_story
from nuea.thai_dates import parse_thai_date
from plugins.legacy_redirects.nginx_map import read_nginx_map
from split_files import manifest_stories

from .conftest import (
    MIRROR_PAGES,
    ROOT,
    SITEURL,
    browser_requests,
    content_snapshot,
    copy_stories,
    local_answers,
    nginx_answers,
    read_story_file,
    report_rows,
    run_import,
    story_files,
)


def test_every_story_is_imported_exactly_once_with_every_field(imported):
    truth, files = imported.truth, story_files(imported.content)
    assert set(files) == set(truth.stories)  # no story lost, none made twice, no page made a story by guesswork
    for sid, expected in truth.stories.items():
        fields, paragraphs, _ = read_story_file(files[sid])
        assert fields["id"] == sid and files[sid].parent.name == str(expected.date.year + 543)
        assert fields["title"] == expected.title
        assert parse_thai_date(fields["date"]) == expected.date
        assert (fields["reporter"], fields["editor"], fields["agency"]) == (expected.reporter, expected.editor,
                                                                            expected.agency), sid
        assert int(fields.get("legacy_reads", 0)) == expected.reads, sid  # 0: write_story leaves the line out
        assert set(fields["legacy_url"].split(", ")) == expected.addresses, sid
        assert paragraphs == [escape_markdown(p) for p in expected.paragraphs], sid
        assert fields["category"] == "ข่าวภูมิภาค"


def test_photos_copied_converted_listed_and_never_a_broken_reference(imported):
    truth, files, content = imported.truth, story_files(imported.content), imported.content
    for sid, expected in truth.stories.items():
        fields, _, body = read_story_file(files[sid])
        usable = [p for p in expected.photos if p.status in ("copied", "converted")]
        shown = ([{"path": fields["image"], "alt": fields.get("image_alt") or fields.get("image_caption", ""),
                   "caption": fields.get("image_caption", "")}] if "image" in fields else []) + body
        assert len(shown) == len(usable), sid
        be, month = expected.date.year + 543, expected.date.month
        for n, (got, want) in enumerate(zip(shown, usable, strict=False), 1):
            path = content / got["path"]
            assert path.is_file(), got  # never a broken reference
            assert got["path"] == f"images/{be}/{month:02d}/{sid}{'' if n == 1 else f'-{n}'}{path.suffix}"
            assert (got["alt"], got["caption"]) == ((want.alt or want.caption), want.caption), sid
            assert path.suffix == (".png" if want.status == "converted" else path.suffix)
            assert path.read_bytes()[:4] != b"GIF8"
    rows = [r for r in report_rows(imported.base).values() if r["outcome"] == "imported"]
    missing = sum(1 for s in truth.stories.values() for p in s.photos if p.status in ("missing", "unusable"))
    flagged = sum(1 for s in truth.stories.values() for p in s.photos
                  if p.flagged and p.status in ("copied", "converted"))
    assert sum(int(r["photos_missing"]) for r in rows) == missing > 0
    assert sum(int(r["alt_flagged"]) for r in rows) == flagged > 0
    assert sum(int(r["photos_converted"]) for r in rows) == sum(
        1 for s in truth.stories.values() for p in s.photos if p.status == "converted") > 0
    photos_csv = (imported.base / "var" / "report" / "photos.csv").read_text(encoding="utf-8-sig")
    assert "not in the mirror" in photos_csv and "on another site" in photos_csv and "damaged image" in photos_csv


def test_the_report_accounts_for_every_page(imported):
    truth, rows = imported.truth, report_rows(imported.base)
    assert len(rows) == MIRROR_PAGES == len(truth.pages)
    merged = {"imported": "story", "duplicate": "story"}  # which copy of a story is read is the importer's choice
    assert {p: merged.get(r["outcome"], r["outcome"]) for p, r in rows.items()} == {
        p: merged.get(o, o) for p, o in truth.pages.items()}
    for story in truth.stories.values():
        outcomes = sorted(rows[p]["outcome"] for p in story.pages)
        assert outcomes == ["duplicate"] * (len(story.pages) - 1) + ["imported"], story.story_id
        assert {rows[p]["story_id"] for p in story.pages} == {story.story_id}
    for page, must in truth.reasons.items():
        assert must in rows[page]["reason"], (page, rows[page]["reason"])
    for row in rows.values():
        if row["outcome"] == "failed":
            assert row["reason"] and row["page"] and row["address"]
            about_address = "address" in row["reason"] or "section" in row["reason"]
            assert row["line"] or about_address, row
    for story in truth.stories.values():
        for page in story.failed_pages:  # a damaged copy: its address still leads to the story
            assert rows[page]["address_kept_on"] == story.story_id

    summary = imported.result.stdout
    counts = {k: truth.count(k) for k in ("imported", "duplicate", "not_a_story", "failed")}
    assert sum(counts.values()) == MIRROR_PAGES
    for key, label in (("imported", "นำเข้าแล้ว"), ("duplicate", "ที่อยู่ซ้ำ"), ("not_a_story", "ไม่ใช่หน้าข่าว"),
                       ("failed", "นำเข้าไม่ได้")):
        assert re.search(rf"{label}.*\s{counts[key]:,}\n", summary), (label, summary)
    assert re.search(rf"total\s+{MIRROR_PAGES:,}\n", summary)
    assert f"{MIRROR_PAGES:,} pages found" in summary
    for name in truth.unknown_agencies:
        assert name in summary
    page = (imported.base / "var" / "report" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "th"
    cells = [td.get_text() for td in soup.find_all("td")]
    assert f"{MIRROR_PAGES:,}" in cells and all(name in page for name in truth.unknown_agencies)
    assert not any(p.name == "output" for p in (imported.base / "var" / "report").parents)


def test_the_seed_page_imports_to_the_seed_story(imported):
    """The seed page, saved in the mirror at /news/detail.php?id=41236, imports to the committed seed story, field
    for field, but for what no page says: the id (given by hand there: hang-chat-gecc) and the tags."""
    ctx = StoryContext(registry=load_registry(ROOT / "content" / "agencies.toml"))
    shown = "content/news/2561/hang-chat-gecc.md"
    committed = read_story((ROOT / shown).read_text(encoding="utf-8"), shown, ctx).story
    ours = read_story((imported.content / "news" / "2561" / "prd3-41236.md").read_text(encoding="utf-8"), shown,
                      ctx).story
    assert committed.tags and committed.legacy_urls == ("/news/detail.php?id=41236",)
    assert replace(ours, id=committed.id, tags=committed.tags) == committed


def test_a_second_run_changes_nothing(imported):
    before = content_snapshot(imported.content)
    again = run_import(imported.truth.root, imported.base)
    assert again.returncode == imported.result.returncode, again.stderr
    assert f"read 0 pages, {MIRROR_PAGES:,} unchanged; stories new 0, updated 0" in again.stdout
    assert content_snapshot(imported.content) == before  # not one byte, not one file time
    assert again.stdout.split("this run:")[0] == imported.result.stdout.split("this run:")[0]


def test_the_site_builds_with_the_imported_stories(imported, tmp_path, nginx_for):
    """A real build of a few hundred of the imported stories (every one with several old addresses, up to 150; 100
    with photos; others; 15 withdrawn): pages, photos, old words, read counts, and every old address through nginx
    and the local server to the built page. (All 1,350 stories' addresses: test_archive_redirects.py.)"""
    truth = imported.truth
    ids = sorted(truth.stories)
    several = [sid for sid in ids if len(truth.stories[sid].addresses) > 1]
    with_photos = [sid for sid in ids if any(p.status in ("copied", "converted") for p in truth.stories[sid].photos)]
    chosen = sorted(set(several[:150]) | set(with_photos[:100]) | set(ids[::12]) | {"prd3-41236"})
    withdrawn = set(chosen[::20])
    assert len(several) > 100 and len(chosen) > 300
    copy_stories(imported, tmp_path / "content", chosen, withdrawn)
    output = build_site(tmp_path, settings={"SEARCH_INDEX": False, "SITEURL": SITEURL,
                                            "READ_COUNTS_SOURCE": str(tmp_path / "no-counter.sqlite3")})
    manifest = manifest_stories(output)  # api/stories.json and its monthly parts, as the counter reads them
    exact = read_nginx_map((output / "legacy-redirects.map").read_text(encoding="utf-8"))
    expected = {}
    for sid in chosen:
        story = truth.stories[sid]
        for address in story.addresses:
            for request in browser_requests(address):
                expected[request] = (410, "") if sid in withdrawn else (301, f"{SITEURL}/news/{sid}/")
        if sid in withdrawn:
            assert not (output / "news" / sid).exists() and sid not in manifest
            continue
        for address in story.addresses:
            assert exact[parse_legacy_url(address).request_uri] == f"{SITEURL}/news/{sid}/"
        page = BeautifulSoup((output / "news" / sid / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert page.find("h1").get_text(strip=True) == story.title
        texts = [p.get_text() for p in page.select(".story-body p")]
        for paragraph in story.paragraphs:  # the old words exactly, through Markdown and the theme
            assert paragraph in texts, (sid, paragraph)
        photos = [p for p in story.photos if p.status in ("copied", "converted")]
        assert len(page.select("article.story picture")) == len(photos), sid
        for img in page.select("article.story picture img"):
            assert img.get("alt"), sid
        assert page.select_one(".read-count-n").get_text() == f"{story.reads:,}"  # counts equal: the page
        assert manifest[sid].legacy_reads == story.reads  # and the counter, which adds new reads to them
    assert len(manifest) == len(chosen) - len(withdrawn)

    live_requests = [r for r, (status, _) in expected.items() if status == 301]
    for answers in (nginx_answers(nginx_for(output), expected), local_answers(output, expected)):
        assert answers == expected
    followed = local_answers(output, {httpx.URL(expected[r][1]).path for r in live_requests})
    assert set(followed.values()) == {(200, "")}  # every target is a built page
