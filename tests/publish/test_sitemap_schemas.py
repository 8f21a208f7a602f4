"""sitemap.xml (a sitemap index), its parts and news-sitemap.xml of production builds,
validated with lxml against the published schemas
(sitemaps.org 0.9 and the Google News extension; tests/publish/schemas/, see its README for their origin)."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from conftest import story_text
from split_files import sitemap_parts

from .conftest import SITEURL, STORIES, publish

SCHEMAS = Path(__file__).parent / "schemas"


@pytest.fixture(scope="module")
def sitemap_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))


@pytest.fixture(scope="module")
def index_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "siteindex.xsd")))


@pytest.fixture(scope="module")
def news_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap-with-news.xsd")))


def _errors(schema: etree.XMLSchema, path: Path) -> list[str]:
    schema.validate(etree.parse(str(path)))
    return [f"{path.name}:{e.line}: {e.message}" for e in schema.error_log]


def _sitemap_errors(output: Path, index_schema, sitemap_schema) -> list[str]:
    """The index against the index schema, every part it names against the sitemap schema; each part lists pages."""
    found = _errors(index_schema, output / "sitemap.xml")
    parts = sitemap_parts(output)
    assert parts, "the sitemap index names no part"
    for part in parts:
        assert etree.parse(str(part)).getroot().findall("{*}url"), f"{part.name} lists no page"
        found += _errors(sitemap_schema, part)
    return found


def test_sitemaps_of_the_real_content_are_valid(published_real, index_schema, sitemap_schema, news_schema):
    assert _sitemap_errors(published_real.output, index_schema, sitemap_schema) == []
    news = published_real.output / "news-sitemap.xml"
    assert etree.parse(str(news)).getroot().findall("{*}url"), "no real story in the news window of NOW"
    assert _errors(news_schema, news) == []


def test_sitemap_and_news_sitemap_of_the_test_stories_are_valid(published, index_schema, sitemap_schema,
                                                                news_schema):
    assert _sitemap_errors(published.output, index_schema, sitemap_schema) == []
    news = published.output / "news-sitemap.xml"
    assert len(etree.parse(str(news)).getroot().findall("{*}url")) == 2  # the two stories of the last two days
    assert _errors(news_schema, news) == []


def test_the_index_schema_catches_a_relative_part_address(tmp_path, index_schema):
    bad = tmp_path / "index.xml"
    bad.write_text('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/a.xml</loc>'
                   "</sitemap></sitemapindex>", encoding="utf-8")
    assert len(_errors(index_schema, bad)) == 1


def test_the_schemas_catch_what_search_engines_refuse(tmp_path, sitemap_schema, news_schema):
    """The validation can fail: a relative <loc> (too short for tLoc), a date that is not W3C, a bad language."""
    bad = tmp_path / "bad.xml"
    bad.write_text('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/</loc>'
                   "<lastmod>10/05/2561</lastmod></url></urlset>", encoding="utf-8")
    assert len(_errors(sitemap_schema, bad)) == 2
    bad.write_text('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                   'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>'
                   "<loc>https://nuea-news.example.go.th/news/a/</loc><news:news><news:publication>"
                   "<news:name>ข่าว</news:name><news:language>thai</news:language></news:publication>"
                   "<news:publication_date>2026-11-24T10:00:00+07:00</news:publication_date>"
                   "<news:title>ข่าว</news:title></news:news></url></urlset>", encoding="utf-8")
    assert len(_errors(news_schema, bad)) == 1


def test_no_story_in_the_news_window_means_no_news_sitemap(tmp_path, index_schema, sitemap_schema):
    """An empty <urlset/> is invalid (the schema wants at least one <url>): with no story of the last two days the
    build writes no news sitemap, removes the last build's (and its twins) and robots.txt does not name it."""
    old = {path: story_text(**fields) for path, fields in STORIES.values() if path.split("/")[1] < "2569"}
    output = tmp_path / "output"
    output.mkdir()
    for stale in ("news-sitemap.xml", "news-sitemap.xml.gz", "news-sitemap.xml.br"):
        (output / stale).write_bytes(b"stale")
    publish(tmp_path, old)
    assert sorted(p.name for p in output.glob("news-sitemap*")) == []
    robots = (output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots
    assert not [line for line in robots if "news-sitemap" in line]
    assert _sitemap_errors(output, index_schema, sitemap_schema) == []
