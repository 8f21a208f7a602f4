"""Hashed names of the theme's assets: pure naming and CSS rewriting, and the one object that writes the copies."""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path, PurePosixPath

from nuea.files import write_if_changed

HASH_DIGITS = 10  # deploy/nginx caches `\.[0-9a-f]{8,}\.(css|js|woff2|...)$` for a year
CSS_URL = re.compile(r"""url\(\s*(?P<q>["']?)(?P<ref>[^"')]+)(?P=q)\s*\)""")
TWINS = ("", ".gz", ".br")  # plugins/compressed_twins writes foo.css.gz and foo.css.br beside foo.css


class AssetMissing(FileNotFoundError):
    pass


def hashed_name(name: str, data: bytes) -> str:
    """`site.css` + bytes → `site.<first HASH_DIGITS hex of sha256>.css`."""
    stem, dot, ext = name.rpartition(".")
    digest = hashlib.sha256(data).hexdigest()[:HASH_DIGITS]
    return f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}"


def stale_pattern(name: str) -> re.Pattern:
    """Matches the hashed copies of `name` (any hash) and their compressed twins."""
    stem, _, ext = name.rpartition(".")
    return re.compile(rf"{re.escape(stem)}\.[0-9a-f]{{{HASH_DIGITS}}}\.{re.escape(ext)}(?:\.gz|\.br)?")


def is_local_reference(ref: str) -> bool:
    return not re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", ref, re.IGNORECASE)


def rewrite_css(css: str, resolve) -> str:
    """`css` with each relative `url(ref)` replaced by `resolve(ref)` (the ref's hashed relative address)."""
    def replace(match):
        ref = match.group("ref").strip()
        if not is_local_reference(ref):
            return match.group(0)
        path, sep, tail = _split_tail(ref)
        return f'url("{resolve(path)}{sep}{tail}")'
    return CSS_URL.sub(replace, css)


def _split_tail(ref: str) -> tuple[str, str, str]:
    match = re.search(r"[?#]", ref)
    if not match:
        return ref, "", ""
    return ref[: match.start()], ref[match.start()], ref[match.start() + 1:]




class AssetNames:
    """One build's hashed assets. `url("theme/css/site.css")` → `"theme/css/site.<hash>.css"` (output-relative).

    A file under `<static_dir>/` is read from the theme's static folders, else from the output (files other
    plugins generate there, e.g. the fonts); its hashed copy is written beside the plain name in the output.
    """

    def __init__(self, output: Path, static_dir: str, sources: list[Path], generated: dict[str, Path] | None = None,
                 write: bool = True):
        self.output = Path(output)
        self.static_dir = static_dir.strip("/")
        self.sources = [Path(s) for s in sources]
        self.generated = dict(generated or {})  # output-relative path -> its file, for files other plugins make
        self.write = write  # False: only name them, and keep their bytes in `made` (the site build writes them)
        self.names: dict[str, str] = {}  # output-relative plain path -> hashed path
        self.made: dict[str, bytes] = {}  # output-relative hashed path -> bytes (write=False)
        self.written: list[str] = []

    def source_bytes(self, rel: str) -> bytes:
        prefix = self.static_dir + "/"
        candidates = [s / rel[len(prefix):] for s in self.sources] if rel.startswith(prefix) else []
        if rel in self.generated:
            candidates.append(self.generated[rel])
        candidates.append(self.output / rel)
        for path in candidates:
            if path.is_file():
                return path.read_bytes()
        raise AssetMissing(f"asset: {rel} is neither in the theme's static folder nor made by a plugin "
                           f"(looked in {', '.join(str(c) for c in candidates)})")

    def url(self, rel: str) -> str:
        """The output-relative address of `rel`'s hashed copy (made on first use)."""
        rel = str(PurePosixPath(rel.lstrip("/")))
        if rel not in self.names:
            self.names[rel] = self._publish(rel)
        return self.names[rel]

    def _publish(self, rel: str) -> str:
        data = self.source_bytes(rel)
        folder = PurePosixPath(rel).parent
        if rel.endswith(".css"):
            def resolve(ref: str) -> str:
                target = PurePosixPath(os.path.normpath(str(folder / ref)))
                hashed = PurePosixPath(self.url(str(target)))
                return os.path.relpath(str(hashed), str(folder)).replace(os.sep, "/")
            data = rewrite_css(data.decode("utf-8"), resolve).encode("utf-8")
        name = PurePosixPath(rel).name
        hashed = hashed_name(name, data)
        if not self.write:
            self.made[str(folder / hashed)] = data
            return str(folder / hashed)
        target = self.output / folder / hashed
        if write_if_changed(target, data):
            self.written.append(str(folder / hashed))
        self._prune(target.parent, name, keep=hashed)
        return str(folder / hashed)

    @staticmethod
    def _prune(folder: Path, name: str, keep: str) -> None:
        pattern = stale_pattern(name)
        for path in folder.iterdir():
            if pattern.fullmatch(path.name) and path.name not in {keep + t for t in TWINS}:
                path.unlink()
