"""What one running newsroom holds: settings, database, sessions, login throttle, passwords, registry, clock."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from . import accounts, audit
from .accounts import Account, AccountError
from .client import RequestOrigin
from .content_history import ContentHistory
from .database import Database
from .jobs import SiteJobs, child_update
from .login_throttle import Limits, LoginThrottle
from .passwords import Passwords, password_problem
from .sessions import SessionStore
from .settings import Settings
from .site_config import SiteConfig
from .site_parts import Registry, load_registry
from .story_index import StoryIndex


class Newsroom:
    def __init__(self, settings: Settings, clock: Callable[[], float] = time.time,
                 registry: Registry | None = None):
        self.settings = settings
        self.clock = clock
        self.db = Database(settings.db_path)
        self.sessions = SessionStore(settings.session_idle, settings.session_max)
        self.throttle = LoginThrottle(Limits(settings.account_failures, settings.client_failures,
                                             settings.failure_window, settings.lock_seconds, settings.salt_period))
        self.passwords = Passwords(settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism)
        self._registry = registry
        self.origin = RequestOrigin(settings.trusted_proxies)
        self.site = SiteConfig(settings.site_settings, settings.content_dir)
        self.index = StoryIndex(self.db, settings.content_dir, self.site.story_context)
        self.jobs = SiteJobs(self.db, clock, self._update_site, before_update=lambda: self.photos.wait())
        self.jobs.on_finished = self._jobs_finished
        self._history_lock = threading.Lock()
        self._history: ContentHistory | None = None
        self._background = []

    # --- the parts of phase 2, made when first needed (a test app without stories never needs git) ----------
    @property
    def history(self) -> ContentHistory:
        with self._history_lock:
            if self._history is None:
                self._history = ContentHistory(self.settings.content_dir, self.settings.content_repo or None)
            return self._history

    @cached_property
    def photos(self):
        from .photos import PhotoSizes
        return PhotoSizes(self.site)

    @cached_property
    def desk(self):
        from .story_desk import StoryDesk
        return StoryDesk(self)

    @cached_property
    def previews(self):
        from .preview import Previews
        return Previews(self)

    def _update_site(self, paths: list[str]) -> None:
        self.site.check_publishable()
        child_update(self.site.settings_file, self.settings.htdocs)(paths)

    def _jobs_finished(self, jobs) -> None:
        failed = [j for j in jobs if j.state == "failed"]
        if failed:
            with self.db.connect() as conn:
                audit.record(conn, self.clock(), "ระบบ", "site_update_failed", ", ".join(j.story_id for j in failed),
                             failed[0].message[-400:])

    def start_background(self, scheduler_tick: float = 1.0) -> None:
        """The job worker and the scheduler (the service's lifespan; `make serve` starts them too)."""
        from .scheduler import Scheduler
        if self._background:
            return
        self.index.scan()
        scheduler = Scheduler(self.db, self.clock, self.index, self.jobs, tick=scheduler_tick)
        self.jobs.start()
        scheduler.start()
        self._background = [scheduler, self.jobs]

    def stop_background(self) -> None:
        for part in self._background:
            part.stop()
        self._background = []

    @property
    def registry(self) -> Registry:
        """The agency registry of content/ (re-read when the file changes)."""
        return self._registry or load_registry(Path(self.settings.content_dir) / "agencies.toml")

    def agency_labels(self, account: Account) -> str:
        if account.all_agencies:
            return "ทุกหน่วยงาน"
        by_code = {a.code: a.abbr for a in self.registry.agencies}
        return ", ".join(by_code.get(code, code) for code in account.agencies) or "—"

    # --- account changes shared by the CLI and the administration pages (each one audited) ---------------
    def create_account(self, actor: str, name: str, role: str, agency_texts: list[str], all_agencies: bool,
                       password: str) -> Account:
        problem = password_problem(password)
        if problem:
            raise AccountError(problem, "password")
        codes = accounts.resolve_agencies(self.registry, agency_texts)
        password_hash = self.passwords.hash(password)
        now = self.clock()
        with self.db.connect() as conn:
            account = accounts.create(conn, now, name, role, codes, all_agencies, password_hash)
            audit.record(conn, now, actor, "account_created", account.name,
                         f"{account.role_label}; {self.agency_labels(account)}")
        return account

    def set_role(self, actor: str, name: str, role: str, agency_texts: list[str], all_agencies: bool) -> Account:
        codes = accounts.resolve_agencies(self.registry, agency_texts)
        now = self.clock()
        with self.db.connect() as conn:
            account = self._existing(conn, name)
            changed = accounts.set_role(conn, now, account, role, codes, all_agencies)
            if changed.role != account.role:
                audit.record(conn, now, actor, "role_changed", account.name,
                             f"{account.role_label} → {changed.role_label}")
            if (changed.agencies, changed.all_agencies) != (account.agencies, account.all_agencies):
                audit.record(conn, now, actor, "agencies_changed", account.name,
                             f"{self.agency_labels(account)} → {self.agency_labels(changed)}")
        return changed

    def set_password(self, actor: str, name: str, password: str, keep_session: bytes | None = None) -> None:
        problem = password_problem(password)
        if problem:
            raise AccountError(problem, "password")
        password_hash = self.passwords.hash(password)
        now = self.clock()
        with self.db.connect() as conn:
            account = self._existing(conn, name)
            accounts.set_password_hash(conn, now, account, password_hash)
            accounts.end_sessions(conn, account, keep_session)
            audit.record(conn, now, actor, "password_reset", account.name)

    def set_disabled(self, actor: str, name: str, disabled: bool) -> None:
        now = self.clock()
        with self.db.connect() as conn:
            account = self._existing(conn, name)
            if account.disabled != disabled:
                accounts.set_disabled(conn, now, account, disabled)
                audit.record(conn, now, actor, "account_disabled" if disabled else "account_enabled", account.name)

    def remove_totp(self, actor: str, name: str) -> None:
        now = self.clock()
        with self.db.connect() as conn:
            account = self._existing(conn, name)
            if account.totp_secret:
                accounts.set_totp(conn, now, account, None)
                audit.record(conn, now, actor, "totp_removed", account.name)

    @staticmethod
    def _existing(conn, name: str) -> Account:
        account = accounts.by_name(conn, name)
        if account is None:
            raise AccountError(f"ไม่มีบัญชีชื่อ {name}", "name")
        return account
