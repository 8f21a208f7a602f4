"""The story form in process (httpx on the ASGI app, real git, the site's real checks): Thai problems next to
their fields, drafts saved with problems, nothing submitted or published while one remains, the id chosen once,
the workflow and who may do what (403 and the file unchanged), CSRF, conflicts with both texts kept."""
from __future__ import annotations

import re

from .conftest import base_blob, form_values, git

ERROR = re.compile(r'<p class="nr-error" id="f-(?P<field>[a-z_]+)-error">(?P<text>[^<]*)</p>')


def field_errors(html: str) -> dict[str, str]:
    return {m["field"]: m["text"] for m in ERROR.finditer(html)}


async def new_story(client, **fields):
    await client.get("/newsroom/stories/new")
    return await client.post("/newsroom/stories/new", {**form_values(**fields), "action": fields.pop("action", "save")})


async def test_bad_date_is_refused_next_to_the_field_in_thai_and_nothing_is_written(room):
    room.add("lpg.writer", "writer", ["LPG"])
    writer = room.client()
    await writer.login("lpg.writer")
    await writer.get("/newsroom/stories/new")
    response = await writer.post("/newsroom/stories/new", {**form_values(date="31 เมษายน 2569"), "action": "submit"})
    assert response.status_code == 400
    errors = field_errors(response.text)
    assert errors["date"] == "ไม่มีวันที่ 31 ในเมษายน 2569 (เดือนนี้มี 30 วัน)"
    date_input = re.search(r'<input id="f-date"[^>]*>', response.text).group(0)
    assert 'aria-invalid="true"' in date_input and 'aria-describedby="f-date-error' in date_input
    assert 'value="31 เมษายน 2569"' in date_input  # what the writer typed stays on screen
    assert "ลำปางจัดงานลำไยประจำปี" in response.text and "ย่อหน้าที่สอง" in response.text
    assert room.story_files() == {} and len(room.log()) == 1  # nothing in content/, nothing in git


async def test_a_draft_is_saved_with_its_problems_but_not_submitted(room):
    room.add("lpg.writer", "writer", ["LPG"])
    writer = room.client()
    await writer.login("lpg.writer")
    saved = await new_story(writer, title="", date="10 พ.ค.")
    assert saved.status_code == 303
    path, text = next(iter(room.story_files().items()))
    assert "สถานะ: ร่าง" in text and "วันที่: 10 พ.ค." in text  # written as typed
    page = await writer.get(saved.headers["location"])
    errors = field_errors(page.text)
    assert errors["title"] == "ต้องกรอกช่องนี้" and errors["date"] == "ไม่มีปี ใส่ปี พ.ศ. ด้วย เช่น 1 ธันวาคม 2569"
    sid = re.search(r"/stories/([a-z0-9-]+)", saved.headers["location"]).group(1)
    submit = await writer.post(f"/newsroom/stories/{sid}", {**form_values(title="", date="10 พ.ค."), "action": "submit",
                                                             "base_blob": base_blob(page.text)})
    assert submit.status_code == 400 and "สถานะ: ร่าง" in (room.content / path).read_text(encoding="utf-8")


async def test_story_id_is_chosen_once_and_never_changes(room):
    room.add("lpg.writer", "writer", ["LPG"])
    writer = room.client()
    await writer.login("lpg.writer")
    first = await new_story(writer)
    second = await new_story(writer)
    assert first.headers["location"].startswith("/newsroom/stories/lpg-2569-12-01-a?")
    assert second.headers["location"].startswith("/newsroom/stories/lpg-2569-12-01-b?")
    page = await writer.get(first.headers["location"])
    # new headline, a date in another year, and a forged id field: the id and address stay
    moved = await writer.post("/newsroom/stories/lpg-2569-12-01-a", {
        **form_values(title="หัวข้อใหม่ทั้งหมด", date="3 มกราคม 2570 08:00"), "id": "hacked-id", "action": "save",
        "base_blob": base_blob(page.text)})
    assert moved.status_code == 303 and moved.headers["location"].startswith("/newsroom/stories/lpg-2569-12-01-a?")
    files = room.story_files()
    assert "news/2570/lpg-2569-12-01-a.md" in files and "news/2569/lpg-2569-12-01-a.md" not in files
    assert "รหัส: lpg-2569-12-01-a" in files["news/2570/lpg-2569-12-01-a.md"]
    assert git(room.content, "status", "--porcelain") == ""  # the move is one commit, nothing left over
    chosen = await new_story(writer, id="lampang-longan-fair")
    assert chosen.headers["location"].startswith("/newsroom/stories/lampang-longan-fair?")
    taken = await new_story(writer, id="lampang-longan-fair")
    assert taken.status_code == 400 and field_errors(taken.text)["id"] == "รหัส lampang-longan-fair มีข่าวอื่นใช้แล้ว"


async def test_writer_forging_another_agency_gets_403_and_nothing_changes(room):
    room.add("lpg.writer", "writer", ["LPG"])
    room.add("nan.writer", "writer", ["NAN"])
    nan = room.client()
    await nan.login("nan.writer")
    made = await new_story(nan, agency="ส.ปชส.น่าน", title="ข่าวน่าน")
    nan_id = re.search(r"/stories/([a-z0-9-]+)", made.headers["location"]).group(1)
    before = room.story_files()
    commits = len(room.log())
    lpg = room.client()
    await lpg.login("lpg.writer")
    assert (await lpg.get(f"/newsroom/stories/{nan_id}")).status_code == 403
    page = await lpg.get("/newsroom/stories/new")
    forged = await lpg.post(f"/newsroom/stories/{nan_id}", {**form_values(agency="ส.ปชส.ลำปาง", title="ถูกแก้"),
                                                             "action": "save", "base_blob": base_blob(page.text)})
    assert forged.status_code == 403
    other_agency = await lpg.post("/newsroom/stories/new", {**form_values(agency="ส.ปชส.น่าน"), "action": "save"})
    assert other_agency.status_code == 403
    publish = await lpg.post("/newsroom/stories/new", {**form_values(), "action": "publish"})
    assert publish.status_code == 403 and "บรรณาธิการ" in publish.text
    for path in ("/history", "/history/HEAD"):
        assert (await lpg.get(f"/newsroom/stories/{nan_id}{path}")).status_code in (403, 404)
    restore = await lpg.post(f"/newsroom/stories/{nan_id}/restore", {"commit": "0" * 40})
    assert restore.status_code == 403
    assert room.story_files() == before and len(room.log()) == commits
    listed = await lpg.get("/newsroom/")
    assert "ข่าวน่าน" not in listed.text


async def test_csrf_missing_or_wrong_is_403_and_nothing_is_written(room):
    room.add("lpg.writer", "writer", ["LPG"])
    writer = room.client()
    await writer.login("lpg.writer")
    await writer.get("/newsroom/stories/new")
    for csrf in (None, "wrong-token"):
        response = await writer.post("/newsroom/stories/new", {**form_values(), "action": "save"}, csrf=csrf)
        assert response.status_code == 403 and "CSRF" in response.text
    assert room.story_files() == {} and len(room.log()) == 1
    assert (await writer.post("/newsroom/markdown", {"body": "x"}, csrf=None)).status_code == 403


async def test_concurrent_edits_conflict_and_keep_both_texts(room):
    room.add("lpg.writer", "writer", ["LPG"])
    room.add("lpg.editor", "editor", ["LPG"])
    writer, editor = room.client(), room.client()
    await writer.login("lpg.writer")
    await editor.login("lpg.editor")
    made = await new_story(writer)
    url = made.headers["location"].split("?")[0]
    page_w, page_e = await writer.get(url), await editor.get(url)
    saved = await editor.post(url, {**form_values(body="ฉบับของบรรณาธิการ"), "action": "save",
                                    "base_blob": base_blob(page_e.text)}, csrf=re.search(
                                        r'name="csrf" value="([^"]+)"', page_e.text).group(1))
    assert saved.status_code == 303
    late = await writer.post(url, {**form_values(body="ฉบับของผู้เขียน"), "action": "save",
                                   "base_blob": base_blob(page_w.text)})
    assert late.status_code == 409
    assert "มีผู้อื่นบันทึกข่าวนี้ไปก่อนแล้ว" in late.text
    assert ">ฉบับของผู้เขียน</textarea>" in late.text  # the writer's text stays in the form
    assert "ฉบับของบรรณาธิการ" in re.search(r'<pre class="nr-conflict-body">([^<]*)</pre>', late.text).group(1)
    assert "ฉบับของบรรณาธิการ" in next(iter(room.story_files().values()))  # never a silent overwrite
    again = await writer.post(url, {**form_values(body="ฉบับของผู้เขียน"), "action": "save",
                                    "base_blob": base_blob(late.text)})  # knowingly, after seeing the other one
    assert again.status_code == 303 and "ฉบับของผู้เขียน" in next(iter(room.story_files().values()))
    assert len([line for line in room.log() if "บันทึกร่าง" in line]) == 3  # both versions are in history


async def test_send_back_with_a_comment_the_writer_sees_then_resubmit(room):
    room.add("lpg.writer", "writer", ["LPG"])
    room.add("lpg.editor", "editor", ["LPG"])
    writer, editor = room.client(), room.client()
    await writer.login("lpg.writer")
    await editor.login("lpg.editor")
    made = await new_story(writer, action="submit")
    url = made.headers["location"].split("?")[0]
    listed = await editor.get("/newsroom/")
    assert "ข่าวรอตรวจ" in listed.text and re.search(r"ส\.ปชส\.ลำปาง</a>: 1 เรื่อง", listed.text)
    page = await editor.get(url)
    no_comment = await editor.post(url, {**form_values(), "action": "send_back", "base_blob": base_blob(page.text)})
    assert no_comment.status_code == 400 and field_errors(no_comment.text)["comment"]
    back = await editor.post(url, {**form_values(), "action": "send_back", "comment": "ขอชื่อผู้ให้ข่าวด้วย",
                                   "base_blob": base_blob(page.text)})
    assert back.status_code == 303 and "สถานะ: ร่าง" in next(iter(room.story_files().values()))
    seen = await writer.get(url)
    assert "ความเห็นบรรณาธิการ" in seen.text and "ขอชื่อผู้ให้ข่าวด้วย" in seen.text
    again = await writer.post(url, {**form_values(body="เพิ่มชื่อผู้ให้ข่าวแล้ว"), "action": "submit",
                                    "base_blob": base_blob(seen.text)})
    assert again.status_code == 303 and "สถานะ: รอตรวจ" in next(iter(room.story_files().values()))
    assert [line.split("|")[0] for line in room.log()[:3]] == ["lpg.writer", "lpg.editor", "lpg.writer"]


async def test_schedule_needs_a_future_time_and_publish_refuses_a_future_date(room):
    room.add("lpg.editor", "editor", ["LPG"])
    editor = room.client()
    await editor.login("lpg.editor")
    await editor.get("/newsroom/stories/new")  # the injected clock: 30 November 2569 07:53 Bangkok
    past = await editor.post("/newsroom/stories/new", {**form_values(), "action": "schedule",
                                                       "publish_at": "29 พฤศจิกายน 2569 08:00"})
    assert past.status_code == 400 and "ต้องอยู่ในอนาคต" in field_errors(past.text)["publish_at"]
    bad = await editor.post("/newsroom/stories/new", {**form_values(), "action": "schedule", "publish_at": "พรุ่งนี้"})
    assert bad.status_code == 400 and field_errors(bad.text)["publish_at"].startswith("อ่านวันที่นี้ไม่ได้")
    future = await editor.post("/newsroom/stories/new", {**form_values(date="5 ธันวาคม 2569 09:00"), "action": "publish"})
    assert future.status_code == 400 and "ตั้งเวลาเผยแพร่" in field_errors(future.text)["date"]
    scheduled = await editor.post("/newsroom/stories/new", {**form_values(), "action": "schedule",
                                                            "publish_at": "2 ธันวาคม 2569 06:00"})
    assert scheduled.status_code == 303
    text = room.story_files()["news/2569/lpg-2569-12-01-a.md"]
    assert "สถานะ: ตั้งเวลา" in text and "วันที่: 2 ธันวาคม 2569 06:00" in text
    assert room.newsroom.jobs.latest_for("lpg-2569-12-01-a") is None  # nothing to build before its time


async def test_admin_reads_but_cannot_change_stories(room):
    room.add("lpg.writer", "writer", ["LPG"])
    room.add("boss", "admin")
    writer, admin = room.client(), room.client()
    await writer.login("lpg.writer")
    made = await new_story(writer)
    await admin.login("boss")
    url = made.headers["location"].split("?")[0]
    page = await admin.get(url)
    assert page.status_code == 200 and ">บันทึกร่าง<" not in page.text
    assert (await admin.post(url, {**form_values(), "action": "save", "base_blob": base_blob(page.text)})).status_code == 403
    assert (await admin.get("/newsroom/stories/new")).status_code == 403


async def test_a_new_id_skips_ids_taken_in_the_index_and_on_disk_not_yet_indexed(room):
    room.add("lpg.writer", "writer", ["LPG"])
    writer = room.client()
    await writer.login("lpg.writer")
    assert (await new_story(writer)).headers["location"].startswith("/newsroom/stories/lpg-2569-12-01-a?")
    # a file another process wrote a moment ago, in another year's folder, that the index has not seen yet
    other = room.content / "news" / "2570" / "lpg-2569-12-01-b.md"
    other.parent.mkdir(parents=True)
    other.write_text("หัวข้อ: ของคนอื่น\n", encoding="utf-8")
    third = await new_story(writer)
    assert third.headers["location"].startswith("/newsroom/stories/lpg-2569-12-01-c?")
    assert other.read_text(encoding="utf-8") == "หัวข้อ: ของคนอื่น\n"
