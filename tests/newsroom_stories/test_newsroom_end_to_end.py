"""The newsroom end to end in Chromium, on one real server (scripts/serve.py's app: the site, the read counter and
the newsroom on one port, the job worker and scheduler running): an administrator creates a writer for
ส.ปชส.ลำปาง and an editor; the writer writes a Thai story with a photo, sees a bad date refused next to the
field, fixes it, submits; the editor sends it back with a comment; the writer changes it and resubmits; the
editor publishes; the story page, the Lampang feed, search and the sitemap show it and the counter counts it;
the editor corrects the headline (same address); the history shows both; restore works; withdrawal gives 410."""
from __future__ import annotations

import re
import time
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import httpx
import pytest
from newsroom_service.live_server import LiveServer, free_port

from newsroom.settings import Settings as NewsroomSettings
from nuea.story import format_story_date
from nuea.thai_dates import BANGKOK
from readcounter.settings import Settings as CounterSettings
from scripts.serve import site_app

from .conftest import PASSWORD, content_repo, git, site_settings_file
from .photo_files import jpeg

BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
HEADLINE = "ลำปางเปิดงานลำไยเบี้ยวเขียว ประจำปี 2569"
CORRECTED = "ลำปางเปิดงานลำไยเบี้ยวเขียวประจำปี 2569 ที่อำเภอเกาะคา"
BUILD_WAIT = 240_000  # ms: a full build on a busy 2-core machine


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    content_repo(tmp)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    conf = site_settings_file(tmp, SEARCH_INDEX=True)
    counter = CounterSettings.from_env({}, db_path=tmp / "var" / "readcounter.sqlite3",
                                       manifest_path=tmp / "output" / "api" / "stories.json",
                                       allowed_origins=frozenset({base}))
    newsroom = NewsroomSettings.from_env({}, db_path=tmp / "var" / "newsroom.sqlite3", content_dir=tmp / "content",
                                         site_settings=conf, work_dir=tmp / "work", cache_dir=tmp / "cache",
                                         argon2_time_cost=1, argon2_memory_kib=1024, argon2_parallelism=1)
    app = site_app(tmp / "output", {base}, counter, newsroom)
    live = LiveServer(app, lifespan="on", port=port)
    with live:
        routes = app.app.routes  # site_app wraps the Starlette app in SecurityHeaders
        nr = next(r.app.newsroom for r in routes if getattr(r, "path", "") == "/newsroom")
        nr.create_account("setup", "admin1", "admin", [], False, PASSWORD)
        yield base, tmp, nr


@pytest.fixture(scope="module")
def chromium(browser):
    return browser


def log_in(page, name):
    page.goto("/newsroom/login")
    page.get_by_label("ชื่อผู้ใช้", exact=True).fill(name)
    page.get_by_label("รหัสผ่าน", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ", exact=True).click()
    page.wait_for_url(re.compile(r"/newsroom/$"))


def create_account(page, name, role_label, agency_labels):
    page.goto("/newsroom/admin/accounts/new")
    page.get_by_label("ชื่อผู้ใช้", exact=True).fill(name)
    page.get_by_label("บทบาท", exact=True).select_option(label=role_label)
    for label in agency_labels:
        page.get_by_label(label, exact=True).check()
    page.get_by_label("รหัสผ่าน", exact=True).fill(PASSWORD)
    page.get_by_label("ยืนยันรหัสผ่าน", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="สร้างบัญชี", exact=True).click()
    page.wait_for_url(re.compile(rf"/admin/accounts/{name}\?m=created$"))


def wait_for_site(page):
    """The form after a publish: wait until the site update job is done (the progress line is live)."""
    page.wait_for_function("() => { const l = document.querySelector('#job-status .nr-job-label');"
                           " return l && l.textContent === 'เสร็จแล้ว'; }", timeout=BUILD_WAIT)



def sitemap_text(base: str) -> str:
    """The sitemap index and every part it names, fetched as a search engine does."""
    index = httpx.get(f"{base}/sitemap.xml").text
    parts = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", index)]
    return index + "".join(httpx.get(f"{base}{path}").text for path in parts)


def test_story_from_writer_to_reader_and_back(chromium, server, tmp_path):
    base, tmp, nr = server
    contexts = [chromium.new_context(base_url=base, locale="th-TH", user_agent=BROWSER_UA) for _ in range(4)]
    admin, writer, editor, reader = (c.new_page() for c in contexts)
    violations = []
    for page in (admin, writer, editor):
        page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    try:
        # the administrator creates the two accounts
        log_in(admin, "admin1")
        create_account(admin, "lpg.writer", "นักข่าว", ["ส.ปชส.ลำปาง"])
        create_account(admin, "lpg.editor", "บรรณาธิการ", ["ส.ปชส.ลำปาง"])

        # the writer: a Thai story with a photo; a bad date refused next to its field, then fixed
        log_in(writer, "lpg.writer")
        writer.get_by_role("link", name="เขียนข่าวใหม่", exact=True).click()
        assert writer.get_by_label("หน่วยงาน", exact=True).input_value() == "ส.ปชส.ลำปาง"  # preselected
        good_date = format_story_date(datetime.now(BANGKOK).replace(second=0, microsecond=0) - timedelta(minutes=5))
        writer.get_by_label("หัวข้อ", exact=True).fill(HEADLINE)
        writer.get_by_label("วันที่", exact=True).fill("31 เมษายน 2569")
        writer.get_by_label("ข่าวโดย", exact=True).fill("นางสาวสมใจ รักษ์ลำปาง")
        writer.get_by_label("หมวด", exact=True).fill("ข่าวภูมิภาค")
        writer.get_by_label("ป้ายกำกับ", exact=True).fill("ลำไย, เกษตรกร")
        writer.get_by_label("สรุป", exact=True).fill("จังหวัดลำปางจัดงานลำไยเบี้ยวเขียวประจำปี")
        photo = tmp_path / "longan.jpg"
        photo.write_bytes(jpeg(1600, 1000))
        writer.get_by_label("ภาพ", exact=True).set_input_files(str(photo))
        writer.get_by_label("คำบรรยายภาพ", exact=True).fill("ผู้ว่าราชการจังหวัดลำปางเปิดงานลำไย")
        writer.get_by_label("เนื้อข่าว", exact=True).fill("นายทดสอบ ผู้ว่าราชการจังหวัดลำปาง เปิดงานลำไยเบี้ยวเขียว\n\n"
                                                           "ภายในงานมีการประกวดลำไยและจำหน่ายผลผลิตของเกษตรกร")
        writer.get_by_role("button", name="ส่งตรวจ", exact=True).click()
        date = writer.get_by_label("วันที่", exact=True)
        assert date.get_attribute("aria-invalid") == "true"
        described = date.get_attribute("aria-describedby").split()
        message = writer.locator(f"#{described[0]}").inner_text()
        assert message == "ไม่มีวันที่ 31 ในเมษายน 2569 (เดือนนี้มี 30 วัน)"
        assert writer.get_by_label("หัวข้อ", exact=True).input_value() == HEADLINE  # nothing typed is lost
        date.fill(good_date)
        writer.get_by_label("ภาพ", exact=True).set_input_files(str(photo))  # a browser never keeps a chosen file
        writer.get_by_role("button", name="ส่งตรวจ", exact=True).click()
        writer.wait_for_url(re.compile(r"/newsroom/stories/lpg-[0-9-]+-a\?m=submit$"))
        story_url = writer.url.split("?")[0]
        sid = story_url.rsplit("/", 1)[-1]
        assert writer.get_by_role("status").first.inner_text().startswith("ส่งตรวจแล้ว")

        # the editor sends it back with a comment
        log_in(editor, "lpg.editor")
        assert "ส.ปชส.ลำปาง: 1 เรื่อง" in editor.locator(".nr-waiting").inner_text()
        editor.get_by_role("link", name=HEADLINE, exact=True).click()
        editor.get_by_label("ความเห็นบรรณาธิการ", exact=True).fill("ขอเพิ่มจำนวนผู้ร่วมงานในย่อหน้าที่สอง")
        editor.get_by_role("button", name="ส่งกลับแก้ไข", exact=True).click()
        editor.wait_for_url(re.compile(r"\?m=send_back$"))

        # the writer sees the comment, changes the story, resubmits
        writer.goto(story_url)
        assert "ขอเพิ่มจำนวนผู้ร่วมงานในย่อหน้าที่สอง" in writer.get_by_role("note").first.inner_text()
        body = writer.get_by_label("เนื้อข่าว", exact=True)
        body.fill(body.input_value() + " มีผู้ร่วมงานกว่า 5,000 คน")
        writer.get_by_role("button", name="ส่งตรวจ", exact=True).click()
        writer.wait_for_url(re.compile(r"\?m=submit$"))

        # the editor publishes; the form shows the job's progress and the public address when live
        editor.goto(story_url)
        editor.get_by_role("button", name="เผยแพร่", exact=True).click()
        editor.wait_for_url(re.compile(r"\?m=[a-z_]+&job=\d+$"))
        wait_for_site(editor)
        public = editor.locator("#job-status a").last.get_attribute("href")
        assert public == f"/news/{sid}/"

        # what readers get: the page, the Lampang feed, the sitemap, search, and the counter counts the read
        reader.goto(public)
        assert reader.get_by_role("heading", name=HEADLINE, exact=True).is_visible()
        assert "5,000 คน" in reader.locator("article").inner_text()
        feed = httpx.get(f"{base}/feeds/province/lampang.rss.xml").text
        assert HEADLINE in feed and f"/news/{sid}/" in feed
        assert f"/news/{sid}/" in sitemap_text(base)
        deadline = time.monotonic() + 20
        while httpx.get(f"{base}/api/reads", params={"ids": sid}).json().get(sid) != 1:
            assert time.monotonic() < deadline, "the counter did not count the read"
            time.sleep(0.3)
        reader.goto("/search/?q=ลำไยเบี้ยวเขียว")
        reader.locator(".search-result a", has_text=HEADLINE).first.wait_for(timeout=20_000)

        # the editor corrects the headline: same id, same address, a public note
        editor.goto(story_url)
        editor.get_by_label("หัวข้อ", exact=True).fill(CORRECTED)
        editor.get_by_label("หมายเหตุการแก้ไข", exact=True).fill("แก้ชื่ออำเภอที่จัดงาน")
        editor.get_by_role("button", name="เผยแพร่", exact=True).click()
        editor.wait_for_url(re.compile(r"\?m=[a-z_]+&job=\d+$"))
        assert editor.url.split("?")[0] == story_url
        wait_for_site(editor)
        reader.goto(public)
        assert reader.get_by_role("heading", name=CORRECTED, exact=True).is_visible()
        assert "แก้ชื่ออำเภอที่จัดงาน" in reader.locator(".story-correction").inner_text()
        assert sorted(p.name for p in (tmp / "output" / "news").iterdir()) == [sid]

        # the history shows the writer's and the editor's changes; restore the first published version
        editor.goto(f"{story_url}/history")
        revisions = editor.locator(".nr-revision")
        authors = [revisions.nth(i).locator("h2").inner_text().rsplit("· ", 1)[-1] for i in range(revisions.count())]
        assert "lpg.writer" in authors and "lpg.editor" in authors
        newest = revisions.first.inner_text()
        assert HEADLINE in newest and CORRECTED in newest and "หมายเหตุการแก้ไข" in newest
        published = next(i for i in range(revisions.count())
                         if revisions.nth(i).locator(".nr-rev-message").inner_text().endswith(": เผยแพร่"))
        revisions.nth(published).get_by_role("link", name=re.compile("^ดูฉบับนี้")).click()
        editor.get_by_role("button", name="กู้คืนฉบับนี้", exact=True).click()
        editor.wait_for_url(re.compile(r"\?m=[a-z_]+&job=\d+$"))
        assert editor.get_by_label("หัวข้อ", exact=True).input_value() == HEADLINE
        wait_for_site(editor)
        reader.goto(public)
        assert reader.get_by_role("heading", name=HEADLINE, exact=True).is_visible()
        assert git(tmp / "content", "log", "-1", "--format=%an %s").startswith("lpg.editor ")

        # withdrawal: gone from the site, its address answers 410
        editor.get_by_role("button", name="ถอนข่าว", exact=True).click()
        editor.wait_for_url(re.compile(r"\?m=[a-z_]+&job=\d+$"))
        wait_for_site(editor)
        gone = httpx.get(f"{base}{public}")
        assert gone.status_code == 410 and "ถอน" in gone.text
        assert f"/news/{sid}/" not in sitemap_text(base)
        feed = httpx.get(f"{base}/feeds/province/lampang.rss.xml")
        assert feed.status_code == 404 or f"/news/{sid}/" not in feed.text
        assert violations == []
    finally:
        for context in contexts:
            context.close()
