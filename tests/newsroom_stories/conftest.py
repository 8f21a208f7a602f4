"""Fixtures of the story tests: a newsroom whose content/ is a real git repository, with the site's real
settings file pointed at it (so checks, previews and publishes use the real build), accounts, and clients.

A package (__init__.py): this conftest does not take the name `conftest` from tests/conftest.py.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from newsroom_service.conftest import (  # noqa: F401
    PASSWORD,
    Client,
    Clock,
    make_settings,
    pytest_pyfunc_call,  # noqa: F401  (async tests on their own loop thread)
)

from newsroom.app import server_app
from newsroom.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
BLOB_RE = re.compile(r'name="base_blob" value="([^"]*)"')
FAST_SITE = {"SEARCH_INDEX": False}  # builds in tests that do not search skip Pagefind


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def site_settings_file(tmp: Path, **extra) -> Path:
    """The site's pelicanconf.py, pointed at tmp/content (PATH), tmp/output, tmp/cache."""
    conf = tmp / "site_settings.py"
    values = {"PATH": str(tmp / "content"), "OUTPUT_PATH": str(tmp / "output"), "CACHE_PATH": str(tmp / "cache"),
              "READ_COUNTS_SOURCE": str(tmp / "var" / "readcounter.sqlite3"), "IMAGES_WORKERS": 1, **extra}
    conf.write_text("from pelicanconf import *  # noqa\n" + "".join(f"{k} = {v!r}\n" for k, v in values.items()),
                    encoding="utf-8")
    return conf


def content_repo(tmp: Path) -> Path:
    content = tmp / "content"
    content.mkdir(parents=True, exist_ok=True)
    (content / "agencies.toml").write_bytes((ROOT / "content" / "agencies.toml").read_bytes())
    subprocess.run(["git", "init", "-q", "-b", "main", str(content)], check=True)
    git(content, "add", "-A")
    git(content, "-c", "user.name=setup", "-c", "user.email=", "commit", "-q", "-m", "registry")
    return content


@dataclass
class Room:
    app: object
    clock: object
    settings: Settings
    tmp: Path

    @property
    def newsroom(self):
        return self.app.state.newsroom

    @property
    def content(self) -> Path:
        return self.settings.content_dir

    def add(self, name, role, agencies=(), all_agencies=False):
        return self.newsroom.create_account("test", name, role, list(agencies), all_agencies, PASSWORD)

    def client(self) -> Client:
        import httpx
        transport = httpx.ASGITransport(app=self.app, client=("203.0.113.9", 40000), raise_app_exceptions=False)
        return Client(httpx.AsyncClient(transport=transport, base_url="http://newsroom.test"))

    def story_files(self) -> dict[str, str]:
        return {p.relative_to(self.content).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted((self.content / "news").rglob("*.md"))} if (self.content / "news").exists() else {}

    def log(self) -> list[str]:
        return git(self.content, "log", "--format=%an|%s").splitlines()


def make_room(tmp: Path, clock=None, **site) -> Room:
    content_repo(tmp)
    conf = site_settings_file(tmp, **{**FAST_SITE, **site})
    settings = make_settings(tmp, site_settings=conf, work_dir=tmp / "work")
    clock = clock or Clock()
    return Room(server_app(settings, clock), clock, settings, tmp)


@pytest.fixture
def room(tmp_path) -> Room:
    return make_room(tmp_path)


def form_values(**fields) -> dict:
    values = {"title": "ลำปางจัดงานลำไยประจำปี", "date": "1 ธันวาคม 2569 09:30", "reporter": "นายทดสอบ ใจดี",
              "editor": "", "agency": "ส.ปชส.ลำปาง", "province": "", "category": "ข่าวภูมิภาค",
              "tags": "ลำไย, เกษตรกร", "summary": "สรุปข่าวลำไย", "image_path": "", "image_caption": "",
              "image_alt": "", "body": "ย่อหน้าแรกของข่าว\n\nย่อหน้าที่สอง", "correction": ""}
    values.update(fields)
    return values


def base_blob(html: str) -> str:
    m = BLOB_RE.search(html)
    return m.group(1) if m else ""
