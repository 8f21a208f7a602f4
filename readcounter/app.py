"""The ASGI app: routes of the read-counter API.

create_app(settings) serves /reads/{id}, /reads, /reads/top, /health under `prefix`
("/api" when run alone; "" when the site's server mounts it under /api).
"""

from __future__ import annotations

import json
import logging
from contextlib import asynccontextmanager
from datetime import date, timedelta

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from readcounter.counting import ReaderLedger, is_bot
from readcounter.groupcommit import GroupCommit
from readcounter.manifest import STORY_ID, ManifestWatcher
from readcounter.proxies import BadForwardedFor, client_address
from readcounter.ratelimit import RateLimiter
from readcounter.settings import Settings
from readcounter.store import SQLiteStore, Store

log = logging.getLogger("readcounter")

MAX_IDS = 100
MAX_TOP = 100
WINDOW_DAYS = {"day": 1, "week": 7, "all": None}


class Refused(Exception):
    def __init__(self, status: int, message: str, headers: dict | None = None):
        self.status, self.message, self.headers = status, message, headers or {}


def _json(data, status: int = 200, headers: dict | None = None) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {"cache-control": "no-store", **(headers or {})}
    return Response(body, status, headers, media_type="application/json")


class Counter:
    """Everything one running service holds: settings, manifest, ledger, limits, store, group commit."""

    def __init__(self, settings: Settings, store: Store | None = None):
        self.settings = settings
        self.manifest = ManifestWatcher(settings.manifest_path, settings.manifest_check_interval)
        self.ledger = ReaderLedger(settings.timezone)
        self.limiter = RateLimiter(settings.rate_limit, settings.rate_window)
        self.store = store or SQLiteStore(settings.db_path, settings.synchronous)
        self.commits = GroupCommit(self.store)

    def close(self) -> None:
        self.commits.close()
        self.store.close()

    # -- checks shared by the routes --------------------------------------------------------
    def cors_headers(self, request: Request) -> dict:
        origin = request.headers.get("origin")
        if origin is None:
            return {}
        if origin.rstrip("/") not in self.settings.allowed_origins:
            raise Refused(403, f"origin not allowed: {origin[:100]}")
        return {"access-control-allow-origin": origin, "vary": "Origin"}

    def client(self, request: Request) -> str:
        peer = request.client.host if request.client else ""
        try:
            return client_address(peer, request.headers.get("x-forwarded-for"), self.settings.trusted_proxies)
        except BadForwardedFor as exc:
            raise Refused(400, str(exc)) from None

    def admit(self, request: Request) -> tuple[str, dict]:
        """Origin, body size, rate limit. Returns (client address, CORS headers)."""
        cors = self.cors_headers(request)
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.settings.body_limit):
            raise Refused(400, f"request body over {self.settings.body_limit} bytes")
        client = self.client(request)
        if not self.limiter.allow(self.ledger.client_key(client)):
            raise Refused(429, "too many requests", {"retry-after": str(self.limiter.retry_after()), **cors})
        return client, cors

    async def read_small_body(self, request: Request) -> None:
        if "transfer-encoding" not in request.headers:
            return
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.settings.body_limit:
                raise Refused(400, f"request body over {self.settings.body_limit} bytes")

    def reads_of(self, story_ids) -> dict[str, int]:
        stories = self.manifest.current()
        counted = self.store.totals(story_ids)
        return {sid: stories[sid].legacy_reads + counted.get(sid, 0) for sid in story_ids}

    # -- routes -------------------------------------------------------------------------------
    async def count_read(self, request: Request) -> Response:
        story_id = request.path_params["story_id"]
        if not STORY_ID.fullmatch(story_id):
            raise Refused(400, "malformed story id")
        client, cors = self.admit(request)
        await self.read_small_body(request)
        stories = self.manifest.current()
        story = stories.get(story_id)
        if story is None:
            raise Refused(404, "unknown story id", cors)
        user_agent = request.headers.get("user-agent", "")
        claim = None if is_bot(user_agent) else self.ledger.claim(client, user_agent, story_id)
        if claim is None:
            total = self.store.totals([story_id]).get(story_id, 0)
            return _json({"id": story_id, "reads": story.legacy_reads + total, "counted": False}, headers=cors)
        try:
            total = await self.commits.add_read(story_id, self.ledger.today())
        except Exception:
            self.ledger.release(claim)
            log.exception("read of %s not stored", story_id)
            raise Refused(503, "read not stored, try again", cors) from None
        return _json({"id": story_id, "reads": story.legacy_reads + total, "counted": True}, headers=cors)

    async def get_reads(self, request: Request) -> Response:
        _, cors = self.admit(request)
        params = request.query_params
        if set(params.keys()) != {"ids"} or len(params.getlist("ids")) != 1:
            raise Refused(400, "expected exactly one query parameter: ids=a,b,c")
        ids = list(dict.fromkeys(part for part in params["ids"].split(",")))
        if not ids or len(ids) > MAX_IDS:
            raise Refused(400, f"ids: 1 to {MAX_IDS} story ids")
        bad = [i for i in ids if not STORY_ID.fullmatch(i)]
        if bad:
            raise Refused(400, f"malformed story id: {bad[0][:100]!r}")
        stories = self.manifest.current()
        return _json(self.reads_of([i for i in ids if i in stories]), headers=cors)

    async def top_reads(self, request: Request) -> Response:
        _, cors = self.admit(request)
        params = request.query_params
        if not set(params.keys()) <= {"window", "limit"} or any(len(params.getlist(k)) > 1 for k in params):
            raise Refused(400, "allowed query parameters: window=day|week|all, limit=1..100")
        window = params.get("window", "day")
        if window not in WINDOW_DAYS:
            raise Refused(400, "window must be day, week or all")
        limit_text = params.get("limit", "10")
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= MAX_TOP:
            raise Refused(400, f"limit must be 1..{MAX_TOP}")
        return _json({"window": window, "stories": self.top(window, int(limit_text))}, headers=cors)

    def top(self, window: str, limit: int) -> list[dict]:
        stories = self.manifest.current()
        days = WINDOW_DAYS[window]
        since = None if days is None else (date.fromisoformat(self.ledger.today()) - timedelta(days=days - 1)).isoformat()
        counted = self.store.window_totals(since)
        if days is None:
            reads = {sid: s.legacy_reads + counted.get(sid, 0) for sid, s in stories.items()}
        else:
            reads = {sid: n for sid, n in counted.items() if sid in stories and n > 0}
        ranked = sorted(reads.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [{"id": sid, "reads": n, "title": stories[sid].title, "url": stories[sid].url} for sid, n in ranked]

    async def health(self, request: Request) -> Response:
        stories = self.manifest.current()
        return _json({"status": "ok", "stories": len(stories), "manifest_loaded": self.manifest.loaded})

    async def preflight(self, request: Request) -> Response:
        cors = self.cors_headers(request)
        cors.update({"access-control-allow-methods": "GET, POST", "access-control-max-age": "86400"})
        return Response(status_code=204, headers=cors)


def _guarded(handler):
    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request)
        except Refused as exc:
            return _json({"error": exc.message}, exc.status, exc.headers)

    return endpoint


def create_app(settings: Settings | None = None, prefix: str = "", store: Store | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    counter = Counter(settings, store)

    @asynccontextmanager
    async def lifespan(app):
        yield
        counter.close()

    routes = [
        Route(prefix + "/reads/top", _guarded(counter.top_reads), methods=["GET"]),
        Route(prefix + "/reads", _guarded(counter.get_reads), methods=["GET"]),
        Route(prefix + "/reads/{story_id}", _guarded(counter.count_read), methods=["POST"]),
        Route(prefix + "/reads/{story_id}", _guarded(counter.preflight), methods=["OPTIONS"]),
        Route(prefix + "/reads", _guarded(counter.preflight), methods=["OPTIONS"]),
        Route(prefix + "/health", counter.health, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.counter = counter
    return app
