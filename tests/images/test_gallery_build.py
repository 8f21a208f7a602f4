"""Photo galleries (ภาพประกอบ) in real Pelican builds: lazy responsive thumbnails linking to the large photos, the
viewer's script only where there is a gallery, alt text required (a content error naming file, line, field and
value), and the gallery in the feeds (entry HTML and one media:content per photo), parsed with feedparser and lxml."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree
from photo_samples import photo_bytes

from conftest import build_site, story_text
from nuea.problems import ContentError

SMALL = {"IMAGES_WIDTHS": (64, 128, 192)}
PHOTOS = ["images/2569/11/g1.jpg", "images/2569/11/g2.jpg", "images/2569/11/g3.png"]
CAPTIONS = ["ผู้ว่าราชการจังหวัดเปิดงาน", "ประชาชนร่วมงานจำนวนมาก", ""]
ALT3 = "เวทีการแสดงพื้นเมืองในงาน"  # the third photo has no caption, only alt text
GALLERY = ("\n  " + f"{PHOTOS[0]} | {CAPTIONS[0]}" + "\n  " + f"- {PHOTOS[1]} | {CAPTIONS[1]}"
           + "\n  " + f"{PHOTOS[2]} |  | {ALT3}")
MEDIA = "http://search.yahoo.com/mrss/"


def _files(gallery=GALLERY, **fields):
    files = {"news/2569/lp-fair.md": story_text(title="ลำปางเปิดงานเทศกาล", gallery=gallery, **fields),
             "news/2569/lp-plain.md": story_text(title="ข่าวไม่มีภาพประกอบ", date="2026-11-19 09:00")}
    for i, path in enumerate(PHOTOS):
        files[path] = photo_bytes(size=(300 + 10 * i, 200), fmt="PNG" if path.endswith(".png") else "JPEG")
    return files


def _page(path: Path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("gallery"), _files(), settings=SMALL)


def test_gallery_thumbnails_are_lazy_pictures_linking_to_the_large_photo(built):
    page = _page(built / "news/lp-fair/index.html")
    gallery = page.select_one("section.gallery[data-gallery]")
    assert gallery is not None and gallery.h2.get_text() == "ภาพประกอบ"
    links = gallery.select("a.gallery-link")
    assert len(links) == 3
    alts = [link.img["alt"] for link in links]
    assert alts == [CAPTIONS[0], CAPTIONS[1], ALT3]  # the caption is the alt text unless one is given
    assert [f.get_text() for f in gallery.select("figcaption")] == CAPTIONS[:2]
    for link, source in zip(links, PHOTOS, strict=True):
        img = link.img
        assert img["loading"] == "lazy" and img["width"] and img["height"]
        assert link.select("picture source")  # AVIF/WebP before the JPEG fallback
        assert len(img["srcset"].split(",")) >= 2  # responsive thumbnails
        large = urlsplit(link["href"]).path
        stem = Path(source).stem
        assert large.startswith(f"/photos/2569/11/{stem}-") and large.endswith(".jpg")
        assert (built / large.lstrip("/")).is_file()  # without JavaScript the link opens the published photo
        assert link["href"] == max(img["srcset"].split(", "), key=lambda s: int(s.rsplit(" ", 1)[1][:-1])).split()[0]
    scripts = [s["src"] for s in page.select("script[src]")]
    assert any("/theme/js/gallery." in s for s in scripts)
    plain = _page(built / "news/lp-plain/index.html")
    assert not plain.select(".gallery") and not any("gallery." in s["src"] for s in plain.select("script[src]"))


def test_gallery_photos_are_in_the_feed_html_and_media_content(built):
    for name in ("all.atom.xml", "all.rss.xml"):
        raw = (built / "feeds" / name).read_bytes()
        parsed = feedparser.parse(raw)
        assert not parsed.bozo, parsed.bozo_exception
        entry = next(e for e in parsed.entries if e.title == "ลำปางเปิดงานเทศกาล")
        html = BeautifulSoup(entry.content[0].value, "html.parser")
        hrefs = [a["href"] for a in html.select("section.gallery a.gallery-link")]
        assert len(hrefs) == 3 and all(h.startswith("http") for h in hrefs)  # absolute in the feed
        assert [img["alt"] for img in html.select("section.gallery img")] == [CAPTIONS[0], CAPTIONS[1], ALT3]
        item = next(i for i in etree.fromstring(raw).iter("{*}item", "{*}entry")
                    if i.findtext("{*}title") == "ลำปางเปิดงานเทศกาล")
        media = [m.get("url") for m in item.iter(f"{{{MEDIA}}}content")]
        assert [urlsplit(u).path for u in media] == [f"/{p}" for p in PHOTOS]
        for m in item.iter(f"{{{MEDIA}}}content"):
            assert m.get("medium") == "image" and m.get("type") in ("image/jpeg", "image/png")
            assert int(m.get("fileSize")) == (built / urlsplit(m.get("url")).path.lstrip("/")).stat().st_size


def _problem_lines(tmp_path, **kwargs) -> list[str]:
    with pytest.raises(ContentError) as failure:
        build_site(tmp_path, _files(**kwargs), settings=SMALL)
    return [line for line in str(failure.value).splitlines() if "ภาพประกอบ" in line]


def test_a_gallery_photo_without_alt_text_is_a_content_error_naming_its_line(tmp_path):
    lines = _problem_lines(tmp_path, gallery=f"\n  {PHOTOS[0]} | {CAPTIONS[0]}\n  {PHOTOS[1]}")
    header = story_text(gallery="X").split("\n")
    line = next(i for i, text in enumerate(header, 1) if text.startswith("ภาพประกอบ") or text.startswith("gallery"))
    assert lines == [f"content/news/2569/lp-fair.md:{line + 2}: ภาพประกอบ (gallery): photo 2 has no alt text: write "
                     f"its caption after a |, e.g. {PHOTOS[1]} | ภาพพิธีเปิดงาน (a third part, after another |, "
                     f"is the alt text when the caption is not one) (value: '{PHOTOS[1]}')"]


def test_a_missing_or_repeated_gallery_photo_is_a_content_error(tmp_path):
    lines = _problem_lines(tmp_path, gallery=f"\n  images/2569/11/none.jpg | ภาพ\n  {PHOTOS[0]} | ก\n  {PHOTOS[0]} | ข")
    assert len(lines) == 2
    assert "photo 1: file not found under" in lines[0] and "(value: 'images/2569/11/none.jpg | ภาพ')" in lines[0]
    assert f"photo 3: {PHOTOS[0]} is listed twice" in lines[1]
