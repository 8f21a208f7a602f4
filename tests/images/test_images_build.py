"""Story photos in a real Pelican build: derivatives published, HTML <picture>, no originals, cache, bad input."""
import logging

import pytest
from bs4 import BeautifulSoup
from photo_samples import bomb_png, photo_bytes
from PIL import Image

from conftest import build_site, story_text
from plugins.images import PhotoProblems

SMALL = {"IMAGES_WIDTHS": (64, 128, 192)}  # small widths keep builds fast; same logic as 480/960/1440
LEAD, BODY = "images/2561/05/lead.jpg", "images/2561/05/body.png"
CAPTION = "คณะอนุกรรมการตรวจประเมินศูนย์ราชการสะดวก ณ กฟภ.สาขาห้างฉัตร"


def stories(**overrides):
    files = {
        "news/2569/hang-chat.md": story_text(
            image=LEAD, image_caption=CAPTION,
            body=f"ย่อหน้าแรก\n\n![ป้ายศูนย์ราชการสะดวก](/{BODY} \"ป้ายหน้าสำนักงาน\")\n\nย่อหน้าที่สอง"),
        LEAD: photo_bytes(size=(400, 300), orientation=6, gps=True),
        BODY: photo_bytes(size=(300, 200), fmt="PNG", gps=True),
    }
    files.update(overrides)
    return files


def html(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("site")
    return tmp, build_site(tmp, stories(), settings=SMALL)


def test_derivatives_published_with_sizes_and_formats(built):
    _, output = built
    files = sorted((output / "photos" / "2561" / "05").iterdir())
    lead = {f.name.split(".")[-1] for f in files if f.name.startswith("lead-")}
    assert {"webp", "jpg"} <= lead
    sizes = {Image.open(f).size for f in files if f.name.startswith("lead-")}
    assert sizes == {(64, 85), (128, 171), (192, 256)}  # upright 300×400 photo, never upscaled
    for f in files:
        image = Image.open(f)
        assert len(image.getexif()) == 0 and "icc_profile" not in image.info, f


def test_originals_with_gps_are_replaced_by_safe_stand_ins(built):
    tmp, output = built
    for rel, fmt, size in ((LEAD, "JPEG", (192, 256)), (BODY, "PNG", (192, 128))):
        original, published = tmp / "content" / rel, output / rel
        assert Image.open(original).getexif().get_ifd(0x8825), "the test original carries GPS"
        image = Image.open(published)
        assert (image.format, image.size) == (fmt, size)  # upright, no wider than the widest derivative
        assert len(image.getexif()) == 0 and "icc_profile" not in image.info
        assert published.read_bytes() != original.read_bytes()


def test_lead_photo_is_a_picture_with_size_priority_and_caption(built):
    _, output = built
    page = html(output / "news" / "hang-chat" / "index.html")
    figure = page.select_one("figure.lead-photo")
    img = figure.select_one("picture > img")
    assert [s["type"] for s in figure.select("picture > source")][-1] == "image/webp"
    assert (img["width"], img["height"]) == ("192", "256")
    assert img["fetchpriority"] == "high" and not img.has_attr("loading")
    assert img["alt"] == CAPTION and figure.figcaption.get_text() == CAPTION
    assert img["src"] == "/" + LEAD  # the original's address, now serving its stand-in
    for candidate in [c.split()[0] for c in img["srcset"].split(",")] + [img["src"]]:
        assert (output / candidate.lstrip("/")).is_file(), candidate
    assert img["sizes"]


def test_body_photo_becomes_a_lazy_figure(built):
    _, output = built
    body = html(output / "news" / "hang-chat" / "index.html").select_one(".story-body")
    assert not body.select("p figure, p picture")  # a figure never sits inside a paragraph
    figure = body.select_one("figure.body-photo")
    img = figure.select_one("picture > img")
    assert img["loading"] == "lazy" and not img.has_attr("fetchpriority")
    assert (img["width"], img["height"], img["alt"]) == ("192", "128", "ป้ายศูนย์ราชการสะดวก")
    assert figure.figcaption.get_text() == "ป้ายหน้าสำนักงาน"
    assert not body.select("img:not(picture img)")


def test_story_card_has_a_lazy_thumbnail(built):
    _, output = built
    card = html(output / "index.html").select_one(".story-card-photo picture img")
    assert card["loading"] == "lazy" and card["width"] == "192" and card["alt"] == ""


def test_unchanged_rebuild_writes_nothing(tmp_path, caplog):
    output = build_site(tmp_path, stories(), settings=SMALL)
    photos = {p: p.stat().st_mtime_ns for p in (output / "photos").rglob("*")}
    cached = {p: p.stat().st_mtime_ns for p in (tmp_path / "cache" / "images").rglob("*")}
    with caplog.at_level(logging.INFO, logger="plugins.images"):
        build_site(tmp_path, settings=SMALL)
    assert {p: p.stat().st_mtime_ns for p in (output / "photos").rglob("*")} == photos
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "cache" / "images").rglob("*")} == cached
    assert "0 encoded" in caplog.text and "0 written" in caplog.text


def test_missing_alt_text_fails_the_build(tmp_path):
    files = stories(**{"news/2569/hang-chat.md": story_text(image=LEAD, body=f"![](/{BODY})")})
    with pytest.raises(PhotoProblems) as failure:
        build_site(tmp_path, files, settings=SMALL)
    message = str(failure.value)
    assert "hang-chat.md: lead photo" in message and "body photo 1 '/images/2561/05/body.png'" in message


def test_explicit_alt_without_caption(tmp_path):
    files = stories(**{"news/2569/hang-chat.md": story_text(image=LEAD, image_alt="ป้ายศูนย์ราชการสะดวก")})
    img = html(build_site(tmp_path, files, settings=SMALL) / "news" / "hang-chat" / "index.html").select_one(
        "figure.lead-photo img")
    assert img["alt"] == "ป้ายศูนย์ราชการสะดวก"


BAD = {
    "corrupt": lambda: photo_bytes()[:200] + bytes(range(256)) * 8,
    "truncated": lambda: (lambda data: data[: len(data) * 6 // 10])(photo_bytes(size=(256, 192))),
    "unsupported": lambda: photo_bytes(fmt="GIF", gps=False),
    "bomb": lambda: bomb_png(),
    "missing": None,
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_photo_fails_the_build_naming_it(tmp_path, case):
    files = stories()
    if BAD[case] is None:
        del files[BODY]
    else:
        files[BODY] = BAD[case]()
    with pytest.raises(PhotoProblems) as failure:
        build_site(tmp_path, files, settings=SMALL)
    assert "body.png" in str(failure.value) and "hang-chat.md" in str(failure.value)
    output = tmp_path / "output"
    left = [p.name for p in output.rglob("*") if p.is_file()] if output.exists() else []
    assert not [n for n in left if n.startswith("body-") or n.endswith(".part")], left
