"""The derivative cache: files keyed by content hash, outside output/, written atomically."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from nuea.files import write_atomic, write_if_changed


def file_digest(path) -> str:
    """SHA-256 of a file's bytes (hex)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def source_dir(cache_root, digest: str) -> Path:
    """The cache folder of one source photo: <root>/<ab>/<digest>/."""
    return Path(cache_root) / digest[:2] / digest


def derivative_file(cache_root, digest: str, token: str, ext: str) -> Path:
    return source_dir(cache_root, digest) / f"{token}.{ext}"


def read_header(cache_root, digest: str) -> tuple[int, int, str] | None:
    """(upright width, height, format) stored for a source photo, or None if it was never derived."""
    try:
        meta = json.loads((source_dir(cache_root, digest) / "photo.json").read_text())
        return int(meta["width"]), int(meta["height"]), str(meta["format"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_header(cache_root, digest: str, header: tuple[int, int, str]) -> None:
    width, height, fmt = header
    write_atomic(source_dir(cache_root, digest) / "photo.json",
                 json.dumps({"width": width, "height": height, "format": fmt}).encode())


def publish(cached: Path, target: Path) -> bool:
    """Copy a cached derivative into output/ unless an identical file is there. True if written."""
    return write_if_changed(target, cached.read_bytes())
