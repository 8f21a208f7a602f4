"""The icon files (bytes) drawn from a square logo: favicon, apple-touch-icon, manifest icons and the manifest."""
from __future__ import annotations

import json
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from PIL import Image

FAVICON_SIZES = (16, 32, 48)
TOUCH_SIZE = 180
MANIFEST_SIZES = (192, 512)
MASKABLE_SAFE = 0.8  # a maskable icon keeps its picture inside the central 80 % circle
ICON_FILES = ("favicon.ico", "apple-touch-icon.png", "icons/icon-maskable-512.png", "site.webmanifest",
              *(f"icons/icon-{s}.png" for s in MANIFEST_SIZES))


@dataclass(frozen=True)
class IconSet:
    name: str
    short_name: str
    description: str
    theme_color: str
    background_color: str
    lang: str = "th"


def _png(img: Image.Image) -> bytes:
    out = BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _resized(logo: Image.Image, size: int) -> Image.Image:
    return logo.resize((size, size), Image.Resampling.LANCZOS)


def _on_background(logo: Image.Image, size: int, colour: str, scale: float = 1.0) -> Image.Image:
    """The logo at `scale` of `size`, centred on an opaque square of `colour` (phones mask it themselves)."""
    canvas = Image.new("RGBA", (size, size), colour)
    inner = round(size * scale)
    picture = _resized(logo, inner)
    offset = (size - inner) // 2
    canvas.alpha_composite(picture, (offset, offset))
    return canvas.convert("RGB")


def manifest(icons: IconSet) -> bytes:
    data = {
        "name": icons.name,
        "short_name": icons.short_name,
        "description": icons.description,
        "lang": icons.lang,
        "dir": "ltr",
        "start_url": "./",
        "scope": "./",
        "display": "minimal-ui",
        "theme_color": icons.theme_color,
        "background_color": icons.background_color,
        "icons": [{"src": f"icons/icon-{s}.png", "sizes": f"{s}x{s}", "type": "image/png"} for s in MANIFEST_SIZES]
        + [{"src": "icons/icon-maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"}],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def icon_files(logo_path: Path, icons: IconSet) -> dict[str, bytes]:
    """Output-relative path -> bytes of every icon file."""
    with Image.open(logo_path) as img:
        logo = img.convert("RGBA")
    if logo.width != logo.height:
        raise ValueError(f"site_icons: the logo {logo_path} must be square, it is {logo.width}×{logo.height}")
    ico = BytesIO()
    logo.save(ico, format="ICO", sizes=[(s, s) for s in FAVICON_SIZES])
    files = {
        "favicon.ico": ico.getvalue(),
        "apple-touch-icon.png": _png(_on_background(logo, TOUCH_SIZE, icons.background_color)),
        "icons/icon-maskable-512.png": _png(_on_background(logo, 512, icons.background_color, MASKABLE_SAFE)),
        "site.webmanifest": manifest(icons),
    }
    for size in MANIFEST_SIZES:
        files[f"icons/icon-{size}.png"] = _png(_resized(logo, size))
    return files
