"""Reporter pages: every byline (ข่าวโดย) links to /reporter/<ascii-slug>/, which lists that reporter's stories; the
story's JSON-LD author has that page as its url; slugs come from the registry, else the romanised name."""
from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from conftest import build_site, story_text
from nuea.registry import RegistryError, load_registry
from split_files import sitemap_entries

STORIES = {  # file -> (title, byline)
    "news/2569/lp-one.md": ("ลำปางเปิดตลาดเกษตรกร", "นายปกรณ์ แก้วมูล"),
    "news/2569/lp-two.md": ("ลำปางแข่งขันกีฬาเยาวชน", "ปกรณ์ แก้วมูล"),  # the same reporter, written without นาย
    "news/2569/lp-three.md": ("ห้างฉัตรเปิดศูนย์ราชการสะดวก", "นายชาญณรงค์ ปันเต"),  # slug from the registry
    "news/2569/lp-four.md": ("ข่าวประชาสัมพันธ์ทั่วไป", "นางสาวอรทัย จันทร์ตา"),
}


def _page(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _build(tmp_path):
    files = {rel: story_text(title=title, reporter=byline, date=f"2026-11-{20 + i} 09:00")
             for i, (rel, (title, byline)) in enumerate(STORIES.items())}
    return build_site(tmp_path, stories=files)


def test_every_byline_links_to_a_page_listing_that_reporters_stories(tmp_path):
    output = _build(tmp_path)
    listed_by_page: dict[str, set[str]] = {}
    for rel, (title, byline) in STORIES.items():
        story = _page(output / "news" / rel.rsplit("/", 1)[1].removesuffix(".md") / "index.html")
        link = story.select_one(".story-reporter a")
        assert link is not None and link.get_text() == byline
        path = urlsplit(link["href"]).path
        assert re.fullmatch(r"/reporter/[a-z0-9]+(-[a-z0-9]+)*/", path), path
        listing = _page(output / path.strip("/") / "index.html")
        titles = {a.get_text() for a in listing.select(".story-card-title a")}
        assert title in titles
        listed_by_page[path] = titles
        author = next(d for d in (json.loads(s.string) for s in story.select('script[type="application/ld+json"]'))
                      if d.get("@type") == "NewsArticle")["author"]
        assert author == [{"@type": "Person", "name": byline, "url": author[0]["url"]}]
        assert urlsplit(author[0]["url"]).path == path and author[0]["url"].startswith("http")
    assert listed_by_page == {
        "/reporter/pakon-kaeomun/": {"ลำปางเปิดตลาดเกษตรกร", "ลำปางแข่งขันกีฬาเยาวชน"},
        "/reporter/channarong-pante/": {"ห้างฉัตรเปิดศูนย์ราชการสะดวก"},
        "/reporter/orathai-chanta/": {"ข่าวประชาสัมพันธ์ทั่วไป"},
    }
    heading = _page(output / "reporter/pakon-kaeomun/index.html").h1.get_text()
    assert heading == "ข่าวโดย ปกรณ์ แก้วมูล"  # the newest story's byline
    sitemap = sitemap_entries(output)  # the sitemap index's parts, as search engines read them
    assert any(loc.endswith("/reporter/pakon-kaeomun/") for loc in sitemap)


def test_reporter_slugs_are_stable_between_builds(tmp_path):
    first = sorted(p.parent.name for p in (_build(tmp_path / "a") / "reporter").glob("*/index.html"))
    again = sorted(p.parent.name for p in (_build(tmp_path / "b") / "reporter").glob("*/index.html"))
    assert first == again == ["channarong-pante", "orathai-chanta", "pakon-kaeomun"]


def test_the_registry_refuses_a_reporter_slug_that_is_not_ascii_or_is_taken(tmp_path):
    for entries, message in (
        ('[[reporter]]\nname = "ปกรณ์ แก้วมูล"\nslug = "ปกรณ์"\n', "must be lowercase"),
        ('[[reporter]]\nname = "ก ข"\nslug = "a"\n[[reporter]]\nname = "ค ง"\nslug = "a"\n', "is also"),
        ('[[reporter]]\nname = "นายก ข"\nslug = "a"\n[[reporter]]\nname = "ก ข"\nslug = "b"\n', "listed twice"),
    ):
        path = tmp_path / f"{len(message)}.toml"
        path.write_text(entries, encoding="utf-8")
        try:
            load_registry(path)
        except RegistryError as err:
            assert message in str(err)
        else:
            raise AssertionError(f"accepted: {entries}")
