"""Administration (admins only, checked on the server for every request): accounts and the audit log."""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Route

from . import accounts, audit
from .accounts import ROLES, AccountError
from .pages import Pages

AUDIT_PAGE = 100


class AdminRoutes:
    def __init__(self, pages: Pages):
        self.pages = pages
        self.newsroom = pages.newsroom

    def routes(self) -> list[Route]:
        return [
            Route("/admin/accounts", self.list_accounts, methods=["GET"]),
            Route("/admin/accounts/new", self.new_form, methods=["GET"]),
            Route("/admin/accounts/new", self.create, methods=["POST"]),
            Route("/admin/accounts/{name}", self.account_page, methods=["GET"]),
            Route("/admin/accounts/{name}/role", self.set_role, methods=["POST"]),
            Route("/admin/accounts/{name}/password", self.reset_password, methods=["POST"]),
            Route("/admin/accounts/{name}/disabled", self.set_disabled, methods=["POST"]),
            Route("/admin/accounts/{name}/totp", self.remove_totp, methods=["POST"]),
            Route("/admin/audit", self.audit_log, methods=["GET"]),
        ]

    def _agencies(self):
        return self.newsroom.registry.agencies

    async def list_accounts(self, request: Request):
        visitor = self.pages.require_admin(request)
        with self.newsroom.db.connect() as conn:
            everyone = accounts.all_accounts(conn)
        return self.pages.render(request, "admin_accounts.html", visitor, accounts=everyone,
                                 agency_labels=self.newsroom.agency_labels, notice=request.query_params.get("m", ""))

    def _new_form(self, request, visitor, status=200, values=None, error=None):
        values = values or {"name": "", "role": "writer", "agencies": [], "all_agencies": False}
        return self.pages.render(request, "admin_account_new.html", visitor, status, values=values, error=error,
                                 roles=ROLES, agencies=self._agencies())

    async def new_form(self, request: Request):
        return self._new_form(request, self.pages.require_admin(request))

    async def create(self, request: Request):
        visitor = self.pages.require_admin(request)
        form = await self.pages.checked_form(request, visitor)
        values = {"name": str(form.get("name") or "").strip()[:100], "role": str(form.get("role") or ""),
                  "agencies": [str(v) for v in form.getlist("agencies")], "all_agencies": bool(form.get("all_agencies"))}
        password, repeat = str(form.get("password") or ""), str(form.get("password2") or "")
        try:
            if password != repeat:
                raise AccountError("รหัสผ่านทั้งสองช่องไม่ตรงกัน", "password2")
            account = self.newsroom.create_account(visitor.account.name, values["name"], values["role"],
                                                   values["agencies"], values["all_agencies"], password)
        except AccountError as err:
            return self._new_form(request, visitor, 400, values, err)
        return self.pages.redirect(request, f"/admin/accounts/{account.name}?m=created")

    def _account(self, name: str):
        with self.newsroom.db.connect() as conn:
            account = accounts.by_name(conn, name)
        if account is None:
            raise HTTPException(404, f"ไม่มีบัญชีชื่อ {name}")
        return account

    def _account_page(self, request, visitor, target, status=200, error=None, notice=""):
        return self.pages.render(request, "admin_account.html", visitor, status, target=target, error=error,
                                 notice=notice, roles=ROLES, agencies=self._agencies(),
                                 agency_labels=self.newsroom.agency_labels)

    async def account_page(self, request: Request):
        visitor = self.pages.require_admin(request)
        notices = {"created": "สร้างบัญชีแล้ว", "saved": "บันทึกแล้ว", "password": "ตั้งรหัสผ่านใหม่แล้ว"}
        return self._account_page(request, visitor, self._account(request.path_params["name"]),
                                  notice=notices.get(request.query_params.get("m", ""), ""))

    async def _change(self, request: Request, change):
        """Run `change(visitor, form, name)`; an AccountError comes back on the account's page (400)."""
        visitor = self.pages.require_admin(request)
        form = await self.pages.checked_form(request, visitor)
        name = request.path_params["name"]
        target = self._account(name)
        try:
            notice = change(visitor, form, target.name)
        except AccountError as err:
            return self._account_page(request, visitor, self._account(name), 400, err)
        return self.pages.redirect(request, f"/admin/accounts/{target.name}?m={notice}")

    async def set_role(self, request: Request):
        def change(visitor, form, name):
            self.newsroom.set_role(visitor.account.name, name, str(form.get("role") or ""),
                                   [str(v) for v in form.getlist("agencies")], bool(form.get("all_agencies")))
            return "saved"
        return await self._change(request, change)

    async def reset_password(self, request: Request):
        def change(visitor, form, name):
            password = str(form.get("password") or "")
            if password != str(form.get("password2") or ""):
                raise AccountError("รหัสผ่านทั้งสองช่องไม่ตรงกัน", "password2")
            keep = visitor.session.token_hash if name == visitor.account.name else None
            self.newsroom.set_password(visitor.account.name, name, password, keep)
            return "password"
        return await self._change(request, change)

    async def set_disabled(self, request: Request):
        def change(visitor, form, name):
            disabled = form.get("disabled") == "1"
            if disabled and name == visitor.account.name:
                raise AccountError("ระงับบัญชีของตัวเองไม่ได้", "disabled")
            self.newsroom.set_disabled(visitor.account.name, name, disabled)
            return "saved"
        return await self._change(request, change)

    async def remove_totp(self, request: Request):
        def change(visitor, form, name):
            self.newsroom.remove_totp(visitor.account.name, name)
            return "saved"
        return await self._change(request, change)

    async def audit_log(self, request: Request):
        visitor = self.pages.require_admin(request)
        before = request.query_params.get("before", "")
        before_id = int(before) if before.isdigit() else None
        with self.newsroom.db.connect() as conn:
            rows = audit.entries(conn, AUDIT_PAGE + 1, before_id)
        more = len(rows) > AUDIT_PAGE
        return self.pages.render(request, "admin_audit.html", visitor, entries=rows[:AUDIT_PAGE],
                                 next_before=rows[AUDIT_PAGE - 1].id if more else None)
