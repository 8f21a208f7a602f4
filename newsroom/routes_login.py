"""Log in (user name + password, then a TOTP code when the account has one) and log out."""
from __future__ import annotations

import math

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Route

from . import accounts, audit, pending_forms, totp
from .client import BadForwardedFor
from .pages import CSRF_MESSAGE, Pages

SECOND_FACTOR_TIME = 300.0  # seconds between a right password and its TOTP code
WRONG = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"
MAX_NAME = 100


def _minutes(seconds: float) -> int:
    return max(1, math.ceil(seconds / 60))


def locked_message(seconds: float) -> str:
    return (f"ลองเข้าสู่ระบบผิดหลายครั้ง จึงล็อกไว้ชั่วคราว กรุณาลองใหม่ในอีก {_minutes(seconds)} นาที "
            "หากลืมรหัสผ่าน ติดต่อผู้ดูแลระบบ")


class LoginRoutes:
    def __init__(self, pages: Pages):
        self.pages = pages
        self.newsroom = pages.newsroom

    def routes(self) -> list[Route]:
        return [
            Route("/login", self.login_form, methods=["GET"]),
            Route("/login", self.login, methods=["POST"]),
            Route("/login/totp", self.totp_form, methods=["GET"]),
            Route("/login/totp", self.totp_login, methods=["POST"]),
            Route("/logout", self.logout, methods=["POST"]),
        ]

    def _client(self, request: Request) -> str:
        try:
            return self.newsroom.origin.address(request.scope)
        except BadForwardedFor:
            raise HTTPException(400, "ส่วนหัว X-Forwarded-For ไม่ถูกต้อง") from None

    def _form(self, request, visitor, status=200, name="", message="", field="", notice=""):
        return self.pages.render(request, "login.html", visitor, status, name=name, message=message, field=field,
                                 notice=notice)

    async def login_form(self, request: Request):
        visitor = self.pages.visitor(request, anonymous_session=True)
        if visitor.account is not None:
            return self.pages.redirect(request, "/")
        notice = {"out": "ออกจากระบบแล้ว",
                  "expired": "หมดเวลาเข้าระบบ ข้อความที่คุณพิมพ์ไว้ถูกเก็บไว้แล้ว เข้าสู่ระบบอีกครั้งเพื่อทำงานต่อ"}.get(
            request.query_params.get("m", ""), "")
        return self._form(request, visitor, notice=notice)

    async def login(self, request: Request):
        pages, newsroom = self.pages, self.newsroom
        visitor = pages.visitor(request)
        form = await pages.form(request)
        name = str(form.get("name") or "").strip()[:MAX_NAME]
        password = str(form.get("password") or "")
        if not pages.csrf_ok(visitor, form):
            # Nothing is checked or counted; the form comes back with a fresh token and the name kept.
            fresh = pages.visitor(request, anonymous_session=True)
            return self._form(request, fresh, 403, name, CSRF_MESSAGE)
        if not name or not password:
            return self._form(request, visitor, 400, name, "กรุณากรอกชื่อผู้ใช้และรหัสผ่าน",
                              "name" if not name else "password")
        client = self._client(request)
        now = newsroom.clock()
        with newsroom.db.connect() as conn:
            locked = newsroom.throttle.locked_for(conn, now, name, client)
            account = accounts.by_name(conn, name)
        if locked:
            return self._form(request, visitor, 429, name, locked_message(locked))
        ok, new_hash = await run_in_threadpool(newsroom.passwords.verify,
                                               account.password_hash if account else None, password)
        now = newsroom.clock()
        locked_now = False
        with newsroom.db.connect() as conn:
            if not ok:
                tag = newsroom.throttle.client_tag(conn, now, client)
                locked_now = newsroom.throttle.failed(conn, now, name, client)
                # The typed name is recorded only when it is an account's (it may be a password typed in the
                # wrong field); the client only as a keyed hash that changes daily.
                target = account.name if account else "(ไม่มีบัญชีนี้)"
                audit.record(conn, now, target if account else "-", "login_failed", target, f"เครื่อง {tag}")
                if locked_now:
                    audit.record(conn, now, "-", "login_locked", target, f"เครื่อง {tag}")
            elif account.disabled:
                audit.record(conn, now, account.name, "login_failed", account.name, "บัญชีถูกระงับ")
        if not ok:
            if locked_now:
                return self._form(request, visitor, 429, name, locked_message(newsroom.settings.lock_seconds))
            return self._form(request, visitor, 401, name, WRONG, "password")
        if account.disabled:
            return self._form(request, visitor, 403, name, "บัญชีนี้ถูกระงับ กรุณาติดต่อผู้ดูแลระบบ")
        with newsroom.db.connect() as conn:
            if new_hash:
                accounts.set_password_hash(conn, now, account, new_hash)
            newsroom.throttle.succeeded(conn, now, name, client)
            if account.totp_secret:
                token, _ = newsroom.sessions.replace(conn, visitor.session, now, pending_account_id=account.id)
            else:
                token, _ = newsroom.sessions.replace(conn, visitor.session, now, account_id=account.id)
                audit.record(conn, now, account.name, "login", account.name, "รหัสผ่าน")
        return pages.redirect(request, "/login/totp" if account.totp_secret else self._landing(account), token=token)

    def _landing(self, account) -> str:
        """The story list; or the form a session that ran out left behind, filled in again."""
        with self.newsroom.db.read() as conn:
            return "/stories/resume" if pending_forms.waiting(conn, account.id, self.newsroom.clock()) else "/"

    def _pending(self, request: Request):
        visitor = self.pages.visitor(request)
        session = visitor.session
        if session is None or session.pending_account_id is None:
            return visitor, None
        if self.newsroom.clock() - session.created_at > SECOND_FACTOR_TIME:
            return visitor, None
        with self.newsroom.db.connect() as conn:
            account = accounts.by_id(conn, session.pending_account_id)
        return visitor, (account if account and not account.disabled and account.totp_secret else None)

    def _totp_form(self, request, visitor, status=200, message=""):
        return self.pages.render(request, "login_totp.html", visitor, status, message=message)

    async def totp_form(self, request: Request):
        visitor, account = self._pending(request)
        if account is None:
            return self.pages.redirect(request, "/login")
        return self._totp_form(request, visitor)

    async def totp_login(self, request: Request):
        pages, newsroom = self.pages, self.newsroom
        visitor, account = self._pending(request)
        if account is None:  # no password step, or it is too old: start again (nothing is done)
            return pages.redirect(request, "/login")
        form = await pages.form(request)
        if not pages.csrf_ok(visitor, form):
            raise HTTPException(403, CSRF_MESSAGE)
        client = self._client(request)
        now = newsroom.clock()
        with newsroom.db.connect() as conn:
            locked = newsroom.throttle.locked_for(conn, now, account.name, client)
            if locked:
                newsroom.sessions.delete(conn, visitor.session)
        if locked:
            return self._form(request, pages.visitor(request, anonymous_session=True), 429, account.name,
                              locked_message(locked))
        step = totp.matching_step(account.totp_secret, str(form.get("code") or ""), now)
        with newsroom.db.connect() as conn:
            if step is not None and accounts.use_totp_step(conn, account, step):
                token, _ = newsroom.sessions.replace(conn, visitor.session, now, account_id=account.id)
                audit.record(conn, now, account.name, "login", account.name, "รหัสผ่านและรหัสยืนยันสองชั้น")
                ok = True
            else:
                tag = newsroom.throttle.client_tag(conn, now, client)
                newsroom.throttle.failed(conn, now, account.name, client)
                audit.record(conn, now, account.name, "login_failed", account.name, f"รหัสยืนยันผิด; เครื่อง {tag}")
                ok = False
        if ok:
            return pages.redirect(request, self._landing(account), token=token)
        return self._totp_form(request, visitor, 401, "รหัสยืนยันไม่ถูกต้องหรือใช้ไปแล้ว กรุณาใช้รหัสล่าสุดจากแอป")

    async def logout(self, request: Request):
        pages, newsroom = self.pages, self.newsroom
        visitor = pages.visitor(request)
        await pages.checked_form(request, visitor)
        now = newsroom.clock()
        with newsroom.db.connect() as conn:
            newsroom.sessions.delete(conn, visitor.session)
            if visitor.account:
                audit.record(conn, now, visitor.account.name, "logout", visitor.account.name)
        return pages.redirect(request, "/login?m=out", clear=True)
