"""Backup and restore: one archive (content repository with photos, counter and newsroom databases); a restore
into an empty folder builds the same site, byte for byte, with the same read counts."""
from __future__ import annotations

import io
import sqlite3
import tarfile
from pathlib import Path

import pytest
from PIL import Image

from conftest import story_text
from newsroom.backup import BackupError, make_backup, restore_backup
from readcounter.store import SQLiteStore

from .conftest import ROOT, git, git_repo, make_settings


def build(content: Path, out: Path, counter_db: Path) -> Path:
    from pelican.settings import read_settings

    from sitebuild import full_build
    override = {"PATH": str(content), "OUTPUT_PATH": str(out / "output"), "CACHE_PATH": str(out / "cache"),
                "READ_COUNTS_SOURCE": str(counter_db), "SEARCH_INDEX": False}
    full_build(read_settings(str(ROOT / "pelicanconf.py"), override=override))
    return out / "output"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def office(tmp_path):
    """A project repository with two stories and a photo, a counter database with reads, a newsroom database."""
    repo = git_repo(tmp_path / "project")
    content = repo / "content"
    (content / "news" / "2569").mkdir(parents=True)
    (content / "images" / "2569" / "11").mkdir(parents=True)
    (content / "agencies.toml").write_bytes((ROOT / "content" / "agencies.toml").read_bytes())
    Image.new("RGB", (320, 200), (40, 120, 200)).save(content / "images" / "2569" / "11" / "lpg-fair.jpg")
    (content / "news" / "2569" / "lpg-fair.md").write_text(story_text(
        id="lpg-fair", title="ลำปางจัดงานเซรามิก", image="images/2569/11/lpg-fair.jpg",
        image_caption="บรรยากาศงานเซรามิก"), encoding="utf-8")
    (content / "news" / "2569" / "nan-boat.md").write_text(story_text(
        id="nan-boat", title="น่านแข่งเรือ", agency="ส.ปชส.น่าน"), encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "-c", "user.name=setup", "-c", "user.email=", "commit", "-qm", "เริ่มต้น")
    settings = make_settings(tmp_path / "newsroom", content_dir=content,
                             counter_db=tmp_path / "var" / "readcounter.sqlite3")
    store = SQLiteStore(settings.counter_db)
    store.add_reads({("lpg-fair", "2026-11-20"): 41, ("nan-boat", "2026-11-20"): 7})
    store.close()
    from newsroom.service import Newsroom
    Newsroom(settings).create_account("test", "admin1", "admin", [], False, "รหัสผ่านยาวพอ-2569")
    return settings


def test_restore_into_an_empty_folder_builds_the_same_site(office, tmp_path):
    original = build(office.content_dir, tmp_path / "build-original", office.counter_db)
    archive = make_backup(office, tmp_path / "backups")
    assert archive.name.startswith("nuea-backup-") and archive.name.endswith(".tar.gz")
    assert archive.stat().st_mode & 0o077 == 0  # it holds password hashes
    summary = restore_backup(archive, tmp_path / "restored")
    restored_content = tmp_path / "restored" / "content-repo" / "content"
    assert str(restored_content) in summary
    assert (restored_content / "images" / "2569" / "11" / "lpg-fair.jpg").read_bytes() == \
        (office.content_dir / "images" / "2569" / "11" / "lpg-fair.jpg").read_bytes()
    assert git(tmp_path / "restored" / "content-repo", "log", "--format=%s").strip() == "เริ่มต้น"
    with sqlite3.connect(tmp_path / "restored" / "var" / "newsroom.sqlite3") as conn:
        assert conn.execute("SELECT name FROM accounts").fetchall() == [("admin1",)]
    rebuilt = build(restored_content, tmp_path / "build-restored", tmp_path / "restored" / "var" / "readcounter.sqlite3")
    before, after = tree(original), tree(rebuilt)
    assert before.keys() == after.keys() and len(before) > 20
    assert [name for name in before if before[name] != after[name]] == []
    assert 'อ่าน : <span class="read-count-n">41</span>' in after["news/lpg-fair/index.html"].decode()  # counts too


def test_a_backup_keeps_uncommitted_files_and_a_live_database(office, tmp_path):
    (office.content_dir / "news" / "2569" / "draft-by-hand.md").write_text("ยังไม่ได้ commit\n", encoding="utf-8")
    live = sqlite3.connect(office.counter_db)  # the counter running: a committed read still in the WAL file
    live.execute("PRAGMA wal_autocheckpoint=0")
    live.execute("UPDATE reads_total SET reads = reads + 1000 WHERE story_id = 'nan-boat'")
    live.commit()
    assert Path(f"{office.counter_db}-wal").stat().st_size > 0
    archive = make_backup(office, tmp_path / "backups")
    live.close()
    restore_backup(archive, tmp_path / "restored")
    assert (tmp_path / "restored" / "content-repo" / "content" / "news" / "2569" / "draft-by-hand.md").exists()
    with sqlite3.connect(tmp_path / "restored" / "var" / "readcounter.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT reads FROM reads_total WHERE story_id = 'nan-boat'").fetchone() == (1007,)


def test_restore_refuses_a_full_folder_and_a_damaged_archive(office, tmp_path):
    archive = make_backup(office, tmp_path / "backups")
    full = tmp_path / "full"
    full.mkdir()
    (full / "something").write_text("x")
    with pytest.raises(BackupError, match="ไม่ว่าง"):
        restore_backup(archive, full)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "databases/newsroom.sqlite3":
                data = data[:-10] + b"0123456789"
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match="newsroom.sqlite3 เสียหาย"):
        restore_backup(damaged, tmp_path / "r2")
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as dst:
        info = tarfile.TarInfo("../../outside.txt")
        info.size = 1
        dst.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(tarfile.TarError):
        restore_backup(evil, tmp_path / "r3")
    assert not (tmp_path / "outside.txt").exists()
