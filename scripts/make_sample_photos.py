"""Draw the sample story photos (synthetic scenes, no text) into content/images/.

Deterministic: every photo uses its own fixed random seed, so a re-run gives the same files.
Two JPEGs carry phone-style EXIF (Orientation, GPS) so the image pipeline can prove it strips them.

    .venv/bin/python scripts/make_sample_photos.py
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter
from PIL.TiffImagePlugin import IFDRational

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "content" / "images"
JPEG_SIZE = (1600, 1200)
PNG_SIZE = (1200, 900)
JPEG_QUALITY = 82

# EXIF tag numbers
ORIENTATION, MAKE, MODEL, DATETIME = 0x0112, 0x010F, 0x0110, 0x0132
EXIF_IFD, GPS_IFD, DATETIME_ORIGINAL = 0x8769, 0x8825, 0x9003


def mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=False))


def sky(size, top, bottom):
    """Vertical gradient filling the whole image."""
    w, h = size
    img = Image.new("RGB", size)
    draw = ImageDraw.Draw(img)
    for y in range(h):
        draw.line([(0, y), (w, y)], fill=mix(top, bottom, y / (h - 1)))
    return img


def ridge(draw, rng, size, base_y, amplitude, colour, step=40):
    """A mountain ridge: a jagged polygon from base_y (+/- amplitude) down to the bottom edge."""
    w, h = size
    points, y = [(0, h)], base_y
    for x in range(0, w + step, step):
        y = max(base_y - amplitude, min(base_y + amplitude, y + rng.randint(-amplitude // 3, amplitude // 3)))
        points.append((x, y))
    points.append((w, h))
    draw.polygon(points, fill=colour)


def grain(img, rng, strength=6):
    """Light film grain and a soft blur so flat shapes look more like a photo."""
    w, h = img.size
    noise = Image.frombytes("L", img.size, rng.randbytes(w * h)).convert("RGB")  # seeded, unlike effect_noise
    img = Image.blend(img, noise, strength / 255)
    return img.filter(ImageFilter.GaussianBlur(1.2))


def haze_mountains(rng):
    size = JPEG_SIZE
    img = sky(size, (196, 170, 150), (228, 205, 170))  # smoky orange-grey sky
    draw = ImageDraw.Draw(img)
    draw.ellipse([1150, 180, 1290, 320], fill=(238, 190, 140))  # dim sun in the haze
    layers = [(560, 70, (170, 150, 140)), (680, 80, (140, 128, 122)), (820, 90, (104, 100, 96)), (980, 60, (70, 74, 66))]
    for base, amp, colour in layers:
        ridge(draw, rng, size, base, amp, colour)
    return grain(img.filter(ImageFilter.GaussianBlur(3)), rng)


def lanterns_night(rng):
    size = JPEG_SIZE
    img = sky(size, (8, 12, 40), (48, 30, 70))
    draw = ImageDraw.Draw(img)
    for _ in range(160):  # floating lanterns, smaller and dimmer higher up
        x, y = rng.randint(0, 1600), rng.randint(40, 880)
        r = 4 + int(14 * y / 900) + rng.randint(0, 4)
        glow = mix((255, 150, 40), (255, 220, 120), rng.random())
        draw.ellipse([x - r * 2, y - r * 2, x + r * 2, y + r * 2], fill=mix(glow, (40, 28, 60), 0.75))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=glow)
    ridge(draw, rng, size, 980, 40, (14, 10, 20))
    # a temple roof silhouette on the horizon
    draw.polygon([(700, 960), (800, 860), (900, 960)], fill=(14, 10, 20))
    draw.polygon([(730, 900), (800, 780), (870, 900)], fill=(14, 10, 20))
    draw.rectangle([790, 700, 810, 790], fill=(14, 10, 20))
    return grain(img, rng, 4)


def ceramic_bowls(rng):
    size = PNG_SIZE
    img = sky(size, (236, 226, 210), (190, 160, 120))  # wall to wooden table
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 520, 1200, 900], fill=(150, 105, 70))
    for i in range(0, 1200, 60):
        draw.line([(i, 520), (i - 200, 900)], fill=(140, 96, 62), width=3)
    for cx, cy, r in [(260, 610, 170), (620, 660, 200), (960, 600, 150)]:
        draw.ellipse([cx - r, cy - r // 2, cx + r, cy + r * 3 // 2], fill=(245, 243, 236))  # bowl body
        draw.ellipse([cx - r, cy - r // 2, cx + r, cy + r // 2], fill=(225, 222, 214))  # rim
        draw.ellipse([cx - r + 25, cy - r // 2 + 15, cx + r - 25, cy + r // 2 - 15], fill=(250, 249, 244))
        for k in range(6):  # painted band on the outside
            x0 = cx - r + 30 + k * (2 * r - 60) // 6
            draw.ellipse([x0, cy + r // 2 + 30, x0 + 36, cy + r // 2 + 66], fill=(200, 60, 40) if k % 2 else (40, 120, 70))
    return img.filter(ImageFilter.GaussianBlur(0.8))


def longan_orchard(rng):
    size = JPEG_SIZE
    img = sky(size, (150, 195, 235), (215, 230, 240))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 620, 1600, 1200], fill=(120, 100, 70))
    for row in range(5):
        y = 600 + row * 130
        r = 70 + row * 28
        for x in range(-100 + row * 37, 1700, r * 2 + 20):
            draw.rectangle([x - 8, y, x + 8, y + r], fill=(80, 60, 40))
            draw.ellipse([x - r, y - r, x + r, y + r // 2], fill=mix((50, 100, 40), (90, 140, 60), rng.random()))
            for _ in range(5):  # longan clusters
                fx, fy = x + rng.randint(-r // 2, r // 2), y + rng.randint(-r // 2, 0)
                draw.ellipse([fx - 9, fy - 9, fx + 9, fy + 9], fill=(176, 140, 80))
    return grain(img, rng)


def coffee_hillside(rng):
    size = JPEG_SIZE
    img = sky(size, (120, 170, 220), (200, 220, 235))
    draw = ImageDraw.Draw(img)
    ridge(draw, rng, size, 420, 60, (96, 130, 110))
    ridge(draw, rng, size, 560, 50, (60, 110, 60))
    for _ in range(26):  # coffee bushes on the slope, large in front
        x, y = rng.randint(0, 1600), rng.randint(640, 1180)
        r = 40 + (y - 600) // 5
        draw.ellipse([x - r, y - r, x + r, y + r], fill=mix((30, 80, 30), (60, 120, 50), rng.random()))
        for _ in range(r // 6):  # ripe red cherries
            cx, cy = x + rng.randint(-r + 10, r - 10), y + rng.randint(-r + 10, r - 10)
            c = 5 + r // 30
            draw.ellipse([cx - c, cy - c, cx + c, cy + c], fill=rng.choice([(180, 30, 30), (200, 50, 40), (120, 160, 50)]))
    return grain(img, rng)


def lake_sunset(rng):
    size = JPEG_SIZE
    img = sky(size, (250, 170, 90), (250, 220, 160))
    draw = ImageDraw.Draw(img)
    draw.ellipse([700, 420, 900, 620], fill=(255, 235, 190))
    ridge(draw, rng, size, 560, 40, (90, 80, 110), step=60)
    for y in range(640, 1200):  # water reflecting the sky
        t = (y - 640) / 560
        draw.line([(0, y), (1600, y)], fill=mix((240, 180, 110), (90, 90, 120), t))
    for y in range(660, 1180, 18):
        x = rng.randint(600, 950)
        draw.line([(x, y), (x + rng.randint(40, 160), y)], fill=(255, 225, 170), width=3)
    draw.polygon([(300, 880), (560, 880), (520, 910), (340, 910)], fill=(40, 30, 30))  # a small boat
    draw.line([(450, 880), (450, 790)], fill=(40, 30, 30), width=5)
    for _ in range(40):  # floating weeds
        x, y = rng.randint(0, 1600), rng.randint(980, 1200)
        draw.ellipse([x - 40, y - 8, x + 40, y + 8], fill=(70, 110, 60))
    return grain(img, rng)


def river_flood(rng):
    size = JPEG_SIZE
    img = sky(size, (120, 125, 135), (170, 172, 175))  # heavy rain clouds
    draw = ImageDraw.Draw(img)
    ridge(draw, rng, size, 500, 60, (70, 95, 75))
    draw.polygon([(0, 640), (1600, 600), (1600, 1200), (0, 1200)], fill=(140, 110, 75))  # muddy water
    for _ in range(60):
        x, y = rng.randint(0, 1600), rng.randint(660, 1200)
        draw.line([(x, y), (x + rng.randint(60, 200), y + rng.randint(-4, 4))], fill=(165, 135, 95), width=4)
    draw.polygon([(0, 640), (420, 630), (300, 1200), (0, 1200)], fill=(70, 90, 55))  # near bank
    for _ in range(350):  # rain streaks
        x, y = rng.randint(0, 1600), rng.randint(0, 1200)
        draw.line([(x, y), (x - 10, y + 40)], fill=(200, 205, 210), width=1)
    return grain(img, rng)


def boat_race(rng):
    size = JPEG_SIZE
    img = sky(size, (140, 190, 235), (220, 235, 245))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 420, 1600, 520], fill=(60, 110, 60))  # far bank with trees
    for x in range(0, 1600, 50):
        draw.ellipse([x - 40, 360 + rng.randint(0, 40), x + 40, 470], fill=(50, 100, 50))
    for y in range(520, 1200):
        draw.line([(0, y), (1600, y)], fill=mix((100, 120, 110), (70, 90, 85), (y - 520) / 680))
    for lane, (y, colour) in enumerate([(650, (170, 30, 40)), (820, (30, 60, 150)), (1010, (200, 150, 20))]):
        x0 = 150 + lane * 120
        length = 1100
        draw.polygon([(x0, y), (x0 + length, y), (x0 + length + 120, y - 40), (x0 + length - 20, y + 26), (x0 + 20, y + 26)], fill=colour)
        for k in range(30):  # rowers
            rx = x0 + 60 + k * 34
            draw.ellipse([rx - 9, y - 34, rx + 9, y - 16], fill=(60, 40, 30))
            draw.rectangle([rx - 7, y - 18, rx + 7, y], fill=mix(colour, (255, 255, 255), 0.5))
            draw.line([(rx, y - 10), (rx - 24, y + 40)], fill=(90, 70, 40), width=3)
        for _ in range(25):  # splashes
            sx = x0 + rng.randint(0, length)
            draw.ellipse([sx - 12, y + 30, sx + 12, y + 44], fill=(225, 235, 240))
    return grain(img, rng)


def bua_tong_portrait(rng):
    """Portrait scene (1200x1600) of a hillside of yellow Mexican sunflowers."""
    size = (1200, 1600)
    img = sky(size, (70, 140, 220), (190, 220, 245))
    draw = ImageDraw.Draw(img)
    ridge(draw, rng, size, 640, 60, (110, 140, 150))
    ridge(draw, rng, size, 760, 50, (70, 120, 70))
    for _ in range(900):
        x, y = rng.randint(0, 1200), rng.randint(780, 1600)
        r = 4 + (y - 780) // 35
        draw.ellipse([x - r, y - r, x + r, y + r], fill=mix((250, 200, 20), (255, 230, 60), rng.random()))
        draw.ellipse([x - r // 3, y - r // 3, x + r // 3, y + r // 3], fill=(150, 90, 20))
    return grain(img, rng)


def meeting_room(rng):
    size = JPEG_SIZE
    img = sky(size, (225, 222, 215), (200, 196, 188))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 760, 1600, 1200], fill=(120, 90, 70))  # carpet
    draw.rectangle([520, 120, 1080, 440], fill=(60, 90, 140))  # blank projector screen
    draw.rectangle([540, 140, 1060, 420], fill=(90, 130, 180))
    draw.polygon([(200, 760), (1400, 760), (1550, 1000), (50, 1000)], fill=(150, 110, 70))  # long table
    for k in range(8):  # people on both sides of the table
        for side, y in ((0, 700), (1, 1030)):
            x = 260 + k * 150 + side * 40
            shirt = rng.choice([(230, 230, 235), (40, 60, 110), (200, 170, 120), (90, 110, 90)])
            draw.ellipse([x - 28, y - 110, x + 28, y - 50], fill=(120, 85, 60))
            draw.rounded_rectangle([x - 50, y - 55, x + 50, y + 60], radius=20, fill=shirt)
    for k in range(8):  # papers and water bottles on the table
        x = 280 + k * 150
        draw.rectangle([x, 820, x + 60, 860], fill=(245, 245, 240))
        draw.rectangle([x + 80, 790, x + 94, 840], fill=(190, 215, 235))
    return grain(img, rng)


def gps(lat, lon, alt):
    """GPS IFD entries (degrees, minutes, seconds as rationals) as a phone writes them."""

    def dms(value):
        d = int(value)
        m = int((value - d) * 60)
        s = round(((value - d) * 60 - m) * 60 * 100)
        return (IFDRational(d, 1), IFDRational(m, 1), IFDRational(s, 100))

    return {0: b"\x02\x02\x00\x00", 1: "N", 2: dms(lat), 3: "E", 4: dms(lon), 5: b"\x00", 6: IFDRational(round(alt), 1)}


def phone_exif(orientation, lat, lon, alt, taken):
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[DATETIME] = "SamplePhone", "SP-12", taken
    exif[ORIENTATION] = orientation
    exif.get_ifd(EXIF_IFD)[DATETIME_ORIGINAL] = taken
    exif.get_ifd(GPS_IFD).update(gps(lat, lon, alt))
    return exif


# name (under content/images), drawing function, seed, EXIF or None
PHOTOS = [
    ("2569/10/nan-river-flood.jpg", river_flood, 101, None),
    ("2569/10/nan-boat-race.jpg", boat_race, 102, None),
    ("2569/10/lpn-longan-orchard.jpg", longan_orchard, 103, None),
    ("2569/11/lpg-ceramic-bowls.png", ceramic_bowls, 104, None),
    ("2569/11/cmi-yi-peng-lanterns.jpg", lanterns_night, 105, None),
    ("2569/11/pyo-kwan-phayao.jpg", lake_sunset, 106, None),
    ("2569/11/cmi-doi-suthep-haze.jpg", haze_mountains, 107, None),
    # portrait phone shot: pixels stored sideways, Orientation 6 tells viewers to rotate 90° clockwise
    ("2569/11/mhs-bua-tong.jpg", bua_tong_portrait, 108, lambda: phone_exif(6, 18.9306, 98.0672, 1650, "2026:11:18 07:42:10")),
    ("2569/11/cri-coffee.jpg", coffee_hillside, 109, lambda: phone_exif(1, 20.2230, 99.6186, 1210, "2026:11:17 09:15:33")),
    ("2569/11/r3-pm25-meeting.jpg", meeting_room, 110, None),
]


def make(name, draw_scene, seed, exif_factory):
    img = draw_scene(random.Random(seed))
    path = IMAGES / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".png":
        assert img.size == PNG_SIZE, name
        img.save(path, "PNG", optimize=True)
        return path
    exif = exif_factory() if exif_factory else None
    if exif is not None and exif[ORIENTATION] == 6:
        img = img.transpose(Image.Transpose.ROTATE_90)  # store as the sensor saw it
    assert img.size == JPEG_SIZE, name
    options = {"quality": JPEG_QUALITY, "optimize": True}
    if exif is not None:
        options["exif"] = exif
    img.save(path, "JPEG", **options)
    return path


def main():
    for name, draw_scene, seed, exif_factory in PHOTOS:
        path = make(name, draw_scene, seed, exif_factory)
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
