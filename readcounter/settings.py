"""Service settings, read from environment variables (documented defaults below)."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

# env variable -> (Settings field, default, one-line meaning)
ENV = {
    "READCOUNTER_DB": ("db_path", "var/readcounter.sqlite3", "SQLite file (WAL); its folder is created"),
    "READCOUNTER_MANIFEST": ("manifest_path", "output/api/stories.json", "build's list of countable story ids"),
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
    "READCOUNTER_SYNCHRONOUS": ("synchronous", "FULL", "SQLite synchronous pragma: FULL (fsync each commit) or NORMAL"),
}


def _networks(text: str) -> tuple:
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip())


def _origins(text: str) -> frozenset[str]:
    return frozenset(part.strip().rstrip("/") for part in text.split(",") if part.strip())


_PARSE = {
    "db_path": Path,
    "manifest_path": Path,
    "trusted_proxies": _networks,
    "allowed_origins": _origins,
    "rate_limit": int,
    "rate_window": float,
    "body_limit": int,
    "timezone": str,
    "synchronous": lambda v: v.upper(),
}


@dataclass(frozen=True)
class Settings:
    db_path: Path = Path(ENV["READCOUNTER_DB"][1])
    manifest_path: Path = Path(ENV["READCOUNTER_MANIFEST"][1])
    trusted_proxies: tuple = ()
    allowed_origins: frozenset[str] = field(default_factory=lambda: _origins(ENV["READCOUNTER_ALLOWED_ORIGINS"][1]))
    rate_limit: int = 120
    rate_window: float = 60.0
    body_limit: int = 1024
    timezone: str = "Asia/Bangkok"
    synchronous: str = "FULL"
    manifest_check_interval: float = 1.0  # seconds between manifest mtime checks

    def __post_init__(self):
        if self.synchronous not in ("FULL", "NORMAL", "EXTRA"):
            raise ValueError(f"READCOUNTER_SYNCHRONOUS: expected FULL, NORMAL or EXTRA, got {self.synchronous!r}")
        if self.rate_limit < 1 or self.rate_window <= 0 or self.body_limit < 0:
            raise ValueError("READCOUNTER_RATE_LIMIT/RATE_WINDOW must be positive, BODY_LIMIT >= 0")

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
        settings = replace(cls(), **values, **overrides)
        if site_root is not None:
            root = Path(site_root)
            settings = replace(settings, db_path=root / settings.db_path, manifest_path=root / settings.manifest_path)
        return settings
