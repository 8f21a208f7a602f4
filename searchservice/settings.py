"""Search service settings, from environment variables (defaults below)."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# env variable -> (field, default, meaning)
ENV = {
    "SEARCHSERVICE_INDEX": ("index_dir", "var/search", "folder of the index (current.sqlite3), written by the build"),
    "SEARCHSERVICE_PAGE_SIZE": ("page_size", "10", "results per page"),
}


@dataclass(frozen=True)
class Settings:
    index_dir: Path = Path(ENV["SEARCHSERVICE_INDEX"][1])
    page_size: int = 10

    def __post_init__(self):
        if not 1 <= self.page_size <= 100:
            raise ValueError(f"SEARCHSERVICE_PAGE_SIZE: expected 1 to 100, got {self.page_size}")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, site_root: Path | None = None) -> Settings:
        """Defaults, then the environment; a relative index folder is taken from site_root when given."""
        env = os.environ if env is None else env
        index_dir = Path(env.get("SEARCHSERVICE_INDEX", ENV["SEARCHSERVICE_INDEX"][1]))
        if site_root is not None and not index_dir.is_absolute():
            index_dir = site_root / index_dir
        try:
            page_size = int(env.get("SEARCHSERVICE_PAGE_SIZE", ENV["SEARCHSERVICE_PAGE_SIZE"][1]))
        except ValueError:
            raise ValueError(f"SEARCHSERVICE_PAGE_SIZE: not a number: {env['SEARCHSERVICE_PAGE_SIZE']!r}") from None
        return cls(index_dir=index_dir, page_size=page_size)
