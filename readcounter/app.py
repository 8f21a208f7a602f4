"""The ASGI app: routes of the read-counter API.

create_app(settings) serves /reads/{id}, /reads, /reads/top, /health under `prefix`
("/api" when run alone; "" when the site's server mounts it under /api).
POST /reads/{id} is the hot path and is a plain ASGI endpoint (no Request/Response objects).
"""

from __future__ import annotations

import json
import logging
from contextlib import asynccontextmanager
from datetime import date, timedelta

from starlette.datastructures import State
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, Router

from readcounter.counting import ReaderLedger, is_bot
from readcounter.groupcommit import GroupCommit
from readcounter.manifest import STORY_ID, ManifestWatcher
from readcounter.proxies import BadForwardedFor, ClientAddress
from readcounter.ratelimit import RateLimiter
from readcounter.settings import Settings
from readcounter.store import SQLiteStore, Store

log = logging.getLogger("readcounter")

MAX_IDS = 100
MAX_TOP = 100
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
    """Everything one running service holds: settings, manifest, ledger, limits, store, group commit."""

    def __init__(self, settings: Settings, store: Store | None = None):
        self.settings = settings
        self.manifest = ManifestWatcher(settings.manifest_path, settings.manifest_check_interval)
        self.ledger = ReaderLedger(settings.timezone)
        self.limiter = RateLimiter(settings.rate_limit, settings.rate_window)
        self.client_address = ClientAddress(settings.trusted_proxies)
        self.store = store or SQLiteStore(settings.db_path, settings.synchronous)
        self.commits = GroupCommit(self.store)

    def close(self) -> None:
        self.commits.close()
        self.store.close()

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
        if not self.limiter.allow(self.ledger.client_key(client)):
            retry = str(self.limiter.retry_after()).encode()
            raise Refused(429, "too many requests", [(b"retry-after", retry), *cors])
        return client, cors

    def admit_request(self, request: Request) -> list:
        h = request.headers
        peer = request.client.host if request.client else ""
        return self.admit(peer, h.get("origin"), h.get("x-forwarded-for"), h.get("content-length"))[1]

    def reads_of(self, story_ids) -> dict[str, int]:
        stories = self.manifest.current()
        counted = self.store.totals(story_ids)
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
        claim = None if is_bot(user_agent) else self.ledger.claim(client, user_agent, story_id)
        if claim is None:
            total = self.store.totals([story_id]).get(story_id, 0)
            return 200, {"id": story_id, "reads": story.legacy_reads + total, "counted": False}, cors
        try:
            total = await self.commits.add_read(story_id, self.ledger.today())
        except Exception:
            self.ledger.release(claim)
            log.exception("read of %s not stored", story_id)
            raise Refused(503, "read not stored, try again", cors) from None
        return 200, {"id": story_id, "reads": story.legacy_reads + total, "counted": True}, cors

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
        return _response(200, self.reads_of([i for i in ids if i in stories]), cors)

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
        return _response(200, {"window": window, "stories": self.top(window, int(limit_text))}, cors)

    def top(self, window: str, limit: int) -> list[dict]:
        """Most-read known stories: reads within the window (day/week), or legacy + counted (all)."""
        stories = self.manifest.current()
        days = WINDOW_DAYS[window]
        since = None
        if days is not None:
            since = (date.fromisoformat(self.ledger.today()) - timedelta(days=days - 1)).isoformat()
        counted = self.store.window_totals(since)
        if days is None:
            reads = {sid: s.legacy_reads + counted.get(sid, 0) for sid, s in stories.items()}
        else:
            reads = {sid: n for sid, n in counted.items() if sid in stories and n > 0}
        ranked = sorted(reads.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [{"id": sid, "reads": n, "title": stories[sid].title, "url": stories[sid].url} for sid, n in ranked]

    async def health(self, request: Request) -> Response:
        stories = self.manifest.current()
        return _response(200, {"status": "ok", "stories": len(stories), "manifest_loaded": self.manifest.loaded}, [])

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


def create_app(settings: Settings | None = None, prefix: str = "", store: Store | None = None) -> Router:
    settings = settings or Settings.from_env()
    counter = Counter(settings, store)

    @asynccontextmanager
    async def lifespan(app):
        yield
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
