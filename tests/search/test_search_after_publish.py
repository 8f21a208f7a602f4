"""Search keeps up with fast publishing (real Pagefind, real Chromium): a published story is found once the
background index run finishes, a withdrawn one stops matching, and readers searching meanwhile never see an error
(the new index is built beside the live one and swapped in by rename)."""
from __future__ import annotations

import json
import time
from pathlib import Path

from pelican.settings import read_settings
from playwright.sync_api import expect
from test_search_browser import _serve, results, search_for

from conftest import ROOT, build_site, story_text
from sitebuild.publish import publish

STORIES = {
    "news/2569/cmi-longan.md": story_text(title="เชียงใหม่ส่งเสริมลำไยนอกฤดู", date="2026-11-20 09:00",
                                          agency="ส.ปชส.เชียงใหม่", body="เกษตรกรปลูกลำไยนอกฤดูกาล"),
}
NEW = "news/2569/nan-zeppelin.md"  # a word no other story has: เรือเหาะ (airship)
SETTINGS = {"BUILD_NOW": "2026-11-24T18:00:00+07:00", "READ_COUNTS_SOURCE": "", "SEARCH_EXTRA_TERMS": False}


def wait_for_index(cache: Path, since: float, timeout: float = 240) -> None:
    stamp = cache / "search" / "index.json"
    deadline = time.time() + timeout
    while time.time() < deadline:
        if (not (cache / "search" / "pending").exists() and stamp.exists() and stamp.stat().st_mtime > since
                and not _index_running(cache)):
            return
        time.sleep(0.2)
    log = (cache / "search" / "last.log").read_text() if (cache / "search" / "last.log").exists() else ""
    raise AssertionError(f"the background index run did not finish: {log}")


def _index_running(cache: Path) -> bool:
    import fcntl

    with open(cache / "search" / "index.lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(lock, fcntl.LOCK_UN)
        return False


def test_a_published_story_is_found_and_a_withdrawn_one_is_not(tmp_path, browser):
    output = build_site(tmp_path, stories=STORIES, settings=SETTINGS)
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(output), "CACHE_PATH": str(tmp_path / "cache"),
        **SETTINGS})
    server = _serve(output)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        search_for(page, base, "เรือเหาะ")
        expect(results(page)).to_have_count(0)

        path = tmp_path / "content" / NEW
        path.write_text(story_text(title="น่านจัดงานเรือเหาะลอยฟ้า", date="2026-11-24 17:00", agency="ส.ปชส.น่าน",
                                   body="ชาวบ้านชมเรือเหาะลำใหญ่"), encoding="utf-8")
        since = time.time()
        report = publish([path], settings=settings)
        assert "background" in report.search
        search_for(page, base, "ลำไย")  # searching while the index is being rebuilt works
        expect(results(page)).to_have_count(1)
        wait_for_index(tmp_path / "cache", since)
        search_for(page, base, "เรือเหาะ")
        expect(page.locator('.search-result a[href="/news/nan-zeppelin/"]')).to_have_count(1)

        path.write_text(story_text(title="น่านจัดงานเรือเหาะลอยฟ้า", date="2026-11-24 17:00", agency="ส.ปชส.น่าน",
                                   body="ชาวบ้านชมเรือเหาะลำใหญ่", status="ถอนแล้ว"), encoding="utf-8")
        since = time.time()
        publish([path], settings=settings)
        wait_for_index(tmp_path / "cache", since)
        search_for(page, base, "เรือเหาะ")
        expect(results(page)).to_have_count(0)
        assert json.loads((tmp_path / "cache" / "search" / "index.json").read_text())
    finally:
        page.close()
        server.shutdown()
    assert not errors, errors
