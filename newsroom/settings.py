"""Newsroom settings, read from NEWSROOM_* environment variables (defaults and meanings below)."""
from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

# env variable -> (Settings field, default, one-line meaning); the README's table is this one.
ENV = {
    "NEWSROOM_DB": ("db_path", "var/newsroom.sqlite3",
                    "the newsroom's SQLite file: accounts, sessions, attempts, audit, jobs, header index"),
    "NEWSROOM_CONTENT": ("content_dir", "content", "the content folder the newsroom writes stories into"),
    "NEWSROOM_CONTENT_REPO": ("content_repo", "", "the git repository holding content/ ('' = the one containing it)"),
    "NEWSROOM_COUNTER_DB": ("counter_db", "var/readcounter.sqlite3", "the read counter's SQLite file (backups)"),
    "NEWSROOM_CACHE": ("cache_dir", "cache", "where the Sarabun WOFF2 files for the newsroom's pages are made"),
    "NEWSROOM_TRUSTED_PROXIES": ("trusted_proxies", "", "IPs/CIDRs whose X-Forwarded-For/-Proto are believed"),
    "NEWSROOM_SESSION_IDLE": ("session_idle", "3600", "seconds without a request before a session ends"),
    "NEWSROOM_SESSION_MAX": ("session_max", "43200", "seconds after login when a session ends regardless"),
    "NEWSROOM_LOGIN_MAX_FAILURES": ("account_failures", "5", "wrong logins for one account before it is locked"),
    "NEWSROOM_CLIENT_MAX_FAILURES": ("client_failures", "20", "wrong logins from one client before it is locked"),
    "NEWSROOM_LOGIN_WINDOW": ("failure_window", "900", "seconds in which those failures are counted"),
    "NEWSROOM_LOCK_SECONDS": ("lock_seconds", "900", "how long a lock lasts"),
    "NEWSROOM_ARGON2_TIME_COST": ("argon2_time_cost", "3", "Argon2id passes (RFC 9106 low-memory profile)"),
    "NEWSROOM_ARGON2_MEMORY_KIB": ("argon2_memory_kib", "65536", "Argon2id memory in KiB"),
    "NEWSROOM_ARGON2_PARALLELISM": ("argon2_parallelism", "4", "Argon2id lanes"),
    "NEWSROOM_SITE_SETTINGS": ("site_settings", "pelicanconf.py",
                               "the Pelican settings file a publish builds the site with"),
    "NEWSROOM_HTDOCS": ("htdocs", "", "the folder nginx serves: a publish copies the changed files there ('' = none)"),
    "NEWSROOM_WORK": ("work_dir", "var/newsroom-work", "previews and other short-lived files"),
    "NEWSROOM_PHOTO_MAX_MB": ("photo_max_mb", "25", "largest photo upload, in megabytes"),
}


def _networks(text: str) -> tuple:
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip())


_PARSE = {
    "db_path": Path, "content_dir": Path, "content_repo": str, "counter_db": Path, "cache_dir": Path,
    "trusted_proxies": _networks,
    "session_idle": float, "session_max": float, "account_failures": int, "client_failures": int,
    "failure_window": float, "lock_seconds": float, "argon2_time_cost": int, "argon2_memory_kib": int,
    "argon2_parallelism": int, "site_settings": Path, "htdocs": str, "work_dir": Path, "photo_max_mb": float,
}


@dataclass(frozen=True)
class Settings:
    db_path: Path = Path("var/newsroom.sqlite3")
    content_dir: Path = Path("content")
    content_repo: str = ""
    counter_db: Path = Path("var/readcounter.sqlite3")
    cache_dir: Path = Path("cache")
    trusted_proxies: tuple = ()
    session_idle: float = 3600.0
    session_max: float = 43200.0
    account_failures: int = 5
    client_failures: int = 20
    failure_window: float = 900.0
    lock_seconds: float = 900.0
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4
    site_settings: Path = Path("pelicanconf.py")
    htdocs: str = ""
    work_dir: Path = Path("var/newsroom-work")
    photo_max_mb: float = 25.0
    salt_period: float = 86400.0  # a client-key salt is replaced after this many seconds (then forgotten)

    def __post_init__(self):
        if min(self.session_idle, self.session_max, self.failure_window, self.lock_seconds) <= 0:
            raise ValueError("NEWSROOM_SESSION_*, NEWSROOM_LOGIN_WINDOW and NEWSROOM_LOCK_SECONDS must be positive")
        if self.account_failures < 1 or self.client_failures < 1:
            raise ValueError("NEWSROOM_*_MAX_FAILURES must be at least 1")
        if self.salt_period < self.failure_window + self.lock_seconds:
            raise ValueError("the client-key salt must outlive a failure window plus a lock")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, root: Path | None = None, **overrides) -> Settings:
        """Defaults, then the environment, then overrides; relative paths are taken from `root` when given."""
        env = os.environ if env is None else env
        values = {}
        for name, (attr, _default, _doc) in ENV.items():
            if name in env:
                try:
                    values[attr] = _PARSE[attr](env[name])
                except ValueError as exc:
                    raise ValueError(f"{name}={env[name]!r}: {exc}") from None
        settings = replace(cls(), **{**values, **overrides})
        if root is not None:
            root = Path(root)
            settings = replace(settings, db_path=root / settings.db_path, content_dir=root / settings.content_dir,
                               counter_db=root / settings.counter_db, cache_dir=root / settings.cache_dir,
                               content_repo=str(root / settings.content_repo) if settings.content_repo else "",
                               site_settings=root / settings.site_settings, work_dir=root / settings.work_dir,
                               htdocs=str(root / settings.htdocs) if settings.htdocs else "")
        return settings
