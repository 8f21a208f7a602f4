"""A generated old-site mirror (bench/legacy_mirror.py) and its import by the real command, shared by the tests."""
from __future__ import annotations

import asyncio
import csv
import html
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from event_loop import run_async
from publish import nginx_harness

from nuea.header import parse_header
from nuea.keys import canonical_key
from system import require_system

ROOT = Path(__file__).resolve().parents[2]


def _load_generator():
    """bench/legacy_mirror.py, loaded by path: bench/ on sys.path would shadow plugins (bench/images.py)."""
    spec = importlib.util.spec_from_file_location("legacy_mirror", ROOT / "bench" / "legacy_mirror.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["legacy_mirror"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


legacy_mirror = _load_generator()
MirrorTruth, write_mirror = legacy_mirror.MirrorTruth, legacy_mirror.write_mirror

MIRROR_PAGES = 2000
SCRIPT = ROOT / "scripts" / "import_archive.py"


def run_import(mirror: Path, base: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """The real command on `mirror`, with content/, the state and the report under `base`."""
    return subprocess.run([sys.executable, str(SCRIPT), str(mirror), "--content", str(base / "content"),
                           "--state", str(base / "var" / "state.sqlite3"), "--report", str(base / "var" / "report"),
                           "--quiet", *args], capture_output=True, text=True, timeout=timeout)


def fresh_content(base: Path) -> Path:
    content = base / "content"
    content.mkdir(parents=True)
    shutil.copy(ROOT / "content" / "agencies.toml", content / "agencies.toml")
    return content


def report_rows(base: Path) -> dict[str, dict]:
    with open(base / "var" / "report" / "pages.csv", encoding="utf-8-sig", newline="") as f:
        return {row["page"]: row for row in csv.DictReader(f)}


def content_snapshot(content: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(content).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(content.rglob("*")) if p.is_file()}


@dataclass
class ImportedArchive:
    truth: MirrorTruth
    base: Path
    result: subprocess.CompletedProcess

    @property
    def content(self) -> Path:
        return self.base / "content"


@pytest.fixture(scope="session")
def mirror(tmp_path_factory) -> MirrorTruth:
    return write_mirror(tmp_path_factory.mktemp("archive") / "mirror", MIRROR_PAGES)


@pytest.fixture(scope="session")
def imported(mirror, tmp_path_factory) -> ImportedArchive:
    """The whole generated mirror imported once into an empty site (agencies.toml only)."""
    base = tmp_path_factory.mktemp("imported")
    fresh_content(base)
    result = run_import(mirror.root, base)
    assert result.returncode == 1, result.stderr  # 1: the mirror holds failing pages, listed in the report
    return ImportedArchive(mirror, base, result)


_IMAGE = re.compile(r'^!\[(?P<alt>(?:\\.|[^\]])*)\]\(/(?P<path>[^ )]+)(?: "(?P<title>[^"]*)")?\)$')


def read_story_file(path: Path) -> tuple[dict, list[str], list[dict]]:
    """(canonical fields, text paragraphs, body photos) of a story file."""
    header = parse_header(path.read_text(encoding="utf-8"))
    fields = {canonical_key(f.key) or f.key: f.value for f in header.fields}
    paragraphs, photos = [], []
    for block in header.body.strip().split("\n\n"):
        m = _IMAGE.match(block)
        if m:
            photos.append({"alt": html.unescape(re.sub(r"\\(.)", r"\1", m["alt"])), "path": m["path"],
                           "caption": html.unescape(m["title"] or "")})
        else:
            paragraphs.append(block)
    return fields, paragraphs, photos


def story_files(content: Path) -> dict[str, Path]:
    files = sorted((content / "news").rglob("*.md"))
    ids = [p.stem for p in files]
    assert len(ids) == len(set(ids)), "a story id twice"
    return dict(zip(ids, files, strict=False))


SITEURL = "https://nuea-news.example.go.th"
HOST = "nuea-news.example.go.th"


def copy_stories(imported: ImportedArchive, content: Path, story_ids: Iterable[str], withdrawn: set[str] = frozenset(),
                 photos: bool = True) -> None:
    """The imported stories `story_ids` (and their photos) into a site's content/, those in `withdrawn` withdrawn."""
    files = story_files(imported.content)
    content.mkdir(parents=True, exist_ok=True)
    shutil.copy(imported.content / "agencies.toml", content)
    for sid in story_ids:
        rel = files[sid].relative_to(imported.content)
        text = files[sid].read_text(encoding="utf-8")
        if sid in withdrawn:
            assert "\nสถานะ: เผยแพร่\n" in text
            text = text.replace("\nสถานะ: เผยแพร่\n", "\nสถานะ: ถอนแล้ว\n")
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
        for image in re.findall(r"images/\d{4}/\d{2}/[\w.-]+", text) if photos else ():
            (content / image).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(imported.content / image, content / image)


def browser_requests(address: str) -> list[str]:
    """What readers' browsers send for an old address: Thai percent-encoded, a comma raw (a link as the old site
    wrote it) or %2C, each also with a Facebook click id added."""
    sent = httpx.URL(address).raw_path.decode("ascii")
    forms = dict.fromkeys([sent, sent.replace("%2C", ",")])
    return [*forms, *(f"{form}&fbclid=IwAR0x{n}" for n, form in enumerate(forms))]


@pytest.fixture(scope="session")
def nginx_for(tmp_path_factory):
    """nginx_for(site folder) -> an httpx client of a real nginx (deploy/nginx/nuea-news.conf) serving it."""
    require_system("nginx", bool(shutil.which("nginx")) or os.path.exists(nginx_harness.NGINX),
                   "apt-get install nginx-light")
    running = []

    def start(site: Path) -> httpx.Client:
        setup = nginx_harness.write_test_config(tmp_path_factory.mktemp("nginx"), site, nginx_harness.free_port())
        check = nginx_harness.check_config(setup)
        assert check.returncode == 0 and "could not build" not in check.stderr, check.stderr
        process = nginx_harness.start(setup)
        client = httpx.Client(base_url=f"https://127.0.0.1:{setup.https_port}", verify=False,
                              headers={"Host": HOST}, timeout=10)
        running.append((process, client))
        return client

    yield start
    for process, client in running:
        client.close()
        process.terminate()
        process.wait(timeout=10)


def nginx_answers(client: httpx.Client, paths: Iterable[str]) -> dict[str, tuple[int, str]]:
    return {path: _answer(client.get(path)) for path in paths}


def local_answers(site: Path, paths: Iterable[str]) -> dict[str, tuple[int, str]]:
    """The local server (scripts.serve.site_app) on `site`: (status, Location) of each path."""
    from scripts.serve import site_app

    paths = list(paths)

    async def fetch():
        transport = httpx.ASGITransport(app=site_app(site))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as client:
            found = {}
            for start in range(0, len(paths), 64):
                batch = paths[start:start + 64]
                for path, response in zip(batch, await asyncio.gather(*(client.get(p) for p in batch)),
                                          strict=True):
                    found[path] = _answer(response)
            return found

    return run_async(fetch())


def _answer(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.headers.get("location", "")
