"""GET /api/search and friends through the ASGI app (httpx ASGITransport, on an event loop of its own thread, so
these tests also run beside Playwright's): answers, filters, errors."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from records import GECC, SMOG, VACCINE
from starlette.applications import Starlette

from searchservice.app import create_app
from searchservice.settings import Settings
from searchservice.store import IndexWriter


def client_for(folder) -> httpx.AsyncClient:
    app = Starlette(routes=list(create_app(Settings(index_dir=folder, page_size=2), prefix="/api").routes))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("api") / "search"
    IndexWriter(folder, workers=1).rebuild([GECC, VACCINE, SMOG])
    return folder


def get(folder, path, **params):
    async def go():
        async with client_for(folder) as client:
            return await client.get(path, params=params)

    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, go()).result()


def test_a_query_answers_results_with_excerpts(folder):
    r = get(folder, "/api/search", q="ประเมิน")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    body = r.json()
    assert (body["total"], body["page"], body["pages"], body["page_size"]) == (1, 1, 1, 2)
    hit = body["results"][0]
    assert hit["url"] == GECC.url and hit["title"] == GECC.title and hit["date_label"] == "10 พฤษภาคม 2561"
    assert hit["excerpt"][1] == "ประเมิน" and hit["agency"] == "ส.ปชส.ลำปาง" and hit["province"] == "ลำปาง"
    assert "suggestions" not in body


def test_pages_sort_filters_and_dates(folder):
    first = get(folder, "/api/search", agency="prd-lampang", sort="newest").json()
    assert first["total"] == 2 and [h["url"] for h in first["results"]] == [SMOG.url, GECC.url]
    assert get(folder, "/api/search", page="2").json()["results"][0]["url"] == GECC.url  # 3 stories, 2 a page
    assert get(folder, "/api/search", q="ราชการ", province="ลำปาง", section="regional").json()["total"] == 2
    assert get(folder, "/api/search", **{"from": "2561-05-10", "to": "2561-05-10"}).json()["total"] == 1  # BE
    assert get(folder, "/api/search", **{"from": "2026-01-01"}).json()["total"] == 2


def test_nothing_found_suggests_what_would_be(folder):
    body = get(folder, "/api/search", q="ราชการ ฮอลลีวูด", province="น่าน").json()
    assert body["total"] == 0 and body["results"] == []
    assert body["suggestions"] == []  # ราชการ is in no story of น่าน, ฮอลลีวูด in none at all
    body = get(folder, "/api/search", q="ราชการ ฮอลลีวูด").json()
    assert body["suggestions"] == [{"q": "ราชการ", "filters": False, "total": 2}]
    body = get(folder, "/api/search", q="วัคซีน", province="ลำปาง").json()
    assert body["suggestions"] == [{"q": "วัคซีน", "filters": False, "total": 1}]


@pytest.mark.parametrize("params, message", [
    ({"foo": "1"}, "unknown parameter"), ({"page": "x"}, "page"), ({"page": "0"}, "page"),
    ({"sort": "random"}, "sort"), ({"from": "10/05/2561"}, "from"), ({"to": "2561-02-30"}, "to"),
    ({"from": "2026-02-01", "to": "2026-01-01"}, "after"), ({"q": "ก" * 201}, "q"),
])
def test_bad_parameters_are_400_with_a_reason(folder, params, message):
    r = get(folder, "/api/search", **params)
    assert r.status_code == 400 and message in r.json()["error"]
    assert r.headers["cache-control"] == "no-store"


def test_filters_and_health(folder):
    filters = get(folder, "/api/search/filters").json()
    assert {"name": "น่าน", "slug": "nan", "count": 1} in filters["province"]
    assert [s["slug"] for s in filters["section"]] == ["regional", "public-health"]  # by Thai name
    assert get(folder, "/api/search/health").json() == {"status": "ok", "stories": 3}


def test_no_index_is_503_never_a_stack_trace(tmp_path):
    r = get(tmp_path / "none", "/api/search", q="ราชการ")
    assert r.status_code == 503 and r.json() == {"error": "search index not built yet"}
    assert get(tmp_path / "none", "/api/search/health").status_code == 503


def test_a_broken_index_file_is_500_without_details(tmp_path):
    folder = tmp_path / "search"
    folder.mkdir()
    (folder / "broken.sqlite3").write_bytes(b"not a database" * 100)
    (folder / "current.sqlite3").symlink_to("broken.sqlite3")
    r = get(folder, "/api/search", q="ราชการ")
    assert r.status_code == 500 and r.json() == {"error": "search failed"}


@pytest.mark.parametrize("q", ['" OR *', "NEAR(ราชการ", "{title} : ราชการ", "ราชการ*", "'; DROP TABLE stories; --", "^"])
def test_query_syntax_from_a_reader_is_only_words(folder, q):
    """FTS5 operators, column filters and SQL in q are never interpreted: only the words in it are searched."""
    r = get(folder, "/api/search", q=q)
    assert r.status_code == 200
    assert get(folder, "/api/search/health").json()["stories"] == 3
