"""Which text files need fresh .gz/.br twins, and making them (in worker processes when there are many).

A file whose size and mtime are the ones recorded with its digest is not read again (a warm build of tens of
thousands of files only stats them); any write changes the mtime, so a changed file is always hashed."""
from __future__ import annotations

import functools
import hashlib
import json
import os
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import brotli
from pelican.plugins.precompress import FileSizeIncrease, compress_with_brotli

from nuea.files import write_atomic

POOL_FROM = 64  # below this many files to compress, one process is faster than starting workers
SPAWN_FROM = 1000  # from this many, workers start fresh (spawn) instead of as copies of a build holding the site


BROTLI_QUALITY = 9  # 11 (pelican-precompress) costs ~18× the CPU for files 5-7 % smaller: a 220 kB feed takes
# 280 ms instead of 15 ms, and a publish rewrites a dozen feeds
GZIP_LEVEL = 6  # 9 (pelican-precompress) takes 2.7× the time of 6 for files 5 % smaller (a publish's feeds: 0.79 s
# against 0.30); .gz is only for clients without brotli


def formats(settings) -> list[tuple[str, object]]:
    """(twin extension, compressor) of each enabled format."""
    enabled = []
    if settings["PRECOMPRESS_BROTLI"]:
        enabled.append((".br", functools.partial(compress_with_brotli_at, quality=BROTLI_QUALITY)))
    if settings["PRECOMPRESS_GZIP"]:
        enabled.append((".gz", functools.partial(compress_with_gzip_at, level=GZIP_LEVEL)))
    return enabled


def text_files(output: Path, extensions, min_size: int) -> list[Path]:
    """Every file under `output` with one of `extensions`, at least `min_size` bytes (os.walk: one listing each)."""
    found = []
    for folder, _, names in os.walk(output):
        for name in names:
            path = Path(folder, name)
            if path.suffix in extensions and not (min_size and path.stat().st_size < min_size):
                found.append(path)
    return sorted(found)


def _stat(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return [st.st_size, st.st_mtime_ns]


class Manifest:
    """output-relative path -> {"sha256": hash of the file, ext: [size, mtime_ns] of its twin or None}."""

    def __init__(self, path: Path, output: Path):
        self.path, self.output = path, str(output.resolve())
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            made = (data.get("output"), data.get("brotli"), data.get("gzip"))
            same = made == (self.output, BROTLI_QUALITY, GZIP_LEVEL)
            self.files = data["files"] if same else {}  # twins made otherwise are made again
        except (OSError, ValueError, KeyError, AttributeError):
            self.files = {}
        self.seen: dict[str, dict] = {}

    def is_current(self, rel: str, digest: str, twins: dict[str, Path]) -> bool:
        entry = self.files.get(rel)
        return bool(entry) and entry.get("sha256") == digest and all(
            entry.get(ext, False) == _stat(twin) for ext, twin in twins.items())

    def known_digest(self, rel: str, path: Path) -> str | None:
        """The file's recorded SHA-256 when its size and mtime are the ones recorded with it (not read again)."""
        entry = self.files.get(rel)
        return entry.get("sha256") if entry and entry.get("stat") == _stat(path) else None

    def record(self, rel: str, digest: str, twins: dict[str, Path], stat: list[int] | None = None) -> None:
        self.seen[rel] = {"sha256": digest, "stat": stat, **{ext: _stat(twin) for ext, twin in twins.items()}}

    def save(self) -> None:
        write_atomic(self.path, json.dumps({"output": self.output, "brotli": BROTLI_QUALITY, "gzip": GZIP_LEVEL,
                                            "files": self.seen}))


def compress_with_brotli_at(data: bytes, quality: int) -> bytes:
    """pelican-precompress's brotli compressor, at a chosen quality."""
    if quality == 11:
        return compress_with_brotli(data)
    return _smaller(data, brotli.compress(data, mode=brotli.MODE_TEXT, quality=quality))


def compress_with_gzip_at(data: bytes, level: int) -> bytes:
    """A gzip stream (as pelican-precompress writes it) at a chosen level."""
    compressor = zlib.compressobj(level=level, wbits=16 + zlib.MAX_WBITS)
    return _smaller(data, compressor.compress(data) + compressor.flush())


def _smaller(data: bytes, blob: bytes) -> bytes:
    if len(blob) >= len(data):
        raise FileSizeIncrease()
    return blob


def _compress(path: Path, enabled) -> None:
    """Write path's twins; a twin that would not be smaller is removed instead (as pelican-precompress skips it)."""
    data = path.read_bytes()
    for ext, compressor in enabled:
        twin = path.with_name(path.name + ext)
        try:
            blob = compressor(data)
        except FileSizeIncrease:
            twin.unlink(missing_ok=True)
            continue
        write_atomic(twin, blob)


def make_twins(files: list[Path], enabled, manifest: Manifest, overwrite: bool, pool_from: int = POOL_FROM) -> int:
    """Compress every file whose twins are not current (in worker processes from `pool_from` files); returns how
    many were compressed."""
    todo, checked, output = [], [], Path(manifest.output)
    for path in files:
        twins = {ext: path.with_name(path.name + ext) for ext, _ in enabled}
        if not overwrite:
            wanted = [(ext, c) for ext, c in enabled if not twins[ext].exists()]
            if wanted:
                todo.append((path, wanted))
            continue
        rel = path.resolve().relative_to(output).as_posix()
        digest = manifest.known_digest(rel, path) or hashlib.sha256(path.read_bytes()).hexdigest()
        if not manifest.is_current(rel, digest, twins):
            todo.append((path, enabled))
        checked.append((rel, digest, twins, _stat(path)))
    if len(todo) >= pool_from and (os.cpu_count() or 1) > 1:
        import multiprocessing

        context = multiprocessing.get_context("spawn") if len(todo) >= SPAWN_FROM else None
        with ProcessPoolExecutor(mp_context=context) as pool:
            list(pool.map(_compress, *zip(*todo, strict=False), chunksize=8))
    else:
        for path, wanted in todo:
            _compress(path, wanted)
    for rel, digest, twins, stat in checked:
        manifest.record(rel, digest, twins, stat)  # after compressing: the twins' sizes and times as now on disk
    return len(todo)
