"""Scheduled publication: a story scheduled a few seconds ahead goes live at its time with nobody there (no
request reaches the newsroom after scheduling it): the service's scheduler queues the site update, the job
worker builds, and the page appears."""
from __future__ import annotations

import time
from datetime import datetime, timedelta

from nuea.thai_dates import BANGKOK, format_thai_date

from .conftest import form_values, make_room

PAST = "1 พฤศจิกายน 2569 10:00"


async def test_scheduled_story_goes_live_without_a_request(tmp_path):
    room = make_room(tmp_path, clock=time.time)
    room.add("lpg.editor", "editor", ["LPG"])
    room.newsroom.start_background(scheduler_tick=0.25)
    try:
        editor = room.client()
        await editor.login("lpg.editor")
        await editor.get("/newsroom/stories/new")
        at = (datetime.now(BANGKOK) + timedelta(seconds=6)).replace(microsecond=0)
        scheduled = await editor.post("/newsroom/stories/new", {
            **form_values(date=PAST, title="ข่าวตั้งเวลาลำปาง"), "action": "schedule",
            "publish_at": format_thai_date(at, "full_seconds")})
        assert scheduled.status_code == 303
        await editor.aclose()  # from here on, nobody asks the newsroom anything
        sid = scheduled.headers["location"].split("?")[0].rsplit("/", 1)[-1]
        page = room.tmp / "output" / "news" / sid / "index.html"
        assert not page.exists()
        deadline = time.monotonic() + 240
        while not page.exists():
            assert time.monotonic() < deadline, "the scheduled story did not go live"
            time.sleep(0.5)
        assert time.time() >= at.timestamp()  # not before its time
        while room.newsroom.jobs.latest_for(sid) is None or not room.newsroom.jobs.latest_for(sid).finished:
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert "ข่าวตั้งเวลาลำปาง" in page.read_text(encoding="utf-8")
        with room.newsroom.db.read() as conn:
            actors = [r[0] for r in conn.execute("SELECT actor FROM audit_log WHERE action = 'scheduled_live'")]
            jobs = conn.execute("SELECT actor, state FROM jobs").fetchall()
        assert actors == ["ระบบตั้งเวลา"] and [tuple(j) for j in jobs] == [("ระบบตั้งเวลา", "done")]
    finally:
        room.newsroom.stop_background()
