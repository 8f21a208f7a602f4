"""Publishing from the newsroom through real builds (the job worker's child process, scripts.build): script never
reaches a built page or the preview, corrections keep the address and show their note, history and restore,
withdrawal answers 410 on the local server, several publishes coalesce into one update."""
from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from newsroom.jobs import SiteJobs
from scripts.serve import OldAddresses

from .conftest import base_blob, form_values, make_room

PAST = "29 พฤศจิกายน 2569 10:00"  # before the injected clock (30 November 2569 07:53)
HOSTILE = ("ย่อหน้าแรก <script>alert('x')</script>\n\n[คลิก](javascript:alert(1)) "
           '<a href="javascript:alert(2)">ลิงก์</a> <img src="https://example.com/x.jpg" onerror="alert(3)" alt="a">\n\n'
           '<p onclick="alert(4)" style="color:red">ย่อหน้า</p> <iframe src="https://evil.example/"></iframe>')


def built_text(output: Path) -> dict[str, str]:
    return {p.relative_to(output).as_posix(): p.read_text(encoding="utf-8", errors="replace")
            for p in output.rglob("*") if p.suffix in (".html", ".xml", ".json") and p.is_file()}


def no_script(text: str) -> bool:
    return not re.search(r"<script>alert|javascript:alert|onerror=|onclick=|<iframe|alert\(", text)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """An editor publishes a hostile body, then corrects the headline with a note (two real builds)."""
    import asyncio
    room = make_room(tmp_path_factory.mktemp("publish"))
    room.add("lpg.editor", "editor", ["LPG"])

    async def run():
        editor = room.client()
        await editor.login("lpg.editor")
        await editor.get("/newsroom/stories/new")
        made = await editor.post("/newsroom/stories/new", {**form_values(date=PAST, body=HOSTILE), "action": "publish"})
        assert made.status_code == 303, made.text
        url = made.headers["location"].split("?")[0]
        first_job = int(re.search(r"job=(\d+)", made.headers["location"]).group(1))
        assert room.newsroom.jobs.run_once()
        page = await editor.get(url)
        assert "หมายเหตุการแก้ไข" in page.text and "เผยแพร่แล้ว" in page.text
        corrected = await editor.post(url, {**form_values(title="ลำปางจัดงานลำไย (แก้ไขหัวข้อ)", date=PAST,
                                                          body=HOSTILE, correction="แก้ชื่องานให้ถูกต้อง"),
                                            "action": "publish", "base_blob": base_blob(page.text)})
        assert corrected.status_code == 303
        assert room.newsroom.jobs.run_once()
        preview = await editor.post(f"{url}/preview", {**form_values(date=PAST, body=HOSTILE)})
        assert preview.status_code == 200, preview.text
        frame = re.search(r'<iframe src="([^"]+)"', preview.text).group(1)
        framed = await editor.get(frame)
        await editor.aclose()
        return url, first_job, preview, framed

    with __import__("concurrent.futures").futures.ThreadPoolExecutor(1) as pool:
        url, first_job, preview, framed = pool.submit(asyncio.run, run()).result()
    return room, url, first_job, preview, framed


def test_publish_builds_the_site_and_script_reaches_no_built_page(published):
    room, url, first_job, _preview, _framed = published
    output = room.tmp / "output"
    sid = url.rsplit("/", 1)[-1]
    page = (output / "news" / sid / "index.html").read_text(encoding="utf-8")
    assert "ย่อหน้าแรก" in page and "ย่อหน้า" in page
    pages = built_text(output)
    assert pages and all(no_script(text) for text in pages.values()), [p for p, t in pages.items() if not no_script(t)]
    feed = (output / "feeds" / "province" / "lampang.rss.xml").read_text(encoding="utf-8")
    assert f"/news/{sid}/" in feed and no_script(feed)
    assert room.newsroom.jobs.get(first_job).state == "done"


def test_the_preview_is_the_sites_own_page_without_script(published):
    _room, _url, _job, preview, framed = published
    assert framed.status_code == 200
    assert 'class="story' in framed.text or "<article" in framed.text  # the site's article template
    assert "/theme/css/" in framed.text or "theme/" in framed.text
    assert no_script(framed.text)
    csp = framed.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in csp and "connect-src 'none'" in csp and "unsafe-inline" not in csp
    assert framed.headers["x-frame-options"] == "SAMEORIGIN"
    assert "frame-ancestors 'none'" in preview.headers["content-security-policy"]


def test_correction_keeps_the_address_sets_modified_and_shows_the_note(published):
    room, url, _job, _p, _f = published
    sid = url.rsplit("/", 1)[-1]
    [text] = room.story_files().values()
    assert f"รหัส: {sid}" in text and "แก้ไขล่าสุด: " in text and "หมายเหตุการแก้ไข: แก้ชื่องานให้ถูกต้อง" in text
    page = (room.tmp / "output" / "news" / sid / "index.html").read_text(encoding="utf-8")
    assert "ลำปางจัดงานลำไย (แก้ไขหัวข้อ)" in page and "แก้ไขเมื่อ" in page and "แก้ชื่องานให้ถูกต้อง" in page
    assert len(list((room.tmp / "output" / "news").iterdir())) == 1  # one address, the same one
    with room.newsroom.db.read() as conn:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_log WHERE target = ? ORDER BY id", (sid,))]
    assert actions == ["story_created", "story_published", "story_corrected"]


async def test_history_shows_who_changed_what_and_restore_is_a_new_commit(published):
    room, url, _job, _p, _f = published
    editor = room.client()
    await editor.login("lpg.editor")
    history = await editor.get(f"{url}/history")
    assert history.status_code == 200
    assert "lpg.editor" in history.text and "ลำปางจัดงานลำไย (แก้ไขหัวข้อ)" in history.text
    assert "<del>ลำปางจัดงานลำไยประจำปี</del>" in history.text and "หมายเหตุการแก้ไข" in history.text
    first = re.findall(r'/history/([0-9a-f]{40})"', history.text)[-1]
    version = await editor.get(f"{url}/history/{first}")
    assert "ลำปางจัดงานลำไยประจำปี" in version.text and ">กู้คืนฉบับนี้<" in version.text
    commits = len(room.log())
    restored = await editor.post(f"{url}/restore", {"commit": first, "base_blob": base_blob(version.text)})
    assert restored.status_code == 303
    [text] = room.story_files().values()
    assert "หัวข้อ: ลำปางจัดงานลำไยประจำปี" in text and "สถานะ: เผยแพร่" in text and "แก้ไขล่าสุด:" in text
    assert len(room.log()) == commits + 1 and "กู้คืนฉบับ" in room.log()[0]
    assert room.newsroom.jobs.latest_for(url.rsplit("/", 1)[-1]).state == "queued"  # the site follows


async def test_withdrawal_answers_410_on_the_local_server(tmp_path):
    room = make_room(tmp_path)
    room.add("lpg.editor", "editor", ["LPG"])
    editor = room.client()
    await editor.login("lpg.editor")
    await editor.get("/newsroom/stories/new")
    made = await editor.post("/newsroom/stories/new", {**form_values(date=PAST), "action": "publish"})
    url = made.headers["location"].split("?")[0]
    sid = url.rsplit("/", 1)[-1]
    assert room.newsroom.jobs.run_once()
    output = room.tmp / "output"
    site = httpx.AsyncClient(transport=httpx.ASGITransport(app=OldAddresses(output, _static(output))),
                             base_url="http://site.test")
    assert (await site.get(f"/news/{sid}/")).status_code == 200
    page = await editor.get(url)
    gone = await editor.post(url, {**form_values(date=PAST), "action": "withdraw", "base_blob": base_blob(page.text)})
    assert gone.status_code == 303 and "สถานะ: ถอนแล้ว" in next(iter(room.story_files().values()))
    assert room.newsroom.jobs.run_once()
    response = await site.get(f"/news/{sid}/")
    assert response.status_code == 410
    assert f'"/news/{sid}/" 1;' in (output / "withdrawn.map").read_text(encoding="utf-8")
    assert f"/news/{sid}/" not in (output / "sitemap.xml").read_text(encoding="utf-8")
    for feed in ("all.rss.xml", "all.atom.xml", "province/lampang.rss.xml", "agency/prd-lampang.atom.xml"):
        path = output / "feeds" / feed  # a feed left without stories is removed, never left stale
        assert not path.exists() or f"/news/{sid}/" not in path.read_text(encoding="utf-8"), feed


def _static(output):
    from starlette.staticfiles import StaticFiles
    return StaticFiles(directory=output, html=True)


def test_several_publishes_in_a_row_are_one_update(tmp_path):
    from newsroom.database import Database
    db = Database(tmp_path / "jobs.sqlite3")
    calls = []
    jobs = SiteJobs(db, lambda: 1.0, calls.append)
    with db.connect() as conn:
        ids = [jobs.enqueue(conn, "ed", f"s{n}", [f"news/2569/s{n}.md"]) for n in range(3)]
    assert jobs.run_once() and not jobs.run_once()
    assert calls == [["news/2569/s0.md", "news/2569/s1.md", "news/2569/s2.md"]]
    assert {jobs.get(i).state for i in ids} == {"done"} and len({jobs.get(i).batch for i in ids}) == 1

    def failing(paths):
        raise RuntimeError("story problems")
    jobs.run_update = failing
    with db.connect() as conn:
        failed = jobs.enqueue(conn, "ed", "s9", ["news/2569/s9.md"])
    jobs.run_once()
    assert jobs.get(failed).state == "failed" and "story problems" in jobs.get(failed).message


def test_a_crashed_build_shows_no_traceback():
    from newsroom.jobs import shown_output
    crash = "Traceback (most recent call last):\n  File \"x.py\", line 1\nKeyError: 'x'\n"
    assert "Traceback" not in shown_output(crash, 1) and "ผู้ดูแลระบบ" in shown_output(crash, 1)
    problems = "content/news/2569/x.md:2: วันที่ (date): the year is missing"
    assert shown_output(problems, 1) == problems
