"""An account's own page: change the password; enrol or remove the TOTP second factor (editors, admins)."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Route

from . import accounts, audit, totp
from .accounts import AccountError
from .pages import Pages

WRONG_CODE = "รหัสยืนยันไม่ถูกต้อง กรุณาใช้รหัส 6 หลักล่าสุดจากแอป"


class AccountRoutes:
    def __init__(self, pages: Pages):
        self.pages = pages
        self.newsroom = pages.newsroom

    def routes(self) -> list[Route]:
        return [
            Route("/account", self.page, methods=["GET"]),
            Route("/account/password", self.change_password, methods=["POST"]),
            Route("/account/totp", self.enrol_form, methods=["GET"]),
            Route("/account/totp", self.enrol, methods=["POST"]),
            Route("/account/totp/remove", self.remove, methods=["POST"]),
        ]

    def _page(self, request, visitor, status=200, error=None, notice=""):
        return self.pages.render(request, "account.html", visitor, status, error=error, notice=notice,
                                 agency_labels=self.newsroom.agency_labels)

    async def page(self, request: Request):
        visitor = self.pages.require_login(request)
        notices = {"password": "เปลี่ยนรหัสผ่านแล้ว", "totp": "เปิดใช้รหัสยืนยันสองชั้นแล้ว",
                   "totp-removed": "ยกเลิกรหัสยืนยันสองชั้นแล้ว"}
        return self._page(request, visitor, notice=notices.get(request.query_params.get("m", ""), ""))

    async def change_password(self, request: Request):
        visitor = self.pages.require_login(request)
        form = await self.pages.checked_form(request, visitor)
        account = visitor.account
        ok, _ = await run_in_threadpool(self.newsroom.passwords.verify, account.password_hash,
                                        str(form.get("current") or ""))
        try:
            if not ok:
                raise AccountError("รหัสผ่านปัจจุบันไม่ถูกต้อง", "current")
            if str(form.get("password") or "") != str(form.get("password2") or ""):
                raise AccountError("รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน", "password2")
            self.newsroom.set_password(account.name, account.name, str(form.get("password") or ""),
                                       keep_session=visitor.session.token_hash)
        except AccountError as err:
            return self._page(request, visitor, 400, err)
        return self.pages.redirect(request, "/account?m=password")

    def _second_factor_account(self, request: Request):
        visitor = self.pages.require_login(request)
        if not visitor.account.may_use_totp():
            raise HTTPException(403, "รหัสยืนยันสองชั้นใช้ได้กับบรรณาธิการและผู้ดูแลระบบ")
        return visitor

    def _enrol_page(self, request, visitor, status=200, message=""):
        secret = visitor.session.data.get("totp_pending")
        if not secret:
            secret = visitor.session.data["totp_pending"] = totp.new_secret()
            with self.newsroom.db.connect() as conn:
                self.newsroom.sessions.save_data(conn, visitor.session)
        uri = totp.provisioning_uri(secret, visitor.account.name)
        return self.pages.render(request, "account_totp.html", visitor, status, qr_svg=totp.qr_svg(uri),
                                 secret=secret, message=message)

    async def enrol_form(self, request: Request):
        visitor = self._second_factor_account(request)
        if visitor.account.totp_secret:
            return self.pages.redirect(request, "/account")
        return self._enrol_page(request, visitor)

    async def enrol(self, request: Request):
        visitor = self._second_factor_account(request)
        form = await self.pages.checked_form(request, visitor)
        secret = visitor.session.data.get("totp_pending")
        now = self.newsroom.clock()
        step = totp.matching_step(secret, str(form.get("code") or ""), now) if secret else None
        if step is None:
            return self._enrol_page(request, visitor, 400, WRONG_CODE)
        with self.newsroom.db.connect() as conn:
            accounts.set_totp(conn, now, visitor.account, secret, step)
            visitor.session.data.pop("totp_pending", None)
            self.newsroom.sessions.save_data(conn, visitor.session)
            audit.record(conn, now, visitor.account.name, "totp_enabled", visitor.account.name)
        return self.pages.redirect(request, "/account?m=totp")

    async def remove(self, request: Request):
        visitor = self._second_factor_account(request)
        form = await self.pages.checked_form(request, visitor)
        account = visitor.account
        now = self.newsroom.clock()
        step = totp.matching_step(account.totp_secret, str(form.get("code") or ""), now) if account.totp_secret else None
        if step is None:
            return self._page(request, visitor, 400, AccountError(WRONG_CODE, "code"))
        self.newsroom.remove_totp(account.name, account.name)
        return self.pages.redirect(request, "/account?m=totp-removed")
