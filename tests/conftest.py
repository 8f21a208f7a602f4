"""Shared test helpers: real Pelican builds in a temporary folder, loopback servers, Chromium."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from system import require_system

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]

STORY_DEFAULTS = {
    "title": "ทดสอบระบบข่าว จังหวัดลำปาง",
    "date": "2026-11-20 10:30",
    "reporter": "นายทดสอบ ระบบดี",
    "editor": "",
    "agency": "ส.ปชส.ลำปาง",
    "category": "ข่าวภูมิภาค",
    "tags": "ทดสอบ",
    "summary": "ข่าวทดสอบสำหรับการสร้างเว็บไซต์",
}


def story_text(body: str = "เนื้อข่าวทดสอบ ย่อหน้าแรก\n\nย่อหน้าที่สอง", **fields) -> str:
    """A valid story file; override any field (English canonical keys), None drops a field."""
    meta = {**STORY_DEFAULTS, **fields}
    header = "".join(f"{key}: {value}\n" for key, value in meta.items() if value is not None)
    return f"{header}\n{body}\n"


def build_site(tmp_path: Path, stories: dict | None = None, settings: dict | None = None,
               site_content: bool = False) -> Path:
    """Build a real site with pelicanconf.py into tmp_path/output (the site build, as `make html`); returns it."""
    from pelican.settings import read_settings

    from sitebuild import full_build

    content = tmp_path / "content"
    if site_content:
        shutil.copytree(ROOT / "content", content, dirs_exist_ok=True)
    else:
        content.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "content" / "agencies.toml", content / "agencies.toml")
    for rel, text in (stories or {}).items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    output = tmp_path / "output"
    override = {"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(tmp_path / "cache")}
    override.update(settings or {})
    full_build(read_settings(str(ROOT / "pelicanconf.py"), override=override))
    return output


@pytest.fixture(scope="session")
def chromium_path() -> str:
    require_system(f"Chromium at {CHROMIUM}", Path(CHROMIUM).exists(), "apt-get install chromium")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def serve_dir():
    """serve_dir(path) -> base URL of a real HTTP server on loopback serving that folder."""
    servers = []

    def start(path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(path))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
