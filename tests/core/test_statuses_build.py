"""Real builds: what each status puts on the site, corrections, withdrawals (410), sanitized story HTML, problems of
stories that are not going out, and the plain problem list of `make html`."""
from __future__ import annotations

import subprocess
import sys

import feedparser
import httpx
import pytest
from bs4 import BeautifulSoup
from event_loop import run_async

from conftest import ROOT, build_site, story_text
from nuea.problems import ContentError
from split_files import manifest_stories, sitemap_entries

NOW = "2026-11-25T12:00:00+07:00"
SETTINGS = {"BUILD_NOW": NOW, "SEARCH_INDEX": False}
STATUSES = {
    "news/2569/live-story.md": story_text(title="ข่าวเผยแพร่แล้ว", date="2026-11-20 10:30", status="เผยแพร่"),
    "news/2569/draft-story.md": story_text(title="ข่าวร่าง", status="ร่าง"),
    "news/2569/waiting-story.md": story_text(title="ข่าวรอตรวจ", status="รอตรวจ"),
    "news/2569/due-story.md": story_text(title="ข่าวตั้งเวลาถึงแล้ว", date="2026-11-25 11:59", status="ตั้งเวลา"),
    "news/2569/later-story.md": story_text(title="ข่าวตั้งเวลายังไม่ถึง", date="2026-11-25 12:01", status="ตั้งเวลา"),
    "news/2569/future-story.md": story_text(title="ข่าวลงวันที่ล่วงหน้า", date="2026-12-01 08:00"),
    "news/2569/gone-story.md": story_text(title="ข่าวที่ถอนแล้ว", status="ถอนแล้ว",
                                          legacy_url="/lampang/detail_new.php?id=77, /news/detail.php?id=77"),
    "news/2569/fixed-story.md": story_text(title="ข่าวที่แก้ไข", date="2026-11-20 09:00", modified="2026-11-21 15:30",
                                           correction="แก้ชื่อผู้ให้สัมภาษณ์ให้ถูกต้อง",
                                           legacy_url="/news/detail.php?id=5, /lampang/detail_new.php?id=5&cat=2"),
}
LIVE = {"live-story", "due-story", "fixed-story"}
NOT_LIVE = {"draft-story", "waiting-story", "later-story", "future-story", "gone-story"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("statuses"), stories=STATUSES, settings=SETTINGS)


def test_only_live_stories_reach_readers(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    feed = feedparser.parse((site / "feeds" / "all.atom.xml").read_bytes())
    sitemap = " ".join(sitemap_entries(site))
    manifest = manifest_stories(site)
    for sid in LIVE:
        assert (site / "news" / sid / "index.html").is_file(), sid
        assert f"/news/{sid}/" in home and f"/news/{sid}/" in sitemap and sid in manifest
    assert {e.id.rsplit("/", 1)[1] for e in feed.entries} == LIVE
    for sid in NOT_LIVE:
        assert not (site / "news" / sid).exists(), sid
        assert f"/news/{sid}/" not in home and f"/news/{sid}/" not in sitemap and sid not in manifest
    # drafts, stories waiting for review and scheduled ones are previews (local builds only), withdrawn ones are not
    assert {p.name for p in (site / "drafts").iterdir()} == NOT_LIVE - {"gone-story"}


def test_scheduled_story_goes_live_at_its_time(tmp_path):
    later = {"news/2569/later-story.md": STATUSES["news/2569/later-story.md"]}
    out = build_site(tmp_path, stories=later, settings={**SETTINGS, "BUILD_NOW": "2026-11-25T12:01:00+07:00"})
    assert (out / "news" / "later-story" / "index.html").is_file()


def test_correction_note_and_every_old_address(site):
    page = BeautifulSoup((site / "news" / "fixed-story" / "index.html").read_text(encoding="utf-8"), "html.parser")
    note = page.select_one(".story-correction")
    assert note.get_text(" ", strip=True) == "แก้ไขเมื่อ 21 พฤศจิกายน 2569 15:30 น. : แก้ชื่อผู้ให้สัมภาษณ์ให้ถูกต้อง"
    assert note.time["datetime"] == "2026-11-21T15:30:00+07:00"
    mapped = (site / "legacy-redirects.map").read_text(encoding="utf-8")
    assert '"/news/detail.php?id=5" "/news/fixed-story/";' in mapped
    assert '"/lampang/detail_new.php?id=5&cat=2" "/news/fixed-story/";' in mapped
    assert "id=77" not in mapped  # a withdrawn story redirects nowhere: it is gone


def test_withdrawal_removes_the_page_and_answers_410(tmp_path):
    stories = {"news/2569/gone-story.md": story_text(title="ข่าวที่จะถอน", legacy_url="/news/detail.php?id=77"),
               "news/2569/live-story.md": STATUSES["news/2569/live-story.md"]}
    out = build_site(tmp_path, stories=stories, settings=SETTINGS)
    assert (out / "news" / "gone-story" / "index.html").is_file()
    (tmp_path / "content" / "news" / "2569" / "gone-story.md").write_text(
        story_text(title="ข่าวที่จะถอน", legacy_url="/news/detail.php?id=77", status="ถอนแล้ว"), encoding="utf-8")
    out = build_site(tmp_path, settings=SETTINGS)  # the same output folder, kept between builds
    assert not (out / "news" / "gone-story").exists()
    assert (out / "news" / "live-story" / "index.html").is_file()
    assert (out / "withdrawn.map").read_text(encoding="utf-8").splitlines()[1:] == [
        '"/news/detail.php?id=77" 1;', '"/news/gone-story/" 1;']

    from scripts.serve import site_app

    async def fetch():
        transport = httpx.ASGITransport(app=site_app(out))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as client:
            return [await client.get(path) for path in
                    ("/news/gone-story/", "/news/detail.php?id=77", "/news/live-story/")]

    gone, old, live = run_async(fetch())
    assert gone.status_code == 410 and "ข่าวนี้ถูกถอนแล้ว" in gone.text
    assert old.status_code == 410 and live.status_code == 200


HOSTILE_BODY = ('ย่อหน้าแรก <script>alert("xss")</script>\n\n[คลิก](javascript:alert(1)) '
                '<img src="https://example.org/x.jpg" onerror="alert(2)" alt="ก">\n\n<iframe src="https://evil.example/"></iframe>\n\n'
                '<a href="https://prd.go.th/" onclick="steal()">ลิงก์จริง</a>')


def test_script_in_a_story_never_reaches_a_page_or_feed(tmp_path):
    stories = {"news/2569/hostile.md": story_text(body=HOSTILE_BODY, summary='สรุป <script>alert(3)</script> '
                                                  '<a href="javascript:x()">ก</a>')}
    out = build_site(tmp_path, stories=stories, settings={**SETTINGS, "IMAGES_REQUIRE_ALT": False})
    files = [out / "news" / "hostile" / "index.html", out / "index.html", out / "feeds" / "all.atom.xml",
             out / "feeds" / "all.rss.xml", out / "tag" / "thdsob" / "index.html"]
    for path in (p for p in files if p.exists()):
        text = path.read_text(encoding="utf-8")
        for bad in ("alert(", "javascript:", "<iframe", "onerror", "onclick", "evil.example", "steal()"):
            assert bad not in text, (path.name, bad)
    page = (out / "news" / "hostile" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://prd.go.th/"' in page and "ลิงก์จริง" in page  # what stories need stays


def test_problems_of_drafts_never_stop_the_build(tmp_path, caplog):
    stories = {"news/2569/ok.md": story_text(title="ข่าวดี"),
               "news/2569/bad-draft.md": story_text(date="31 เมษายน 2569", status="ร่าง"),
               "news/2569/bad-scheduled.md": story_text(agency="ส.ปชส.ไม่มี", date="2026-12-31", status="ตั้งเวลา"),
               "news/2569/bad-photo-draft.md": story_text(image="images/2569/11/missing.jpg", status="รอตรวจ")}
    out = build_site(tmp_path, stories=stories, settings=SETTINGS)
    assert (out / "news" / "ok" / "index.html").is_file()
    assert not (out / "drafts" / "bad-draft").exists()  # a story with problems is left out, even as a preview
    warned = caplog.text
    assert "bad-draft.md:2: วันที่ (date): day 31 does not exist" in warned
    assert "bad-scheduled.md" in warned and "bad-photo-draft.md" in warned
    assert "[not published: does not stop the build]" in warned

    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_content.py"), "--content",
                             str(tmp_path / "content")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr  # make check lists them, and passes
    assert result.stderr.count("[not published: does not stop the build]") == 3
    assert "3 in stories not published" in result.stdout


def test_a_published_story_with_a_problem_still_stops_the_build(tmp_path):
    with pytest.raises(ContentError, match="bad.md:2: วันที่"):
        build_site(tmp_path, stories={"news/2569/bad.md": story_text(date="31 เมษายน 2569")}, settings=SETTINGS)


def test_make_html_prints_the_plain_problem_list(tmp_path):
    content = tmp_path / "content"
    (content / "news" / "2569").mkdir(parents=True)
    (content / "agencies.toml").write_bytes((ROOT / "content" / "agencies.toml").read_bytes())
    long_name = "a-story-whose-path-was-broken-across-lines-at-eighty-columns"
    (content / "news" / "2569" / f"{long_name}.md").write_text(story_text(date="31 เมษายน 2569", agency="ส.ปชส.ลำปน"),
                                                                 encoding="utf-8")
    extra = [f'PATH="{content}"', f'OUTPUT_PATH="{tmp_path / "out"}"', f'CACHE_PATH="{tmp_path / "cache"}"']
    result = subprocess.run([sys.executable, "-m", "scripts.build", "-e", *extra], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.splitlines() == [
        f"content/news/2569/{long_name}.md:2: วันที่ (date): day 31 does not exist in เมษายน 2569 (it has 30 days) "
        "(value: '31 เมษายน 2569')",
        f"content/news/2569/{long_name}.md:5: หน่วยงาน (agency): unknown agency (not in agencies.toml); did you mean "
        "ส.ปชส.ลำพูน, ส.ปชส.ลำปาง, ส.ปชส.น่าน? (value: 'ส.ปชส.ลำปน')",
    ]
