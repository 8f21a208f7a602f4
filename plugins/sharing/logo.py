"""The site's logo (a sun over the northern hills), drawn once as PNG and SVG into theme/static/img/.

Run `python -m sharing.logo theme/static/img` from plugins/ to redraw it after a change.
"""
from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

NAVY, GOLD, WHITE, MIST = "#0f2f57", "#f2b705", "#ffffff", "#9fc2e7"
SIZE = 100  # geometry below is in a 100×100 box
SUN = (64, 44, 14)  # centre x, centre y, radius
FAR_HILL = [(30, 82), (62, 50), (94, 82)]
NEAR_HILL = [(6, 82), (36, 40), (66, 82)]
RADIUS = 18  # rounded corners


def logo_svg() -> str:
    def pts(poly):
        return " ".join(f"{x},{y}" for x, y in poly)

    cx, cy, r = SUN
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" role="img" aria-label="ข่าวภาคเหนือตอนบน">'
        f'<rect width="{SIZE}" height="{SIZE}" rx="{RADIUS}" fill="{NAVY}"/>'
        f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{GOLD}"/>'
        f'<polygon points="{pts(FAR_HILL)}" fill="{MIST}"/>'
        f'<polygon points="{pts(NEAR_HILL)}" fill="{WHITE}"/>'
        f'<rect x="6" y="82" width="88" height="4" rx="2" fill="{GOLD}"/>'
        "</svg>\n"
    )


def draw_logo(pixels: int = 512) -> Image.Image:
    """The logo as an RGBA image `pixels` wide, drawn at 4× and scaled down for smooth edges."""
    big = pixels * 4
    k = big / SIZE
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=RADIUS * k, fill=NAVY)
    cx, cy, r = SUN
    draw.ellipse(((cx - r) * k, (cy - r) * k, (cx + r) * k, (cy + r) * k), fill=GOLD)
    draw.polygon([(x * k, y * k) for x, y in FAR_HILL], fill=MIST)
    draw.polygon([(x * k, y * k) for x, y in NEAR_HILL], fill=WHITE)
    draw.rounded_rectangle((6 * k, 82 * k, 94 * k, 86 * k), radius=2 * k, fill=GOLD)
    return img.resize((pixels, pixels), Image.Resampling.LANCZOS)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    draw_logo().save(out / "nuea-news-logo.png", optimize=True)
    (out / "nuea-news-logo.svg").write_text(logo_svg(), encoding="utf-8")
