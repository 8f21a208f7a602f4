"""The counter's manifest in parts: api/stories.json names one part per month of publication; the real read counter
loads every part, and follows a fast publish that rewrites one part and the index."""
from __future__ import annotations

import time
from pathlib import Path

import httpx
from counter_service import ServiceProcess, reader
from pelican.settings import read_settings

from conftest import ROOT, build_site, story_text
from sitebuild.publish import publish
from split_files import manifest_stories

STORIES = {
    "news/2561/hang-chat-gecc.md": story_text(title="กฟภ.ห้างฉัตร", date="2018-05-10 11:48:27", legacy_reads=185),
    "news/2569/lpg-ceramic-fair.md": story_text(title="งานเซรามิกลำปาง", date="2026-11-20 10:30"),
    "news/2569/cmi-coffee.md": story_text(title="กาแฟเชียงใหม่", date="2026-10-02 08:00"),
}
SETTINGS = {"BUILD_NOW": "2026-11-24T18:00:00+07:00", "SEARCH_INDEX": False, "READ_COUNTS_SOURCE": ""}


def test_the_counter_reads_every_part_and_follows_a_publish(tmp_path):
    output = build_site(tmp_path, stories=STORIES, settings=SETTINGS)
    parts = sorted(p.name for p in (output / "api" / "stories").iterdir())
    assert parts == ["2018-05.json", "2026-10.json", "2026-11.json"]
    assert manifest_stories(output)["hang-chat-gecc"].legacy_reads == 185
    svc = ServiceProcess(tmp_path, READCOUNTER_MANIFEST=str(output / "api" / "stories.json")).start()
    try:
        answer = httpx.post(f"{svc.url}/api/reads/hang-chat-gecc", headers=reader(1)).json()
        assert answer["counted"] and answer["reads"] == 186  # legacy reads from the 2018 part
        assert httpx.post(f"{svc.url}/api/reads/brand-new", headers=reader(1)).status_code == 404
        new = tmp_path / "content" / "news" / "2569" / "brand-new.md"
        new.write_text(story_text(title="ข่าวใหม่ล่าสุด", date="2026-11-24 17:00"), encoding="utf-8")
        settings = read_settings(str(ROOT / "pelicanconf.py"), override={
            "PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(output), "CACHE_PATH": str(tmp_path / "cache"),
            **SETTINGS})
        report = publish([new], settings=settings)
        assert sorted(p for p in report.written if p.startswith("api/")) == ["api/stories.json",
                                                                              "api/stories/2026-11.json"]
        deadline = time.monotonic() + 15
        while True:  # the service re-reads the index within a second of a change
            answer = httpx.post(f"{svc.url}/api/reads/brand-new", headers=reader(2))
            if answer.status_code == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert answer.status_code == 200 and answer.json()["counted"]
        assert httpx.get(f"{svc.url}/api/health").json()["stories"] == 4
    finally:
        svc.stop()


def test_a_single_file_manifest_of_an_earlier_build_still_loads(tmp_path):
    from readcounter.manifest import load_manifest

    path = tmp_path / "stories.json"
    path.write_text('{"stories": {"old-story": {"legacy_reads": 3}}}', encoding="utf-8")
    assert load_manifest(Path(path))["old-story"].legacy_reads == 3
