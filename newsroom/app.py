"""The newsroom's ASGI app: create_app(settings) serves the pages at its root; `make serve` and the production
server mount it at /newsroom (see `server_app`). Routes are thin: the rules live in the modules they call."""
from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .pages import LoginNeeded, Pages
from .routes_account import AccountRoutes
from .routes_admin import AdminRoutes
from .routes_login import LoginRoutes
from .routes_stories import StoryRoutes
from .security_headers import SecurityHeaders
from .service import Newsroom
from .settings import Settings
from .site_parts import Registry, install_fonts

log = logging.getLogger("newsroom")
STATIC = Path(__file__).parent / "static"
MOUNT = "/newsroom"


def font_dir(cache_dir: Path) -> Path:
    """Sarabun as WOFF2 (the site's own conversion, cached by the font file's hash)."""
    out = Path(cache_dir) / "newsroom"
    install_fonts(("Regular", "Bold"), out, cache_dir)
    return out / "theme" / "fonts"


def create_app(settings: Settings, clock: Callable[[], float] = time.time, registry: Registry | None = None):
    newsroom = Newsroom(settings, clock, registry)
    pages = Pages(newsroom)

    async def http_error(request: Request, exc: HTTPException):
        thai = isinstance(exc.detail, str) and not exc.detail.isascii()  # ours; Starlette's defaults are English
        detail = exc.detail if thai else ""
        messages = {404: "ไม่พบหน้าที่ต้องการ", 405: "หน้านี้ไม่รับคำขอแบบนี้", 400: "คำขอไม่ถูกต้อง",
                    413: "ข้อมูลที่ส่งมาใหญ่เกินไป", 403: "คุณไม่มีสิทธิ์ทำรายการนี้"}
        visitor = pages.visitor(request) if exc.status_code != 400 else None
        return pages.error(request, exc.status_code, detail or messages.get(exc.status_code, "เกิดข้อผิดพลาด"),
                           visitor)

    async def login_needed(request: Request, exc: LoginNeeded):
        if request.method in ("GET", "HEAD"):
            return pages.redirect(request, "/login")
        return pages.error(request, 403, "กรุณาเข้าสู่ระบบก่อน (ไม่ได้บันทึกอะไร)")

    async def server_error(request: Request, exc: Exception):
        log.exception("newsroom: unhandled error on %s %s", request.method, request.url.path)
        return pages.error(request, 500, "ระบบขัดข้องชั่วคราว ข้อมูลที่กำลังทำอยู่ยังไม่ได้บันทึก กรุณาลองใหม่อีกครั้ง "
                                         "หากยังเป็นอยู่ แจ้งผู้ดูแลระบบ")

    routes = [
        *StoryRoutes(pages).routes(),
        *LoginRoutes(pages).routes(),
        *AccountRoutes(pages).routes(),
        *AdminRoutes(pages).routes(),
        Mount("/static/fonts", app=StaticFiles(directory=font_dir(settings.cache_dir))),
        Mount("/static", app=StaticFiles(directory=STATIC)),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error, LoginNeeded: login_needed,
                                                       Exception: server_error})
    app.state.newsroom = newsroom
    wrapped = SecurityHeaders(app)  # outside Starlette's error middleware: 500 pages get the headers too
    wrapped.newsroom = newsroom
    return wrapped


def background_lifespan(newsroom):
    """Starts the job worker and the scheduler with the server, stops them with it (a mounted app gets no
    lifespan of its own: the app that mounts the newsroom passes this one on)."""
    @contextlib.asynccontextmanager
    async def lifespan(app):
        newsroom.start_background()
        try:
            yield
        finally:
            newsroom.stop_background()
    return lifespan


def server_app(settings: Settings, clock: Callable[[], float] = time.time, registry: Registry | None = None):
    """The newsroom alone (systemd, tests): mounted at /newsroom as behind nginx and under `make serve`."""
    newsroom_app = create_app(settings, clock, registry)

    async def to_newsroom(request: Request):
        return RedirectResponse(MOUNT + "/", 303)

    app = Starlette(routes=[Route("/", to_newsroom), Route(MOUNT, to_newsroom), Mount(MOUNT, app=newsroom_app)],
                    lifespan=background_lifespan(newsroom_app.newsroom))
    app.state.newsroom = newsroom_app.newsroom
    return app
