"""The ASGI app: routes of the read-counter API.

create_app(settings) serves /reads/{id}, /reads, /reads/top, /health under `prefix`
("/api" when run alone; "" when the site's server mounts it under /api).
POST /reads/{id} is the hot path and is a plain ASGI endpoint (no Request/Response objects).
Store calls never run on the event loop: counting goes through the group commit's thread, the other reads through
a small thread pool, so a slow or unreachable database delays only the requests that need it (answered 503).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Callable

from starlette.datastructures import State
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, Router

from readcounter.calendar import Calendar
from readcounter.counting import ClientKeys, PendingRead, is_bot
from readcounter.groupcommit import GroupCommit
from readcounter.manifest import STORY_ID, open_manifest
from readcounter.proxies import BadForwardedFor, ClientAddress
from readcounter.ranking import sorted_scores, top_k
from readcounter.ratelimit import RateLimiter
from readcounter.recording import PRUNE_EVERY, ReadRecorder
from readcounter.settings import Settings
from readcounter.store import Store, StoreUnavailable, open_store

log = logging.getLogger("readcounter")

MAX_IDS = 100
MAX_TOP = 100
TOP_CACHE_SECONDS = 2.0  # /reads/top is asked by every page view: one database query per list per instance per 2 s
WINDOW_DAYS = {"day": 1, "week": 7, "all": None}
BASE_HEADERS = [(b"content-type", b"application/json"), (b"cache-control", b"no-store")]


class Refused(Exception):
    def __init__(self, status: int, message: str, headers: list | None = None):
        self.status, self.message, self.headers = status, message, headers or []


def _body(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _response(status: int, data, headers: list) -> Response:
    response = Response(_body(data), status, media_type="application/json")
    response.raw_headers += [(b"cache-control", b"no-store"), *headers]
    return response


class Counter:
    """Everything one running service holds: settings, manifest, calendar, limits, store, recorder, group commit."""

    def __init__(self, settings: Settings, store: Store | None = None, clock: Callable[[], float] = time.time):
        self.settings = settings
        self.clock = clock
        self.manifest = open_manifest(settings.manifest_path, settings.manifest_check_interval)
        self.calendar = Calendar(settings.timezone, settings.salt_grace)
        self.limiter = RateLimiter(settings.rate_limit, settings.rate_window)
        self.client_key = ClientKeys()
        self.client_address = ClientAddress(settings.trusted_proxies)
        self.store = store or open_store(settings)
        self.recorder = ReadRecorder(self.store, self.calendar, clock)
        self.commits = GroupCommit(self.recorder.record, settings.gather_seconds)
        self._readers = ThreadPoolExecutor(max_workers=max(2, settings.db_pool_size - 1),
                                           thread_name_prefix="readcounter-read")
        self._legacy_ranked: tuple[int, list] = (0, [])
        self._top_cache: dict[tuple, tuple[float, list]] = {}  # (window, limit, day) -> (expires, stories)

    def close(self) -> None:
        self.commits.close()
        self._readers.shutdown(wait=True)
        self.manifest.close()
        self.store.close()

    async def _read(self, fn, *args):
        """A store read in the reader threads; an unreachable database is a 503."""
        try:
            return await asyncio.get_running_loop().run_in_executor(self._readers, fn, *args)
        except StoreUnavailable as exc:
            raise Refused(503, f"database unavailable: {exc}") from None

    async def maintain(self) -> list:
        """Remove finished days' salts and seen-sets (in the commit thread, between commits)."""
        return await self.commits.run(self.recorder.maintain, True)

    async def maintenance_loop(self) -> None:
        while True:
            await asyncio.sleep(PRUNE_EVERY)
            try:
                await self.commits.run(self.recorder.maintain)
            except Exception as exc:  # unreachable database: try again next time
                log.warning("pruning finished days failed: %s", exc)

    # -- checks shared by the routes (plain values in, so both route styles use them) ---------
    def cors_headers(self, origin: str | None) -> list:
        if origin is None:
            return []
        if origin.rstrip("/") not in self.settings.allowed_origins:
            raise Refused(403, f"origin not allowed: {origin[:100]}")
        return [(b"access-control-allow-origin", origin.encode()), (b"vary", b"Origin")]

    def admit(self, peer: str, origin, forwarded_for, content_length) -> tuple[str, list]:
        """Origin, body size, client address, rate limit. Returns (client address, CORS headers)."""
        cors = self.cors_headers(origin)
        if content_length is not None and (
            not content_length.isdigit() or int(content_length) > self.settings.body_limit
        ):
            raise Refused(400, f"request body over {self.settings.body_limit} bytes", cors)
        try:
            client = self.client_address(peer, forwarded_for)
        except BadForwardedFor as exc:
            raise Refused(400, str(exc), cors) from None
        if not self.limiter.allow(self.client_key(client)):
            retry = str(self.limiter.retry_after()).encode()
            raise Refused(429, "too many requests", [(b"retry-after", retry), *cors])
        return client, cors

    def admit_request(self, request: Request) -> list:
        h = request.headers
        peer = request.client.host if request.client else ""
        return self.admit(peer, h.get("origin"), h.get("x-forwarded-for"), h.get("content-length"))[1]

    async def reads_of(self, story_ids) -> dict[str, int]:
        stories = self.manifest.current()
        counted = await self._read(self.store.totals, story_ids)
        return {sid: stories[sid].legacy_reads + counted.get(sid, 0) for sid in story_ids}

    # -- POST /reads/{id}: count one read --------------------------------------------------------
    async def count_read(self, scope, receive, send) -> None:
        cors = []
        try:
            status, data, cors = await self._count_read(scope, receive)
        except Refused as exc:
            status, data, cors = exc.status, {"error": exc.message}, exc.headers
        if status == 200:  # the hot answer, formatted directly (the id is [a-z0-9-] only)
            body = b'{"id":"%s","reads":%d,"counted":%s}' % (
                data["id"].encode(), data["reads"], b"true" if data["counted"] else b"false")
        else:
            body = _body(data)
        await send({
            "type": "http.response.start",
            "status": status,
            "headers": [*BASE_HEADERS, (b"content-length", b"%d" % len(body)), *cors],
        })
        await send({"type": "http.response.body", "body": body})

    async def _count_read(self, scope, receive) -> tuple[int, dict, list]:
        story_id = scope["path_params"]["story_id"]
        if not STORY_ID.fullmatch(story_id):
            raise Refused(400, "malformed story id")
        origin = forwarded_for = content_length = None
        user_agent, chunked = "", False
        for name, value in scope["headers"]:
            if name == b"user-agent":
                user_agent = value.decode("latin-1")
            elif name == b"x-forwarded-for":
                forwarded_for = value.decode("latin-1") if forwarded_for is None else f"{forwarded_for},{value.decode('latin-1')}"
            elif name == b"origin":
                origin = value.decode("latin-1")
            elif name == b"content-length":
                content_length = value.decode("latin-1")
            elif name == b"transfer-encoding":
                chunked = True
        peer = scope["client"][0] if scope.get("client") else ""
        client, cors = self.admit(peer, origin, forwarded_for, content_length)
        if chunked:
            await self._read_small_body(receive, cors)
        story = self.manifest.current().get(story_id)
        if story is None:
            raise Refused(404, "unknown story id", cors)
        if is_bot(user_agent):
            try:
                total = (await self._read(self.store.totals, [story_id])).get(story_id, 0)
            except Refused as exc:
                raise Refused(exc.status, exc.message, cors) from None
            return 200, {"id": story_id, "reads": story.legacy_reads + total, "counted": False}, cors
        read = PendingRead(client, user_agent, story_id, self.calendar.day_of(self.clock()))
        try:
            outcome = await self.commits.add_read(read)
        except Exception as exc:
            log.warning("read of %s not stored: %s", story_id, exc)
            raise Refused(503, "read not stored, try again", cors) from None
        return 200, {"id": story_id, "reads": story.legacy_reads + outcome.total, "counted": outcome.counted}, cors

    async def _read_small_body(self, receive, cors) -> None:
        size, more = 0, True
        while more:
            message = await receive()
            size += len(message.get("body", b""))
            more = message.get("more_body", False)
            if size > self.settings.body_limit:
                raise Refused(400, f"request body over {self.settings.body_limit} bytes", cors)

    # -- GET routes ----------------------------------------------------------------------------
    async def get_reads(self, request: Request) -> Response:
        cors = self.admit_request(request)
        params = request.query_params
        if set(params.keys()) != {"ids"} or len(params.getlist("ids")) != 1:
            raise Refused(400, "expected exactly one query parameter: ids=a,b,c", cors)
        ids = list(dict.fromkeys(params["ids"].split(",")))
        if not ids or len(ids) > MAX_IDS:
            raise Refused(400, f"ids: 1 to {MAX_IDS} story ids", cors)
        bad = [i for i in ids if not STORY_ID.fullmatch(i)]
        if bad:
            raise Refused(400, f"malformed story id: {bad[0][:100]!r}", cors)
        stories = self.manifest.current()
        try:
            return _response(200, await self.reads_of([i for i in ids if i in stories]), cors)
        except Refused as exc:
            raise Refused(exc.status, exc.message, cors) from None

    async def top_reads(self, request: Request) -> Response:
        cors = self.admit_request(request)
        params = request.query_params
        if not set(params.keys()) <= {"window", "limit"} or any(len(params.getlist(k)) > 1 for k in params):
            raise Refused(400, "allowed query parameters: window=day|week|all, limit=1..100", cors)
        window = params.get("window", "day")
        if window not in WINDOW_DAYS:
            raise Refused(400, "window must be day, week or all", cors)
        limit_text = params.get("limit", "10")
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= MAX_TOP:
            raise Refused(400, f"limit must be 1..{MAX_TOP}", cors)
        key = (window, int(limit_text), self.calendar.day_of(self.clock()))
        cached = self._top_cache.get(key)
        if cached is None or cached[0] <= self.clock():
            try:
                cached = (self.clock() + TOP_CACHE_SECONDS, await self._read(self.top, window, int(limit_text)))
            except Refused as exc:
                raise Refused(exc.status, exc.message, cors) from None
            self._top_cache = {k: v for k, v in self._top_cache.items() if v[0] > self.clock()}
            self._top_cache[key] = cached
        return _response(200, {"window": window, "stories": cached[1]}, cors)

    def top(self, window: str, limit: int) -> list[dict]:
        """Most-read known stories: reads within the window (day = today, week = the last 7 days), or legacy +
        counted (all: the threshold algorithm over a few rows of the indexes, ranking.top_k, instead of summing
        every story). Exact."""
        stories = self.manifest.current()
        days = WINDOW_DAYS[window]
        if days is None:
            legacy = self._legacy_sorted(stories)

            def scores_of(ids):
                counted = self.store.totals(ids)
                return {sid: stories[sid].legacy_reads + counted.get(sid, 0) for sid in ids}

            ranked = top_k(limit, lambda d: [legacy[:d], *self.store.top_totals(d)], scores_of,
                           eligible=stories.__contains__)
        else:  # the window's rows only (the stories read in it), summed by the database, most first
            today = self.calendar.day_of(self.clock())
            first, fetch = today - timedelta(days=days - 1), limit + 10
            while True:
                rows = self.store.top_window(first, today, fetch)
                ranked = [(sid, n) for sid, n in rows if sid in stories and n > 0][:limit]
                if len(ranked) == limit or len(rows) < fetch:  # enough known stories, or the whole window
                    break
                fetch *= 4
        return [{"id": sid, "reads": n, "title": stories[sid].title, "url": stories[sid].url} for sid, n in ranked]

    def _legacy_sorted(self, stories) -> list:
        """The manifest's legacy reads, most first (sorted once per manifest)."""
        key, ranked = self._legacy_ranked
        if key != id(stories):
            ranked = sorted_scores({sid: s.legacy_reads for sid, s in stories.items()})
            self._legacy_ranked = (id(stories), ranked)
        return ranked

    async def health(self, request: Request) -> Response:
        stories = self.manifest.current()
        data = {"status": "ok", "stories": len(stories), "manifest_loaded": self.manifest.loaded,
                "store": self.store.kind}
        try:
            await asyncio.get_running_loop().run_in_executor(self._readers, self.store.check)
        except Exception as exc:  # StoreUnavailable, or a schema that could not be migrated
            return _response(503, {**data, "status": "unavailable", "reason": f"database unreachable: {exc}"}, [])
        return _response(200, data, [])

    async def preflight(self, request: Request) -> Response:
        cors = self.cors_headers(request.headers.get("origin"))
        cors += [(b"access-control-allow-methods", b"GET, POST"), (b"access-control-max-age", b"86400")]
        response = Response(status_code=204)
        response.raw_headers += cors
        return response


def _guarded(handler):
    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request)
        except Refused as exc:
            return _response(exc.status, {"error": exc.message}, exc.headers)

    return endpoint


class _AsgiEndpoint:
    """Marks a bound coroutine (scope, receive, send) as a plain ASGI endpoint for Starlette's Route."""

    def __init__(self, handler):
        self.handler = handler

    async def __call__(self, scope, receive, send):
        await self.handler(scope, receive, send)


def create_app(settings: Settings | None = None, prefix: str = "", store: Store | None = None,
               clock: Callable[[], float] = time.time) -> Router:
    """The service. `clock` (UNIX seconds) decides the day of each read and when finished days are removed."""
    settings = settings or Settings.from_env()
    counter = Counter(settings, store, clock)

    @asynccontextmanager
    async def lifespan(app):
        task = asyncio.get_running_loop().create_task(counter.maintenance_loop())
        try:
            yield
        finally:
            task.cancel()
            counter.close()

    routes = [
        Route(prefix + "/reads/top", _guarded(counter.top_reads), methods=["GET"]),
        Route(prefix + "/reads", _guarded(counter.get_reads), methods=["GET"]),
        Route(prefix + "/reads/{story_id}", _AsgiEndpoint(counter.count_read), methods=["POST"]),
        Route(prefix + "/reads/{story_id}", _guarded(counter.preflight), methods=["OPTIONS"]),
        Route(prefix + "/reads", _guarded(counter.preflight), methods=["OPTIONS"]),
        Route(prefix + "/health", counter.health, methods=["GET"]),
    ]
    # A bare Router, not Starlette(): the hot path skips Starlette's per-request exception middleware.
    # Mounted in the site's Starlette app (scripts/serve.py), that app's middleware handles 404/405.
    app = Router(routes=routes, lifespan=lifespan)
    app.state = State({"counter": counter})
    return app
