"""The search API (mounted under /api): GET /search, /search/filters, /search/health.

GET /api/search?q=&province=&agency=&section=&from=&to=&sort=&page=
  q        words (all must match), "a phrase" in double quotes; empty: every story (newest first)
  province, agency, section   Thai name or ASCII slug (ลำปาง or lampang; ส.ปชส.ลำปาง or prd-lampang)
  from, to dates, YYYY-MM-DD, inclusive, Bangkok days; a year above 2400 is Buddhist era
  sort     relevance (default: headline and exact matches first, then newer) or newest
  page     1, 2, ... (SEARCHSERVICE_PAGE_SIZE results a page)
Answers JSON; a bad parameter is 400 {"error"}, no index yet 503 {"error"} (the page then uses the static index).
"""
from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import asdict, replace
from datetime import date

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, Router

from .query import QueryError, SearchQuery
from .settings import Settings
from .store import IndexMissing, SearchIndex
from .thai_tokens import words

log = logging.getLogger(__name__)
PARAMS = {"q", "province", "agency", "section", "from", "to", "sort", "page"}
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_CACHE = {"Cache-Control": "public, max-age=10"}


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers={"Cache-Control": "no-store"})


def _date(name: str, text: str) -> date | None:
    if not text:
        return None
    found = _DATE.fullmatch(text.strip())
    if not found:
        raise QueryError(f"{name}: expected YYYY-MM-DD, got {text[:20]!r}")
    year, month, day = map(int, found.groups())
    try:
        return date(year - 543 if year > 2400 else year, month, day)
    except ValueError:
        raise QueryError(f"{name}: no such date: {text[:20]!r}") from None


def parse_query(params) -> SearchQuery:
    """A SearchQuery from request parameters; QueryError names the bad one."""
    unknown = set(params) - PARAMS
    if unknown:
        raise QueryError(f"unknown parameter: {sorted(unknown)[0][:40]}")
    if any(len(params.getlist(k)) > 1 for k in params):
        raise QueryError("a parameter is given twice")
    page = params.get("page", "1") or "1"
    if not page.isdigit() or len(page) > 4:
        raise QueryError("page: expected a number 1 to 1000")
    return SearchQuery(q=params.get("q", "").strip(), province=params.get("province", "").strip(),
                       agency=params.get("agency", "").strip(), section=params.get("section", "").strip(),
                       date_from=_date("from", params.get("from", "")), date_to=_date("to", params.get("to", "")),
                       sort=params.get("sort", "relevance") or "relevance", page=int(page))


def suggestions(index: SearchIndex, query: SearchQuery) -> list[dict]:
    """For a query that found nothing: the same words without the filters, and each word alone."""
    out = []
    if query.filtered:
        wider = SearchQuery(q=query.q)
        if total := index.total(wider):
            out.append({"q": query.q, "filters": False, "total": total})
    terms = query.terms
    if len(terms) > 1:
        for term in terms:
            text = f'"{term.text}"' if term.quoted else term.text
            if total := index.total(replace(query, q=text, page=1)):
                out.append({"q": text, "filters": query.filtered, "total": total})
    return out


def answer(index: SearchIndex, query: SearchQuery) -> dict:
    result = index.search(query)
    body = {"q": query.q, "sort": query.sort, "total": result.total, "page": result.page, "pages": result.pages,
            "page_size": index.page_size, "results": [asdict(hit) for hit in result.hits]}
    if result.total == 0:
        body["suggestions"] = suggestions(index, query)
    return body


def create_app(settings: Settings | None = None, prefix: str = "") -> Router:
    settings = settings or Settings.from_env()
    index = SearchIndex(settings.index_dir, page_size=settings.page_size)
    # Load PyThaiNLP's dictionaries before the server opens its port: a query arriving meanwhile would wait for
    # them (1.5-5 s here) and the page, after its 3 s timeout, would fall back to the static index.
    words("ค้นหาข่าว")

    async def guarded(work, cache=_CACHE):
        try:
            return JSONResponse(await run_in_threadpool(work), headers=cache)
        except QueryError as error:
            return _error(400, str(error))
        except IndexMissing:
            return _error(503, "search index not built yet")
        except sqlite3.Error:
            log.exception("search failed")
            return _error(500, "search failed")

    async def search(request: Request):
        try:
            query = parse_query(request.query_params)
        except QueryError as error:
            return _error(400, str(error))
        return await guarded(lambda: answer(index, query))

    async def filters(request: Request):
        return await guarded(index.filters, {"Cache-Control": "public, max-age=300"})  # changes with new places only

    async def health(request: Request):
        return await guarded(lambda: {"status": "ok", "stories": index.count()})

    routes = [Route(prefix + "/search", search, methods=["GET"]),
              Route(prefix + "/search/filters", filters, methods=["GET"]),
              Route(prefix + "/search/health", health, methods=["GET"])]
    return Router(routes=routes)
