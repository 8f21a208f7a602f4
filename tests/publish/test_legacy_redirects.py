"""Old-site addresses keep working: the nginx map and redirect pages from each story's legacy_url."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, story_text
from nuea.header import parse_header
from nuea.keys import canonical_key
from nuea.legacy_urls import LegacyUrlError, parse_legacy_url
from plugins.legacy_redirects.nginx_map import nginx_map

from .conftest import LEGACY, SITEURL, publish


@pytest.mark.parametrize("legacy_url, request_uri, page_file", [
    ("http://www.prd3.go.th/news/show.php?id=185&cat=2", "/news/show.php?id=185&cat=2", None),
    ("/news/2024/boat-race/", "/news/2024/boat-race/", "news/2024/boat-race/index.html"),
    ("/old/story", "/old/story", "old/story/index.html"),
    ("/ข่าว/ลำปาง.html", "/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/%E0%B8%A5%E0%B8%B3%E0%B8%9B%E0%B8%B2%E0%B8%87.html",
     "ข่าว/ลำปาง.html"),
    ("/a%20b.htm", "/a%20b.htm", "a b.htm"),
    ("/detail.asp", "/detail.asp", None),
])
def test_parse_legacy_url(legacy_url, request_uri, page_file):
    address = parse_legacy_url(legacy_url)
    assert (address.request_uri, address.page_file) == (request_uri, page_file)


@pytest.mark.parametrize("bad", ["", "news/x.php", "ftp://old/x", "/a/../b.html", "/a b.html", "/" + "ข" * 60])
def test_bad_legacy_url_is_refused(bad):
    with pytest.raises(LegacyUrlError):
        parse_legacy_url(bad)


def test_nginx_map_lines_are_quoted_and_sorted():
    text = nginx_map({"/b.php?id=2": "https://x/news/b/", "/a.php?id=1&c=2": "https://x/news/a/"})
    assert text.splitlines()[1:] == ['"/a.php?id=1&c=2" "https://x/news/a/";', '"/b.php?id=2" "https://x/news/b/";']


def test_every_legacy_address_has_a_map_line_to_its_story(published):
    lines = (published.output / "legacy-redirects.map").read_text(encoding="utf-8").splitlines()[1:]
    mapped = dict(line.rstrip(";").replace('"', "").split(" ") for line in lines)
    assert mapped == {parse_legacy_url(url).request_uri: f"{SITEURL}/news/{sid}/" for sid, url in LEGACY.items()}


def test_redirect_pages_stand_at_old_paths_that_allow_one(published):
    for story_id, url in LEGACY.items():
        page_file = parse_legacy_url(url).page_file
        if page_file is None:
            continue
        page = BeautifulSoup((published.output / page_file).read_text(encoding="utf-8"), "html.parser")
        target = f"{SITEURL}/news/{story_id}/"
        assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
        assert page.find("link", rel="canonical")["href"] == target
        assert page.find("a", href=target)
        assert (published.output / "news" / story_id / "index.html").exists()
    assert not (published.output / "news" / "show.php").exists()  # a query address lives in the map only


def test_two_stories_claiming_one_old_address_fail_the_build_naming_both(tmp_path):
    files = {
        "news/2569/one.md": story_text(legacy_url="/news/show.php?id=7"),
        "news/2569/two.md": story_text(legacy_url="http://old.example/news/show.php?id=7"),
    }
    with pytest.raises(RuntimeError) as failure:
        publish(tmp_path, files)
    assert "one.md" in str(failure.value) and "two.md" in str(failure.value)


def test_old_address_over_a_new_page_fails_the_build(tmp_path):
    files = {"news/2569/one.md": story_text(), "news/2569/two.md": story_text(legacy_url="/news/one/")}
    with pytest.raises(RuntimeError) as failure:
        publish(tmp_path, files)
    assert "two.md" in str(failure.value) and "/news/one/" in str(failure.value)


def test_bad_legacy_url_fails_the_build_naming_the_file(tmp_path):
    with pytest.raises(RuntimeError) as failure:
        publish(tmp_path, {"news/2569/one.md": story_text(legacy_url="ftp://old/x")})
    assert "one.md" in str(failure.value) and "legacy_url" in str(failure.value)


def _legacy_urls_in_content() -> dict[str, list[str]]:
    """story file -> its old addresses (ที่อยู่เดิม / legacy_url, Thai or English key, comma-separated or repeated),
    read from the metadata header of every story in content/."""
    found = {}
    for path in (ROOT / "content" / "news").rglob("*.md"):
        header = parse_header(path.read_text(encoding="utf-8"))
        urls = [u.strip() for f in header.fields if canonical_key(f.key) == "legacy_url" for u in f.value.split(",")]
        if any(urls):
            found[str(path.relative_to(ROOT))] = [u for u in urls if u]
    return found


def test_every_imported_story_of_the_real_site_keeps_its_old_address(published_real):
    legacy = _legacy_urls_in_content()
    assert legacy, "content/ has imported stories (ที่อยู่เดิม), e.g. the Hang Chat story"
    lines = (published_real.output / "legacy-redirects.map").read_text(encoding="utf-8").splitlines()[1:]
    mapped = dict(line.rstrip(";").replace('"', "").split(" ") for line in lines)
    assert len(mapped) == sum(len(urls) for urls in legacy.values())
    for source, urls in legacy.items():
        for url in urls:
            target = mapped[parse_legacy_url(url).request_uri]
            assert target.startswith(f"{SITEURL}/news/"), (source, target)
            page = published_real.output / target[len(SITEURL) + 1:] / "index.html"
            title = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").h1.get_text()
            assert title in (ROOT / source).read_text(encoding="utf-8"), source
