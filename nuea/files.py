"""Writing output and content files: atomically (temp file + rename), and only when the bytes change."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, data: bytes | str, *, fsync: bool = False, tag: str = "") -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename: a reader (nginx, the
    counter, a crash) sees the old file or the new one, never half of one. fsync=True also survives power loss.
    tag (e.g. "import-archive") marks the temporary file's name, so its writer can remove what a killed run left
    (remove_temp_files)."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{tag + '.' if tag else ''}", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if fsync:
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if fsync:
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def remove_temp_files(folder: str | Path, tag: str) -> list[Path]:
    """Remove, below `folder`, the temporary files of write_atomic(..., tag=tag) that were never renamed (their
    process was killed in between); returns them. Only that tag's: another writer's file in flight is left alone."""
    if not tag:
        raise ValueError("a tag is needed: untagged temporary files may belong to a write in progress")
    name = re.compile(rf"\..+\.{re.escape(tag)}\.[a-z0-9_]{{8}}\.tmp")
    removed = []
    for folder_path, _, names in os.walk(folder):
        for found in names:
            if name.fullmatch(found):
                path = Path(folder_path) / found
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def write_if_changed(path: str | Path, data: bytes | str) -> bool:
    """Write atomically unless the file already holds exactly these bytes (its mtime then stays, so rsync and
    caches see no change). Returns True when written."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_atomic(path, data)
    return True
