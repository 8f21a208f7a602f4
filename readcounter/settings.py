"""Service settings, read from environment variables (documented defaults below)."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

# env variable -> (Settings field, default, one-line meaning)
ENV = {
    "READCOUNTER_DATABASE_URL": (
        "database_url", "",
        "PostgreSQL URL (postgresql:// or postgres://, ?host=/socket/folder allowed): several instances share it; "
        "when set it wins over READCOUNTER_DB",
    ),
    "READCOUNTER_DB": ("db_path", "var/readcounter.sqlite3", "SQLite file (WAL), one instance; its folder is created"),
    "READCOUNTER_MANIFEST": (
        "manifest_path", "output/api/stories.json", "build's list of countable story ids: a path or an http(s) URL"),
    "READCOUNTER_MANIFEST_INTERVAL": (
        "manifest_check_interval", "", "seconds between manifest checks (default 1 for a file, 10 for a URL)"),
    "READCOUNTER_TRUSTED_PROXIES": ("trusted_proxies", "", "comma list of IPs/CIDRs whose X-Forwarded-For is believed"),
    "READCOUNTER_ALLOWED_ORIGINS": (
        "allowed_origins",
        "http://localhost:8000,http://127.0.0.1:8000",
        "comma list of browser Origins allowed to call the API",
    ),
    "READCOUNTER_RATE_LIMIT": ("rate_limit", "120", "API requests per client per rate window"),
    "READCOUNTER_RATE_WINDOW": ("rate_window", "60", "rate window in seconds"),
    "READCOUNTER_BODY_LIMIT": ("body_limit", "1024", "largest request body in bytes"),
    "READCOUNTER_TIMEZONE": ("timezone", "Asia/Bangkok", "the zone whose calendar day bounds 'once per day'"),
    "READCOUNTER_SALT_GRACE": (
        "salt_grace", "300", "seconds a finished day's salt and seen-set are kept after midnight (clock skew)"),
    "READCOUNTER_SALT_DIR": (
        "salt_dir", "",
        "SQLite only: a RAM-backed folder (tmpfs) keeping the day's salt across restarts; default systemd's "
        "$RUNTIME_DIRECTORY, else memory only",
    ),
    "READCOUNTER_SYNCHRONOUS": ("synchronous", "FULL", "SQLite synchronous pragma: FULL (fsync each commit) or NORMAL"),
    "READCOUNTER_DB_POOL": ("db_pool_size", "4", "PostgreSQL: connections per instance"),
    "READCOUNTER_DB_TIMEOUT": (
        "db_timeout", "2", "PostgreSQL: seconds to wait for a connection before answering 503"),
    "READCOUNTER_COMMIT_GATHER": (
        "commit_gather", "",
        "milliseconds a commit waits for more reads while reads keep coming (never after a quiet spell); "
        "default 2 for PostgreSQL, whose cost is per commit, 0 for SQLite"),
}


def _networks(text: str) -> tuple:
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip())


def _origins(text: str) -> frozenset[str]:
    return frozenset(part.strip().rstrip("/") for part in text.split(",") if part.strip())


def _database_url(text: str) -> str:
    text = text.strip()
    if text and not text.startswith(("postgresql://", "postgres://")):
        raise ValueError("expected a postgresql:// or postgres:// URL")
    return text


def _manifest(text: str):
    return text if text.startswith(("http://", "https://")) else Path(text)


def _optional_seconds(text: str) -> float | None:
    return float(text) if text.strip() else None


_PARSE = {
    "database_url": _database_url,
    "db_path": Path,
    "manifest_path": _manifest,
    "manifest_check_interval": _optional_seconds,
    "trusted_proxies": _networks,
    "allowed_origins": _origins,
    "rate_limit": int,
    "rate_window": float,
    "body_limit": int,
    "timezone": str,
    "salt_grace": float,
    "salt_dir": lambda v: Path(v) if v.strip() else None,
    "synchronous": lambda v: v.upper(),
    "db_pool_size": int,
    "db_timeout": float,
    "commit_gather": lambda v: float(v) if v.strip() else None,
}


@dataclass(frozen=True)
class Settings:
    database_url: str = ""
    db_path: Path = Path(ENV["READCOUNTER_DB"][1])
    manifest_path: Path | str = Path(ENV["READCOUNTER_MANIFEST"][1])  # a Path, or an http(s) URL
    manifest_check_interval: float | None = None  # None: 1 s for a file, 10 s for a URL
    trusted_proxies: tuple = ()
    allowed_origins: frozenset[str] = field(default_factory=lambda: _origins(ENV["READCOUNTER_ALLOWED_ORIGINS"][1]))
    rate_limit: int = 120
    rate_window: float = 60.0
    body_limit: int = 1024
    timezone: str = "Asia/Bangkok"
    salt_grace: float = 300.0
    salt_dir: Path | None = None
    synchronous: str = "FULL"
    db_pool_size: int = 4
    db_timeout: float = 2.0
    commit_gather: float | None = None  # milliseconds; None: the backend's default (gather_seconds)

    def __post_init__(self):
        if self.synchronous not in ("FULL", "NORMAL", "EXTRA"):
            raise ValueError(f"READCOUNTER_SYNCHRONOUS: expected FULL, NORMAL or EXTRA, got {self.synchronous!r}")
        if self.rate_limit < 1 or self.rate_window <= 0 or self.body_limit < 0:
            raise ValueError("READCOUNTER_RATE_LIMIT/RATE_WINDOW must be positive, BODY_LIMIT >= 0")
        if not 0 <= self.salt_grace < 43200:
            raise ValueError("READCOUNTER_SALT_GRACE: 0 to 43200 seconds (less than half a day)")
        if self.commit_gather is not None and not 0 <= self.commit_gather <= 50:
            raise ValueError("READCOUNTER_COMMIT_GATHER: 0 to 50 milliseconds")
        if self.db_pool_size < 1 or self.db_timeout <= 0:
            raise ValueError("READCOUNTER_DB_POOL must be >= 1 and READCOUNTER_DB_TIMEOUT > 0")

    @property
    def gather_seconds(self) -> float:
        """How long a commit waits for more reads while reads keep arriving (see groupcommit.py)."""
        if self.commit_gather is not None:
            return self.commit_gather / 1000
        return 0.002 if self.backend == "postgresql" else 0.0

    @property
    def backend(self) -> str:
        return "postgresql" if self.database_url else "sqlite"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, site_root: Path | None = None, **overrides) -> Settings:
        """Defaults, then environment, then overrides; relative paths are taken from site_root when given."""
        env = os.environ if env is None else env
        values = {}
        for name, (attr, _default, _doc) in ENV.items():
            if name in env:
                try:
                    values[attr] = _PARSE[attr](env[name])
                except ValueError as exc:
                    raise ValueError(f"{name}={env[name]!r}: {exc}") from None
        if "salt_dir" not in values and env.get("RUNTIME_DIRECTORY"):  # systemd RuntimeDirectory= (tmpfs under /run)
            values["salt_dir"] = Path(env["RUNTIME_DIRECTORY"].split(":")[0])
        settings = replace(cls(), **values, **overrides)
        if site_root is not None:
            root = Path(site_root)
            manifest = settings.manifest_path
            settings = replace(settings, db_path=root / settings.db_path,
                               manifest_path=root / manifest if isinstance(manifest, Path) else manifest)
        return settings
