"""A generated old-site mirror (bench/legacy_mirror.py) and its import by the real command, shared by the tests."""
from __future__ import annotations

import csv
import html
import importlib.util
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from nuea.header import parse_header
from nuea.keys import canonical_key

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
