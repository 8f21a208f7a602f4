"""Sarabun TTF (OFL, from fontpkg-sarabun) → WOFF2 in output/theme/fonts/, cached by the source file's hash."""
from __future__ import annotations

import hashlib
import shutil
from io import BytesIO
from pathlib import Path

import fontpkg_sarabun
from fontTools.ttLib import TTFont

FONT_DIR = Path(fontpkg_sarabun.__file__).parent / "files"


def woff2_bytes(ttf: Path) -> bytes:
    """The font at `ttf` compressed as WOFF2."""
    font = TTFont(ttf, recalcTimestamp=False)  # keep head.modified: the same TTF gives the same bytes (hash)
    font.flavor = "woff2"
    out = BytesIO()
    font.save(out, reorderTables=False)
    return out.getvalue()


def install_fonts(weights, output_path, cache_path) -> list[Path]:
    """Write Sarabun-<weight>.woff2 and the OFL licence into output/theme/fonts; reuse cached conversions."""
    target = Path(output_path) / "theme" / "fonts"
    cache = Path(cache_path) / "fonts"
    target.mkdir(parents=True, exist_ok=True)
    cache.mkdir(parents=True, exist_ok=True)
    written = []
    for weight in weights:
        ttf = FONT_DIR / f"Sarabun-{weight}.ttf"
        digest = hashlib.sha256(ttf.read_bytes()).hexdigest()[:16]
        cached = cache / f"Sarabun-{weight}-{digest}.woff2"
        if not cached.exists():
            tmp = cached.with_suffix(".tmp")
            tmp.write_bytes(woff2_bytes(ttf))
            tmp.replace(cached)
        dest = target / f"Sarabun-{weight}.woff2"
        if not dest.exists() or dest.read_bytes() != cached.read_bytes():
            shutil.copyfile(cached, dest)
        written.append(dest)
    licence, copy = FONT_DIR.parent / "LICENSE", target / "OFL.txt"
    if not copy.exists() or copy.read_bytes() != licence.read_bytes():
        shutil.copyfile(licence, copy)
    return written
