"""One dated archive of everything the office cannot rebuild: the content repository (git history with photos,
plus the content folder as it is on disk), the read counter's database and the newsroom's database.

SQLite files are copied with SQLite's online backup API (a consistent copy while the services run).
`restore_backup` unpacks an archive into an empty folder, checking every file against the archive's manifest:
    <into>/content-repo/   a clone of the repository (content/ inside it, or the repository itself is content/)
    <into>/var/newsroom.sqlite3, <into>/var/readcounter.sqlite3
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from datetime import datetime
from zoneinfo import ZoneInfo
from pathlib import Path

from .content_history import ContentHistory
from .settings import Settings
from .site_parts import format_thai_date

FORMAT = 1


class BackupError(RuntimeError):
    pass


def sqlite_copy(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (online backup API; WAL contents included)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _git(*args, cwd: Path) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"git {args[0]}: {result.stderr.strip()}")
    return result.stdout


def make_backup(settings: Settings, out_dir: Path, clock=time.time) -> Path:
    """Write <out_dir>/nuea-backup-YYYYMMDD-HHMMSS.tar.gz (mode 0600: it holds password hashes); returns it."""
    history = ContentHistory(settings.content_dir, settings.content_repo or None)
    if history.head() is None:
        raise BackupError(f"ที่เก็บ {history.top} ยังไม่มี commit")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.fromtimestamp(clock(), ZoneInfo("Asia/Bangkok"))  # the office's calendar names the file
    archive = out_dir / f"nuea-backup-{stamp:%Y%m%d-%H%M%S}.tar.gz"
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".backup-") as tmp:
        tmp = Path(tmp)
        _git("bundle", "create", "--quiet", str(tmp / "content.bundle"), "--all", cwd=history.top)
        members = {"content.bundle": tmp / "content.bundle"}
        for name, source in (("newsroom.sqlite3", settings.db_path), ("readcounter.sqlite3", settings.counter_db)):
            if Path(source).exists():
                sqlite_copy(Path(source), tmp / name)
                members[f"databases/{name}"] = tmp / name
        content = history.content_dir
        files = sorted(p for p in content.rglob("*") if p.is_file() and ".git" not in p.relative_to(content).parts)
        for path in files:
            members[f"content/{path.relative_to(content).as_posix()}"] = path
        manifest = {
            "format": FORMAT, "created": stamp.isoformat(), "created_thai": format_thai_date(stamp, "numeric_time"),
            "head": history.head(), "content_in_repo": history.prefix.rstrip("/"),
            "files": {name: {"sha256": _sha256(path), "size": path.stat().st_size} for name, path in members.items()},
        }
        partial = out_dir / f".{archive.name}.partial"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime, info.mode = len(data), int(clock()), 0o600
            tar.addfile(info, io.BytesIO(data))
            for name, path in members.items():
                tar.add(path, arcname=name, recursive=False)
            tar.fileobj.flush()
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, archive)
    return archive


def restore_backup(archive: Path, into: Path) -> str:
    """Unpack `archive` into the empty (or new) folder `into`; returns a Thai summary of what went where."""
    into = Path(into)
    if into.exists() and any(into.iterdir()):
        raise BackupError(f"{into} ไม่ว่าง: คืนข้อมูลได้เฉพาะลงในโฟลเดอร์ว่าง")
    into.mkdir(parents=True, exist_ok=True)
    unpacked = into / ".unpacked"
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(unpacked, filter="data")  # refuses absolute paths, .., links out of the folder
    try:
        manifest = json.loads((unpacked / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise BackupError(f"{archive}: ไม่มี manifest.json ที่อ่านได้ ({err})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: รูปแบบไฟล์สำรอง {manifest.get('format')} ไม่รู้จัก")
    for name, meta in manifest["files"].items():
        path = unpacked / name
        if not path.is_file() or _sha256(path) != meta["sha256"]:
            raise BackupError(f"{archive}: {name} เสียหายหรือหายไป (ไม่ตรงกับ manifest)")
    repo = into / "content-repo"
    _git("clone", "--quiet", str(unpacked / "content.bundle"), str(repo), cwd=into)
    if _git("rev-parse", "HEAD", cwd=repo).strip() != manifest["head"]:
        _git("checkout", "--quiet", manifest["head"], cwd=repo)
    content = repo / manifest["content_in_repo"] if manifest["content_in_repo"] else repo
    for name in manifest["files"]:
        if name.startswith("content/"):  # the folder as it was on disk, uncommitted files included
            target = content / name.removeprefix("content/")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(unpacked / name, target)
    (into / "var").mkdir()
    restored = []
    for name in ("newsroom.sqlite3", "readcounter.sqlite3"):
        source = unpacked / "databases" / name
        if source.exists():
            os.replace(source, into / "var" / name)
            restored.append(str(into / "var" / name))
    shutil.rmtree(unpacked)
    return "\n".join([f"คืนข้อมูลจาก {archive} (สำรองเมื่อ {manifest['created_thai']}) แล้ว:",
                      f"  เนื้อหา: {content}", *(f"  ฐานข้อมูล: {p}" for p in restored)])
