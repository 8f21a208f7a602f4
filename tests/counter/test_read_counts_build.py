"""Counts baked into the built pages, the manifest for the service, the most-read lists (real builds)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from counter_service import ServiceProcess, reader
from pg_fixtures import pg_cluster, pg_url  # noqa: F401 (fixtures)

from conftest import build_site, story_text
from readcounter.manifest import CountableStory as ManifestStory
from readcounter.store import SQLiteStore
from split_files import manifest_stories

STORIES = {
    "news/2561/hang-chat-gecc.md": story_text(title="กฟภ.ห้างฉัตร เปิดศูนย์ราชการสะดวก", date="2018-05-10 11:48:27",
                                              legacy_reads=185),
    "news/2569/lpg-ceramic-fair.md": story_text(title="งานเซรามิกลำปาง", date="2026-11-20 10:30"),
    "news/2569/draft-story.md": story_text(title="ร่างข่าว", status="draft", legacy_reads=9),
}


def text(element) -> str:
    return " ".join(element.get_text().split())


def shown_count(output, story_id: str) -> str:
    soup = BeautifulSoup((output / "news" / story_id / "index.html").read_text(encoding="utf-8"), "html.parser")
    element = soup.select_one(f".story-reads .read-count[data-story-id='{story_id}']")
    return text(element)


def test_without_any_source_pages_show_legacy_reads_and_manifest_is_written(tmp_path):
    output = build_site(tmp_path, stories=STORIES, settings={"READ_COUNTS_SOURCE": "var/missing.sqlite3"})
    assert shown_count(output, "hang-chat-gecc") == "อ่าน : 185"
    assert shown_count(output, "lpg-ceramic-fair") == "อ่าน : 0"
    index = json.loads((output / "api" / "stories.json").read_text(encoding="utf-8"))
    assert index["stories"] == {} and index["parts"]  # an index naming one part per month of publication
    manifest = manifest_stories(output)  # as the counter reads it
    assert manifest["hang-chat-gecc"] == ManifestStory(185, "กฟภ.ห้างฉัตร เปิดศูนย์ราชการสะดวก", "/news/hang-chat-gecc/")
    assert set(manifest) == {"hang-chat-gecc", "lpg-ceramic-fair"}  # the draft is not countable
    home = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one(".most-read h2").get_text() == "ข่าวยอดนิยม"
    assert text(home.select_one(".story-card .read-count[data-story-id='hang-chat-gecc']")) == "อ่าน : 185"
    script = home.find("script", src=re.compile(r"^/theme/js/read-counts\.[0-9a-f]{10}\.js$"))  # content-hashed
    assert script["data-api"] == "/api" and (output / script["src"].lstrip("/")).exists()


def test_counts_baked_from_the_service_database(tmp_path):
    db = tmp_path / "var" / "readcounter.sqlite3"
    store = SQLiteStore(db)
    today = datetime.now(ZoneInfo("Asia/Bangkok")).date().isoformat()
    store.add_reads({("hang-chat-gecc", today): 3, ("lpg-ceramic-fair", today): 5, ("lpg-ceramic-fair", "2020-01-01"): 10})
    store.close()
    output = build_site(tmp_path, stories=STORIES)  # default source: var/readcounter.sqlite3 of the project
    assert shown_count(output, "hang-chat-gecc") == "อ่าน : 188"
    assert shown_count(output, "lpg-ceramic-fair") == "อ่าน : 15"
    home = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser")
    day = [text(li) for li in home.select(".most-read-list[data-window='day'] li")]
    assert day == ["งานเซรามิกลำปาง อ่าน : 5", "กฟภ.ห้างฉัตร เปิดศูนย์ราชการสะดวก อ่าน : 3"]


def test_counts_baked_from_the_service_url(tmp_path):
    first = build_site(tmp_path / "first", stories=STORIES, settings={"READ_COUNTS_SOURCE": ""})
    svc = ServiceProcess(tmp_path, READCOUNTER_MANIFEST=str(first / "api" / "stories.json")).start()
    try:
        import httpx

        for n in range(2):
            assert httpx.post(f"{svc.url}/api/reads/hang-chat-gecc", headers=reader(n)).json()["counted"]
        output = build_site(tmp_path / "second", stories=STORIES, settings={"READ_COUNTS_SOURCE": svc.url + "/api"})
    finally:
        svc.stop()
    assert shown_count(output, "hang-chat-gecc") == "อ่าน : 187"


def test_unreachable_service_url_still_builds(tmp_path):
    output = build_site(tmp_path, stories=STORIES,
                        settings={"READ_COUNTS_SOURCE": "http://127.0.0.1:9/api", "READ_COUNTS_TIMEOUT": 0.5})
    assert shown_count(output, "hang-chat-gecc") == "อ่าน : 185"


def test_a_foreign_database_file_fails_the_build_naming_it(tmp_path):
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "readcounter.sqlite3").write_bytes(b"not a database at all" * 100)
    with pytest.raises(Exception, match="readcounter.sqlite3"):
        build_site(tmp_path, stories=STORIES)


def test_counts_baked_from_postgresql(tmp_path, pg_url):
    """READ_COUNTS_SOURCE = the counter's PostgreSQL URL: counts and most-read lists come from there."""
    from readcounter.postgres_store import PostgresStore

    store = PostgresStore(pg_url)
    today = datetime.now(ZoneInfo("Asia/Bangkok")).date()
    try:
        store.add_reads({("hang-chat-gecc", today): 4, ("lpg-ceramic-fair", today): 6,
                         ("lpg-ceramic-fair", date(2020, 1, 1)): 10})
    finally:
        store.close()
    output = build_site(tmp_path, stories=STORIES, settings={"READ_COUNTS_SOURCE": pg_url})
    assert shown_count(output, "hang-chat-gecc") == "อ่าน : 189"
    assert shown_count(output, "lpg-ceramic-fair") == "อ่าน : 16"
    home = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser")
    day = [text(li) for li in home.select(".most-read-list[data-window='day'] li")]
    assert day == ["งานเซรามิกลำปาง อ่าน : 6", "กฟภ.ห้างฉัตร เปิดศูนย์ราชการสะดวก อ่าน : 4"]
