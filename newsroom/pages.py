"""Rendering (Jinja2, Thai templates) and the checks every route shares: who is logged in, CSRF, the cookie."""
from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from . import accounts
from .accounts import Account
from .service import Newsroom
from .sessions import Session
from .site_parts import format_thai_date

TEMPLATES = Path(__file__).parent / "templates"
COOKIE = "nuea_newsroom"
FORM_LIMITS = {"max_files": 0, "max_fields": 100, "max_part_size": 256 * 1024}
CSRF_MESSAGE = "แบบฟอร์มนี้หมดอายุหรือไม่ถูกต้อง (CSRF) จึงไม่ได้บันทึกอะไร กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง"

STATUS_TITLES = {
    400: "คำขอไม่ถูกต้อง", 401: "ต้องเข้าสู่ระบบ", 403: "ไม่มีสิทธิ์", 404: "ไม่พบหน้านี้",
    405: "ไม่รองรับวิธีนี้", 413: "ข้อมูลใหญ่เกินไป", 429: "ลองบ่อยเกินไป", 500: "ระบบขัดข้อง",
}


def thai_time(timestamp: float) -> str:
    return format_thai_date(datetime.fromtimestamp(timestamp).astimezone(), "numeric_time")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["thai_time"] = thai_time
    return env


@dataclass
class Visitor:
    """The request's session and, once logged in, its account."""
    session: Session | None
    account: Account | None
    token: str | None = None  # a new session token to set as the cookie


class Pages:
    def __init__(self, newsroom: Newsroom):
        self.newsroom = newsroom
        self.env = _environment()

    # --- URLs and responses --------------------------------------------------------------------------------
    @staticmethod
    def url(request: Request, path: str = "/") -> str:
        """`path` under wherever the newsroom is mounted (/newsroom under `make serve` and nginx)."""
        return request.scope.get("root_path", "").rstrip("/") + path

    def render(self, request: Request, template: str, visitor: Visitor | None = None, status: int = 200,
               **context) -> HTMLResponse:
        visitor = visitor or Visitor(None, None)
        html = self.env.get_template(template).render(
            url=lambda path="/": self.url(request, path), account=visitor.account,
            csrf=visitor.session.csrf if visitor.session else "", **context)
        response = HTMLResponse(html, status)
        if visitor.token:
            self.set_cookie(request, response, visitor.token)
        return response

    def redirect(self, request: Request, path: str, token: str | None = None, clear: bool = False):
        response = RedirectResponse(self.url(request, path), 303)
        if token:
            self.set_cookie(request, response, token)
        if clear:
            response.delete_cookie(COOKIE, path=self.url(request, "/"), httponly=True, samesite="lax",
                                   secure=self.newsroom.origin.is_https(request.scope))
        return response

    def set_cookie(self, request: Request, response, token: str) -> None:
        """HttpOnly, SameSite=Lax, Secure over HTTPS (directly or through a trusted proxy); no Max-Age: the
        server ends the session (idle and absolute limits), the browser forgets it when closed."""
        response.set_cookie(COOKIE, token, path=self.url(request, "/"), httponly=True, samesite="lax",
                            secure=self.newsroom.origin.is_https(request.scope))

    def error(self, request: Request, status: int, message: str, visitor: Visitor | None = None) -> HTMLResponse:
        return self.render(request, "error.html", visitor, status, title=STATUS_TITLES.get(status, "ผิดพลาด"),
                           message=message, code=status)

    # --- who is asking -------------------------------------------------------------------------------------
    def visitor(self, request: Request, anonymous_session: bool = False) -> Visitor:
        """The live session of the cookie and its account (a disabled account is logged out).
        `anonymous_session` starts a session for a visitor without one (the login form needs a CSRF token)."""
        newsroom = self.newsroom
        now = newsroom.clock()
        cookie = request.cookies.get(COOKIE)
        with newsroom.db.read() as conn:  # most requests only read: no write lock taken
            session, must_write = newsroom.sessions.peek(conn, cookie, now)
            account = accounts.by_id(conn, session.account_id) if session and session.account_id else None
        if not must_write and not (account and account.disabled) and not (session is None and anonymous_session):
            return Visitor(session, account)
        with newsroom.db.connect() as conn:
            session = newsroom.sessions.load(conn, cookie, now)
            account = accounts.by_id(conn, session.account_id) if session and session.account_id else None
            if account is not None and account.disabled:
                newsroom.sessions.delete(conn, session)
                session, account = None, None
            token = None
            if session is None and anonymous_session:
                token, session = newsroom.sessions.create(conn, now)
        return Visitor(session, account, token)

    def require_login(self, request: Request) -> Visitor:
        visitor = self.visitor(request)
        if visitor.account is None:
            raise LoginNeeded()
        return visitor

    def require_admin(self, request: Request) -> Visitor:
        visitor = self.require_login(request)
        if not visitor.account.is_admin:
            raise HTTPException(403, "หน้านี้สำหรับผู้ดูแลระบบเท่านั้น")
        return visitor

    @staticmethod
    async def form(request: Request):
        return await request.form(**FORM_LIMITS)

    @staticmethod
    def csrf_ok(visitor: Visitor, form) -> bool:
        sent = form.get("csrf")
        return bool(visitor.session and isinstance(sent, str) and sent
                    and hmac.compare_digest(sent.encode(), visitor.session.csrf.encode()))

    async def checked_form(self, request: Request, visitor: Visitor):
        """The posted form, or 403 (nothing done) when its CSRF token is missing or not this session's."""
        form = await self.form(request)
        if not self.csrf_ok(visitor, form):
            raise HTTPException(403, CSRF_MESSAGE)
        return form


class LoginNeeded(Exception):
    """Raised by a route that needs a logged-in account; answered with a redirect (GET) or 403 (POST)."""
