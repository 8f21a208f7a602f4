"""Site-wide inputs, as digests: what every record was read with (the read key) and what every page is rendered
with (settings, theme, code, versions). A change of the read key makes every content file be read again; a change of
the site-wide inputs makes every page be rendered again (both: what a full build is for)."""
from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("pelican", "jinja2", "markdown", "feedgen", "pillow", "nh3", "lxml", "pythainlp", "beautifulsoup4",
            "pelican-precompress", "brotli", "pagefind-bin-extended")
VOLATILE = {"BUILD_NOW", "PATH", "OUTPUT_PATH", "CACHE_PATH", "PLUGINS", "SITEBUILD_READING", "SITEBUILD_READ_BATCH",
            "JINJA_FILTERS", "JINJA_GLOBALS", "JINJA_TESTS", "IMAGES_PUBLISH", "SHARE_CARD_PUBLISH",
            "READ_COUNTS_SOURCE", "READ_COUNTS_TIMEOUT"}  # not rendered, or code (covered by the code digest)
PLAIN = (str, int, float, bool, type(None))


def _plain(value, depth: int = 0):
    """A deterministic, comparable form of a setting's value; code and objects are named by type only."""
    if isinstance(value, PLAIN):
        return value
    if isinstance(value, Path):
        return str(value)
    if depth > 8:
        return type(value).__name__
    if isinstance(value, dict):
        return tuple(sorted((str(k), _plain(v, depth + 1)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v, depth + 1) for v in value)
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(repr(_plain(v, depth + 1)) for v in value))
    return type(value).__name__


def settings_digest(settings: dict) -> str:
    items = sorted((k, _plain(v)) for k, v in settings.items() if k.isupper() and k not in VOLATILE)
    return hashlib.blake2b(repr(items).encode(), digest_size=16).hexdigest()


def tree_digest(*folders: Path, suffixes: tuple[str, ...] | None = None) -> str:
    """Digest of every file (path and bytes) under the folders."""
    h = hashlib.blake2b(digest_size=16)
    for folder in folders:
        folder = Path(folder)
        if not folder.exists():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts or (suffixes and path.suffix not in suffixes):
                continue
            h.update(f"{path.relative_to(folder).as_posix()}\0".encode())
            h.update(path.read_bytes())
    return h.hexdigest()


@cache
def package_versions() -> str:
    found = []
    for name in PACKAGES:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=-")
    return ";".join(found)


@cache
def code_digest() -> str:
    """The code that makes pages: the core, the plugins, this package, and the library versions."""
    return tree_digest(ROOT / "nuea", ROOT / "plugins", ROOT / "sitebuild") + package_versions()


@cache
def reading_code_digest() -> str:
    """The code that reads content: the core and the plugins (not the renderer)."""
    return tree_digest(ROOT / "nuea", ROOT / "plugins") + package_versions()


def theme_digest(settings: dict) -> str:
    theme = Path(settings["THEME"])
    return tree_digest(theme / "templates", theme / "static",
                       *[Path(p) for p in settings.get("THEME_TEMPLATES_OVERRIDES", [])])


def read_key(settings: dict) -> str:
    """What reading a story depends on besides its own file and photos: settings, registry, theme, code."""
    registry = Path(settings["PATH"]) / settings.get("AGENCY_REGISTRY", "agencies.toml")
    parts = [settings_digest(settings), theme_digest(settings), reading_code_digest(),
             hashlib.blake2b(registry.read_bytes() if registry.is_file() else b"", digest_size=16).hexdigest()]
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()
