"""Deriving photos for real with Pillow: sizes, formats, metadata gone, upright, sRGB, cache, bad input."""
import os

import pytest
from icc_profile import SWAPPED_PROFILE
from photo_samples import bomb_png, photo_bytes
from PIL import Image, features

from plugins.images.parallel import PhotoJob, derive_all
from plugins.images.settings import DEFAULTS
from plugins.images.specs import choose_encodings

ENCODINGS = choose_encodings(DEFAULTS["IMAGES_FORMATS"], DEFAULTS["IMAGES_ENCODER_OPTIONS"], features.check)
WIDTHS = (48, 96, 144)  # small widths keep the tests fast; the logic is the same as 480/960/1440


@pytest.fixture
def make_photo(tmp_path):
    """make_photo(name, **photo_bytes options) -> Path of a new photo under tmp_path/src/."""
    def make(name="photo.jpg", data=None, **options):
        path = tmp_path / "src" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if data is not None else photo_bytes(**options))
        return path
    return make


def job(path, cache, **kw):
    return PhotoJob(path, kw.get("widths", WIDTHS), ENCODINGS, DEFAULTS["IMAGES_ENCODER_OPTIONS"], cache,
                    kw.get("max_pixels", 10**8), DEFAULTS["IMAGES_ACCEPTED_FORMATS"])


def derive_one(path, cache, workers=1, **kw):
    results, errors = derive_all([job(path, cache, **kw)], workers)
    assert not errors, errors
    return results[path]


def test_sizes_and_formats(make_photo, tmp_path):
    result = derive_one(make_photo(size=(160, 120)), tmp_path / "cache")
    made = {(d.spec.width, d.spec.encoding.name): Image.open(d.cached) for d in result.derivatives}
    expected_formats = {"webp": "WEBP", "jpeg": "JPEG", "avif": "AVIF"}
    assert {w for w, _ in made} == {48, 96, 144}
    assert {n for _, n in made} == {e.name for e in ENCODINGS} >= {"webp", "jpeg"}
    for (width, name), image in made.items():
        assert image.format == expected_formats[name]
        assert image.size == (width, width * 3 // 4)
    assert (result.width, result.height) == (160, 120)
    assert Image.open(result.standin.cached).format == "JPEG" and result.standin.spec.width == 144


def test_avif_made_when_pillow_supports_it():
    assert ("avif" in [e.name for e in ENCODINGS]) == features.check("avif")


@pytest.mark.parametrize("fmt,name", [("JPEG", "phone.jpg"), ("PNG", "scan.png"), ("WEBP", "web.webp")])
def test_no_exif_gps_or_profile_in_any_derivative(make_photo, tmp_path, fmt, name):
    source = make_photo(name, fmt=fmt, gps=True, icc=SWAPPED_PROFILE)
    assert Image.open(source).getexif().get_ifd(0x8825), "test photo must carry GPS"
    result = derive_one(source, tmp_path / "cache")
    assert Image.open(result.standin.cached).format == fmt
    for d in (*result.derivatives, result.standin):
        image = Image.open(d.cached)
        exif = image.getexif()
        assert len(exif) == 0 and not exif.get_ifd(0x8825), d.cached
        assert not {"exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment"} & set(image.info), image.info
        assert b"Exif" not in d.cached.read_bytes() and b"TestPhone" not in d.cached.read_bytes()


def test_orientation_applied(make_photo, tmp_path):
    # stored 160×120 red|blue; orientation 6 means "turn 90° clockwise to show": red ends on top
    result = derive_one(make_photo(orientation=6), tmp_path / "cache")
    assert (result.width, result.height) == (120, 160)
    for d in result.derivatives:
        image = Image.open(d.cached).convert("RGB")
        assert image.width < image.height
        top, bottom = image.getpixel((image.width // 2, 2)), image.getpixel((image.width // 2, image.height - 3))
        assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0], (top, bottom)


def test_colour_converted_to_srgb(make_photo, tmp_path):
    # the profile says stored red means green: the sRGB derivative must be green
    result = derive_one(make_photo("p3.png", fmt="PNG", icc=SWAPPED_PROFILE), tmp_path / "cache")
    jpeg = next(d for d in result.derivatives if d.spec.encoding.name == "jpeg")
    r, g, b = Image.open(jpeg.cached).convert("RGB").getpixel((2, 2))
    assert g > 150 and r < 100, (r, g, b)


def test_unchanged_rebuild_encodes_and_writes_nothing(make_photo, tmp_path):
    source, cache = make_photo(), tmp_path / "cache"
    first = derive_one(source, cache)
    assert first.encoded == len(first.derivatives) > 0  # the JPEG stand-in is the widest JPEG derivative
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*")}
    second = derive_one(source, cache)
    assert second.encoded == 0 and second.derivatives == first.derivatives
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*")} == before


def test_changed_photo_is_remade(make_photo, tmp_path):
    cache = tmp_path / "cache"
    first = derive_one(make_photo(size=(160, 120)), cache)
    second = derive_one(make_photo(size=(200, 100)), cache)
    assert second.encoded > 0 and second.digest != first.digest
    assert {d.token for d in first.derivatives}.isdisjoint({d.token for d in second.derivatives})


def test_process_pool_derives_many(make_photo, tmp_path):
    sources = [make_photo(f"p{i}.jpg", size=(100 + i, 80)) for i in range(4)]
    results, errors = derive_all([job(s, tmp_path / "cache") for s in sources], workers=2)
    assert not errors and set(results) == set(sources)
    assert all(r.encoded == len(r.derivatives) for r in results.values())


def truncated(data: bytes) -> bytes:
    return data[: int(len(data) * 0.7)]


BAD = {
    "corrupt.jpg": lambda: photo_bytes()[:200] + os.urandom(3000),
    "truncated.jpg": lambda: truncated(photo_bytes(size=(256, 192))),
    "truncated.png": lambda: truncated(photo_bytes(size=(256, 192), fmt="PNG")),
    "notes.jpg": lambda: "ภาพข่าว ไม่ใช่ไฟล์ภาพ".encode(),
    "animation.gif": lambda: photo_bytes(fmt="GIF", gps=False),
    "bomb.png": lambda: bomb_png(),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_names_the_file_and_caches_nothing(make_photo, tmp_path, name):
    source, cache = make_photo(name, data=BAD[name]()), tmp_path / "cache"
    good = make_photo("good.jpg")
    results, errors = derive_all([job(source, cache), job(good, cache)], workers=2)
    assert [e.path for e in errors] == [str(source)] and str(source) in str(errors[0])
    assert set(results) == {good}  # the other photos still get made (errors all reported at once)
    leftovers = [p for p in cache.rglob("*") if p.is_file() and not p.is_relative_to(
        cache / results[good].digest[:2] / results[good].digest)]
    assert leftovers == []


def test_missing_file(tmp_path):
    results, errors = derive_all([job(tmp_path / "nowhere.jpg", tmp_path / "cache")])
    assert not results and "nowhere.jpg: file not found" in str(errors[0])


def test_pixel_limit_is_a_setting(make_photo, tmp_path):
    results, errors = derive_all([job(make_photo(size=(160, 120)), tmp_path / "cache", max_pixels=10_000)])
    assert "decompression-bomb limit" in str(errors[0]) and "10000" in str(errors[0])
