"""A page's photo -> its file in the mirror -> a file the images plugin accepts."""
import io
from pathlib import Path

import pytest
from PIL import Image

from legacy_import.mirror_paths import wget_file_names
from legacy_import.mirror_photos import PhotoUnusable, locate_photo, ready_photo
from plugins.images.derive import PhotoError, photo_header
from plugins.images.settings import DEFAULTS

HOST = "old.example.go.th"
PAGE = "/lampang/detail_new.php?id=41236"


def photo(fmt: str, size=(40, 30), **save) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 40, 40))
    (image.convert("P") if fmt == "GIF" else image).save(out, fmt, **save)
    return out.getvalue()


@pytest.fixture
def mirror(tmp_path):
    files = {"lampang/images/news/41236_1.jpg": photo("JPEG"), "images/banner.gif": photo("GIF"),
             "lampang/images/news/ภาพข่าว 1.png": photo("PNG")}
    for rel, data in files.items():
        [name] = wget_file_names("/" + rel, None)
        path = Path(str(tmp_path / HOST) + "/" + name.decode("utf-8", "surrogateescape"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (tmp_path / "other.example").mkdir()
    (tmp_path / "other.example" / "x.jpg").write_bytes(photo("JPEG"))
    return tmp_path


@pytest.mark.parametrize("src", [
    "images/news/41236_1.jpg", "/lampang/images/news/41236_1.jpg", "../lampang/images/news/41236_1.jpg",
    f"http://{HOST}/lampang/images/news/41236_1.jpg", f"HTTP://{HOST.upper()}/lampang/images/news/41236_1.jpg",
    "images/news/%E0%B8%A0%E0%B8%B2%E0%B8%9E%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7%201.png", "../images/banner.gif",
    "http://other.example/x.jpg",  # another host that is in the mirror too
])
def test_a_photo_is_found_as_a_browser_would_fetch_it(mirror, src):
    path, why = locate_photo(src, PAGE, HOST, mirror)
    assert path is not None and path.is_file() and why == ""


@pytest.mark.parametrize("src, why", [
    ("images/news/41236_9.jpg", "not in the mirror"),
    ("http://www.facebook.example/p/1.jpg", "on another site (www.facebook.example)"),
    ("data:image/gif;base64,R0lGOD", "inline data"),
    ("ftp://old.example.go.th/x.jpg", "not a web address"),
])
def test_a_photo_not_in_the_mirror_is_missing_with_the_reason(mirror, src, why):
    path, reason = locate_photo(src, PAGE, HOST, mirror)
    assert path is None and why in reason


def test_accepted_formats_are_kept_byte_for_byte(tmp_path):
    for fmt, suffix in (("JPEG", ".jpg"), ("PNG", ".png"), ("WEBP", ".webp")):
        path = tmp_path / f"a{suffix}"
        path.write_bytes(photo(fmt))
        ready = ready_photo(path, DEFAULTS["IMAGES_ACCEPTED_FORMATS"])
        assert (ready.data, ready.suffix, ready.converted_from) == (path.read_bytes(), suffix, "")


def test_a_gif_becomes_a_png_the_images_plugin_accepts(tmp_path):
    frames = [Image.new("RGB", (30, 20), c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    gif = tmp_path / "anim.gif"
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:])
    ready = ready_photo(gif, DEFAULTS["IMAGES_ACCEPTED_FORMATS"])
    assert (ready.suffix, ready.converted_from, ready.note) == (".png", "GIF", "animated GIF: first frame kept")
    out = tmp_path / "out.png"
    out.write_bytes(ready.data)
    assert photo_header(out, DEFAULTS["IMAGES_MAX_PIXELS"], DEFAULTS["IMAGES_ACCEPTED_FORMATS"]) == (30, 20, "PNG")
    with pytest.raises(PhotoError, match="unsupported format GIF"):
        photo_header(gif, DEFAULTS["IMAGES_MAX_PIXELS"], DEFAULTS["IMAGES_ACCEPTED_FORMATS"])  # why it is converted
    bmp = tmp_path / "old.bmp"
    bmp.write_bytes(photo("BMP"))
    assert ready_photo(bmp).converted_from == "BMP"


def test_damaged_and_oversized_photos_are_unusable(tmp_path):
    jpeg = photo("JPEG", (400, 300))
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(jpeg[: len(jpeg) // 2])
    with pytest.raises(PhotoUnusable, match="damaged"):
        ready_photo(cut)
    text = tmp_path / "x.jpg"
    text.write_text("<html>not found</html>")
    with pytest.raises(PhotoUnusable, match="not an image"):
        ready_photo(text)
    big = tmp_path / "big.png"
    big.write_bytes(photo("PNG", (300, 300)))
    with pytest.raises(PhotoUnusable, match="pixels"):
        ready_photo(big, max_pixels=10_000)
