"""Sarabun TTF (OFL, from fontpkg-sarabun) → WOFF2 in output/theme/fonts/, cached by the source file's hash."""
from __future__ import annotations

import hashlib
from io import BytesIO
from pathlib import Path

import fontpkg_sarabun
from fontTools.ttLib import TTFont

from nuea.files import write_atomic, write_if_changed

FONT_DIR = Path(fontpkg_sarabun.__file__).parent / "files"


def woff2_bytes(ttf: Path) -> bytes:
    """The font at `ttf` compressed as WOFF2."""
    font = TTFont(ttf, recalcTimestamp=False)  # the head table keeps its date: the same font, the same bytes
    font.flavor = "woff2"
    out = BytesIO()
    font.save(out, reorderTables=False)
    return out.getvalue()


def font_files(weights, cache_path) -> dict[str, Path]:
    """Output-relative path -> file to copy: Sarabun-<weight>.woff2 (converted once into the cache, under a name
    carrying the source's hash) and the OFL licence."""
    cache = Path(cache_path) / "fonts"
    cache.mkdir(parents=True, exist_ok=True)
    files = {}
    for weight in weights:
        ttf = FONT_DIR / f"Sarabun-{weight}.ttf"
        digest = hashlib.sha256(ttf.read_bytes()).hexdigest()[:16]
        cached = cache / f"Sarabun-{weight}-{digest}-2.woff2"  # -2: made without a new timestamp
        if not cached.exists():
            write_atomic(cached, woff2_bytes(ttf))
        files[f"theme/fonts/Sarabun-{weight}.woff2"] = cached
    files["theme/fonts/OFL.txt"] = FONT_DIR.parent / "LICENSE"
    return files


def install_fonts(weights, output_path, cache_path) -> list[Path]:
    """Write Sarabun-<weight>.woff2 and the OFL licence into output/theme/fonts; reuse cached conversions."""
    written = []
    for rel, source in font_files(weights, cache_path).items():
        dest = Path(output_path) / rel
        write_if_changed(dest, source.read_bytes())
        if rel.endswith(".woff2"):
            written.append(dest)
    return written
