"""Search keeps up with fast publishing, through the real search API (scripts/serve.py, as `make serve` runs it):
a published story is found the moment `publish` returns, a correction's old text stops matching and its new text
matches, a withdrawn story is found no more; the static Pagefind fallback follows in the background, swapped in
whole, and in the end is built from the records a full build indexes."""
from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from pelican.settings import read_settings
from test_search_browser import _free_port

from conftest import ROOT, build_site, story_text
from sitebuild.publish import publish

STORIES = {
    "news/2569/cmi-longan.md": story_text(title="เชียงใหม่ส่งเสริมลำไยนอกฤดู", date="2026-11-20 09:00",
                                          agency="ส.ปชส.เชียงใหม่", body="เกษตรกรปลูกลำไยนอกฤดูกาล"),
}
NEW = "news/2569/nan-zeppelin.md"  # words no other story has: เรือเหาะ (airship), then บอลลูน (balloon)
SETTINGS = {"BUILD_NOW": "2026-11-24T18:00:00+07:00", "READ_COUNTS_SOURCE": ""}


@pytest.fixture
def served(tmp_path):
    output = build_site(tmp_path, stories=STORIES, settings=SETTINGS)
    port = _free_port()
    env = {**os.environ, "SEARCHSERVICE_INDEX": str(tmp_path / "var" / "search"),
           "READCOUNTER_DB": str(tmp_path / "var" / "reads.sqlite3"),
           "READCOUNTER_MANIFEST": str(output / "api" / "stories.json")}
    server = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "serve.py"), "--port", str(port),
                               "--output", str(output)], env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(base + "/api/search/health").status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.05)
    else:
        server.kill()
        pytest.fail("scripts/serve.py did not answer /api/search/health")
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(output), "CACHE_PATH": str(tmp_path / "cache"),
        **SETTINGS})
    yield base, settings, tmp_path
    server.terminate()
    server.wait(10)


def found(base: str, query: str) -> list[str]:
    answer = httpx.get(base + "/api/search", params={"q": query})
    assert answer.status_code == 200, answer.text
    return [hit["url"] for hit in answer.json()["results"]]


def wait_for_fallback(cache: Path, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if not (cache / "search" / "pending").exists():
            with open(cache / "search" / "fallback-runner.lock", "a") as lock:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return
                except BlockingIOError:
                    pass
        time.sleep(0.2)
    log = (cache / "search" / "last.log").read_text() if (cache / "search" / "last.log").exists() else ""
    raise AssertionError(f"the background fallback run did not finish: {log}")


def test_published_corrected_and_withdrawn_stories_in_the_search_api(served):
    base, settings, tmp = served
    assert found(base, "ลำไย") == ["/news/cmi-longan/"]
    assert found(base, "เรือเหาะ") == []

    path = tmp / "content" / NEW
    path.write_text(story_text(title="น่านจัดงานเรือเหาะลอยฟ้า", date="2026-11-24 17:00", agency="ส.ปชส.น่าน",
                               body="ชาวบ้านชมเรือเหาะลำใหญ่"), encoding="utf-8")
    report = publish([path], settings=settings)
    assert "1 stories indexed" in report.search
    assert found(base, "เรือเหาะ") == ["/news/nan-zeppelin/"]  # at once: no waiting for an index run

    path.write_text(story_text(title="น่านจัดงานบอลลูนลอยฟ้า", date="2026-11-24 17:00", agency="ส.ปชส.น่าน",
                               body="ชาวบ้านชมบอลลูนลำใหญ่"), encoding="utf-8")
    publish([path], settings=settings)
    assert found(base, "บอลลูน") == ["/news/nan-zeppelin/"]
    assert found(base, "เรือเหาะ") == []  # the correction's old text matches no more

    path.write_text(story_text(title="น่านจัดงานบอลลูนลอยฟ้า", date="2026-11-24 17:00", agency="ส.ปชส.น่าน",
                               body="ชาวบ้านชมบอลลูนลำใหญ่", status="ถอนแล้ว"), encoding="utf-8")
    report = publish([path], settings=settings)
    assert "1 removed" in report.search
    assert found(base, "บอลลูน") == []
    assert found(base, "ลำไย") == ["/news/cmi-longan/"]


def test_the_fallback_follows_in_the_background_and_equals_a_full_builds(served):
    base, settings, tmp = served
    output = Path(settings["OUTPUT_PATH"])
    path = tmp / "content" / NEW
    path.write_text(story_text(title="น่านจัดงานเรือเหาะลอยฟ้า", date="2026-11-24 17:00", agency="ส.ปชส.น่าน",
                               body="ชาวบ้านชมเรือเหาะลำใหญ่"), encoding="utf-8")
    before = (output / "pagefind" / "pagefind-entry.json").read_bytes()
    report = publish([path], settings=settings)
    assert "background" in report.search
    wait_for_fallback(tmp / "cache")
    after = (output / "pagefind" / "pagefind-entry.json").read_bytes()
    assert after != before  # a new bundle, swapped in whole
    assert not (output / "pagefind.new").exists() and not (output / "pagefind.old").exists()
    build_site(tmp / "fresh", stories={**STORIES, NEW: path.read_text(encoding="utf-8")}, settings=SETTINGS)
    # Pagefind's bytes vary from run to run (the issue excepts pagefind/): the records it was built from must not
    stamp = json.loads((tmp / "cache" / "search" / "fallback.json").read_text())["fingerprint"]
    assert json.loads((tmp / "fresh" / "cache" / "search" / "fallback.json").read_text())["fingerprint"] == stamp
