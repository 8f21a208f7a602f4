"""The story list from the header index: the stories an account may see, filters, headline search, waiting
ones first with counts per agency, files changed outside the newsroom picked up; and a session that runs out
while a writer types loses nothing."""
from __future__ import annotations

import re

from conftest import story_text

from .conftest import base_blob, form_values, git


def titles(html: str) -> list[str]:
    return re.findall(r'<td><a href="/newsroom/stories/[a-z0-9-]+">([^<]+)</a>', html)


def write(room, rel: str, **fields) -> None:
    path = room.content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(story_text(**fields), encoding="utf-8")


async def test_list_filters_search_waiting_first_and_agency_scope(room):
    write(room, "news/2569/a-old.md", title="ลำปาง เก่า เผยแพร่", date="2026-10-01 09:00", agency="ส.ปชส.ลำปาง")
    write(room, "news/2569/b-new.md", title="ลำปาง ใหม่ ร่าง", date="2026-11-20 09:00", agency="ส.ปชส.ลำปาง",
          status="ร่าง")
    write(room, "news/2569/c-wait.md", title="ลำปาง รอตรวจ เก่าที่สุด", date="2026-01-01 09:00", agency="ส.ปชส.ลำปาง",
          status="รอตรวจ")
    write(room, "news/2569/d-nan.md", title="น่าน รอตรวจ", date="2026-11-21 09:00", agency="ส.ปชส.น่าน",
          status="รอตรวจ")
    write(room, "news/2569/e-lpn.md", title="ข่าวจังหวัดลำพูน โดยลำปาง", date="2026-11-22 09:00",
          agency="ส.ปชส.ลำปาง", province="ลำพูน", status="ตั้งเวลา")
    room.add("lpg.writer", "writer", ["LPG"])
    room.add("chief", "editor", all_agencies=True)
    writer, chief = room.client(), room.client()
    await writer.login("lpg.writer")
    await chief.login("chief")
    mine = titles((await writer.get("/newsroom/")).text)
    assert mine == ["ลำปาง รอตรวจ เก่าที่สุด", "ข่าวจังหวัดลำพูน โดยลำปาง", "ลำปาง ใหม่ ร่าง", "ลำปาง เก่า เผยแพร่"]
    everything = (await chief.get("/newsroom/")).text
    assert titles(everything)[:2] == ["น่าน รอตรวจ", "ลำปาง รอตรวจ เก่าที่สุด"]  # waiting first, then newest
    assert re.search(r"ส\.ปชส\.ลำปาง</a>: 1 เรื่อง", everything) and re.search(r"ส\.ปชส\.น่าน</a>: 1 เรื่อง", everything)
    assert titles((await chief.get("/newsroom/?status=published")).text) == ["ข่าวจังหวัดลำพูน โดยลำปาง",
                                                                             "ลำปาง เก่า เผยแพร่"]  # its time came
    assert titles((await chief.get("/newsroom/?status=draft")).text) == ["ลำปาง ใหม่ ร่าง"]
    assert titles((await chief.get("/newsroom/?province=ลำพูน")).text) == ["ข่าวจังหวัดลำพูน โดยลำปาง"]
    assert titles((await chief.get("/newsroom/?agency=NAN")).text) == ["น่าน รอตรวจ"]
    assert titles((await chief.get("/newsroom/?q=รอตรวจ")).text) == ["น่าน รอตรวจ", "ลำปาง รอตรวจ เก่าที่สุด"]
    # a file edited outside the newsroom: the next scan sees it (the service scans every half minute)
    write(room, "news/2569/a-old.md", title="ลำปาง แก้จากเครื่องอื่น", date="2026-10-01 09:00", agency="ส.ปชส.ลำปาง")
    (room.content / "news/2569/d-nan.md").unlink()
    assert room.newsroom.index.scan() == 2
    assert titles((await chief.get("/newsroom/?status=published&q=แก้จาก")).text) == ["ลำปาง แก้จากเครื่องอื่น"]
    assert "น่าน รอตรวจ" not in (await chief.get("/newsroom/")).text


async def test_a_session_that_runs_out_while_typing_loses_nothing(room):
    room.add("lpg.writer", "writer", ["LPG"])
    writer = room.client()
    await writer.login("lpg.writer")
    await writer.get("/newsroom/stories/new")
    made = await writer.post("/newsroom/stories/new", {**form_values(), "action": "save"})
    url = made.headers["location"].split("?")[0]
    page = await writer.get(url)
    room.clock.advance(room.settings.session_idle + 60)  # the writer typed for over an hour
    typed = {**form_values(body="ข้อความยาวที่พิมพ์ไว้นานมาก"), "action": "save", "base_blob": base_blob(page.text)}
    late = await writer.post(url, typed)
    assert late.status_code == 303 and late.headers["location"] == "/newsroom/login?m=expired"
    assert "ข้อความยาวที่พิมพ์ไว้นานมาก" not in next(iter(room.story_files().values()))  # not saved behind their back
    login = await writer.get("/newsroom/login?m=expired")
    assert "ข้อความที่คุณพิมพ์ไว้ถูกเก็บไว้แล้ว" in login.text
    back = await writer.login("lpg.writer")
    assert back.headers["location"] == "/newsroom/stories/resume"
    form = await writer.get("/newsroom/stories/resume")
    assert form.status_code == 200 and ">ข้อความยาวที่พิมพ์ไว้นานมาก</textarea>" in form.text
    saved = await writer.post(url, {**typed, "base_blob": base_blob(form.text)})
    assert saved.status_code == 303 and "ข้อความยาวที่พิมพ์ไว้นานมาก" in next(iter(room.story_files().values()))
    # a forged post with no session of that writer's is not kept for anybody
    stranger = room.client()
    forged = await stranger.post(url, typed, csrf="guess")
    assert forged.status_code == 403
    with room.newsroom.db.read() as conn:
        assert conn.execute("SELECT count(*) FROM pending_forms").fetchone()[0] == 0


async def test_audit_log_records_story_actions_for_administrators(room):
    room.add("lpg.writer", "writer", ["LPG"])
    room.add("lpg.editor", "editor", ["LPG"])
    room.add("boss", "admin")
    writer, editor, admin = room.client(), room.client(), room.client()
    await writer.login("lpg.writer")
    await writer.get("/newsroom/stories/new")
    made = await writer.post("/newsroom/stories/new", {**form_values(), "action": "submit"})
    url = made.headers["location"].split("?")[0]
    await editor.login("lpg.editor")
    page = await editor.get(url)
    await editor.post(url, {**form_values(), "action": "schedule", "publish_at": "3 ธันวาคม 2569 06:00",
                            "base_blob": base_blob(page.text)})
    await admin.login("boss")
    log = (await admin.get("/newsroom/admin/audit")).text
    for label in ("สร้างข่าว", "ส่งตรวจ", "ตั้งเวลาเผยแพร่"):
        assert label in log
    assert git(room.content, "log", "-1", "--format=%an").strip() == "lpg.editor"
