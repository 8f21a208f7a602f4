"""Daily salts: the secret key of a day's reader hashes. A salt never reaches a disk.

- PostgreSQL (several instances): the salt lives in an UNLOGGED table (see postgres_store.py), shared by every
  instance, never in the write-ahead log, truncated when its day is over.
- SQLite (one instance): LocalSalts keeps it in the process's memory and, when a RAM-backed folder is given
  (READCOUNTER_SALT_DIR, or systemd's RuntimeDirectory on tmpfs), also in a file there, so a restart of the
  service keeps the day's salt and, with it, the day's seen-set: a restart does not count a reader twice.
  A folder on a real disk is refused.
"""

from __future__ import annotations

import os
import secrets
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

RAM_FILESYSTEMS = {"tmpfs", "ramfs"}
SALT_FILE = "readcounter-salts"


@dataclass(frozen=True)
class Salt:
    day: date
    secret: bytes  # 32 random bytes: the blake2b key of the day's reader hashes
    salt_id: bytes  # 16 random bytes naming this salt (safe to store and compare; reveals nothing of the secret)

    def __repr__(self) -> str:  # never print the secret (logs, tracebacks)
        return f"Salt(day={self.day.isoformat()}, salt_id={self.salt_id.hex()})"


def new_salt(day: date) -> Salt:
    return Salt(day, secrets.token_bytes(32), secrets.token_bytes(16))


class SaltChanged(RuntimeError):
    """The salt an instance holds for a day is no longer the stored one (e.g. PostgreSQL lost its unlogged tables)."""


def filesystem_type(path: Path, mountinfo: str | None = None) -> str:
    """The type of the filesystem holding `path`: the mount with the longest mount point that is a prefix of it,
    from /proc/self/mountinfo (or the given text of one, for tests)."""
    if mountinfo is None:
        target = os.path.realpath(path)
        with open("/proc/self/mountinfo", encoding="utf-8") as mounts:
            mountinfo = mounts.read()
    else:
        target = str(path)
    best, kind = "", ""
    for line in mountinfo.splitlines():
        left, _, right = line.partition(" - ")
        if not right:
            continue
        mount_point = left.split()[4].replace("\\040", " ")
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) > len(best):
            best, kind = mount_point, right.split()[0]
    return kind


def check_ram_folder(path: Path) -> Path:
    path = Path(path)
    if not path.is_dir():
        raise ValueError(f"READCOUNTER_SALT_DIR {path}: not a folder")
    kind = filesystem_type(path)
    if kind not in RAM_FILESYSTEMS:
        raise ValueError(f"READCOUNTER_SALT_DIR {path}: on {kind or 'an unknown filesystem'}, not in RAM "
                         "(tmpfs/ramfs); the daily salt must never reach a disk")
    return path


class LocalSalts:
    """Salts of one process (SQLite store): memory, plus a file in a RAM-backed folder when one is given."""

    def __init__(self, folder: Path | None = None):
        self.folder = check_ram_folder(folder) if folder else None
        self._lock = threading.Lock()
        self._salts: dict[date, Salt] = self._load()

    @property
    def survives_restart(self) -> bool:
        return self.folder is not None

    def _file(self) -> Path:
        return self.folder / SALT_FILE

    def _load(self) -> dict[date, Salt]:
        if self.folder is None or not self._file().exists():
            return {}
        salts = {}
        for line in self._file().read_text(encoding="ascii").split():
            day, salt_id, secret = line.split(",")
            when = date.fromisoformat(day)
            salts[when] = Salt(when, bytes.fromhex(secret), bytes.fromhex(salt_id))
        return salts

    def _save(self) -> None:
        if self.folder is None:
            return
        text = "".join(f"{s.day.isoformat()},{s.salt_id.hex()},{s.secret.hex()}\n" for s in self._salts.values())
        tmp = self.folder / f".{SALT_FILE}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(text)
        os.replace(tmp, self._file())

    def salt(self, day: date) -> Salt:
        with self._lock:
            salt = self._salts.get(day)
            if salt is None:
                salt = self._salts[day] = new_salt(day)
                self._save()
            return salt

    def forget(self, alive: frozenset[date]) -> list[date]:
        """Drop the salts of days no longer alive; returns those days."""
        with self._lock:
            gone = [day for day in self._salts if day not in alive]
            for day in gone:
                del self._salts[day]
            if gone:
                self._save()
            return gone

    def held_days(self) -> list[date]:
        with self._lock:
            return sorted(self._salts)
