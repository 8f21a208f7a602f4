"""Story cards are rendered once per story and reused on every list page: each page still shows its own stories."""
from __future__ import annotations

from bs4 import BeautifulSoup

from conftest import build_site, story_text


def card_titles(path) -> list[str]:
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return [a.get_text() for a in page.select(".story-card-title a")]


def cards(path) -> list[str]:
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return [str(card) for card in page.select(".story-card")]


def test_each_list_page_shows_its_own_stories_with_the_same_card(tmp_path):
    stories = {
        "news/2569/cm-one.md": story_text(title="ข่าวเชียงใหม่", agency="ส.ปชส.เชียงใหม่", date="2026-11-21 09:00"),
        "news/2569/lp-two.md": story_text(title="ข่าวลำปาง", agency="ส.ปชส.ลำปาง", date="2026-11-22 09:00"),
    }
    output = build_site(tmp_path, stories=stories)
    assert card_titles(output / "index.html") == ["ข่าวลำปาง", "ข่าวเชียงใหม่"]
    assert card_titles(output / "province/lampang/index.html") == ["ข่าวลำปาง"]
    assert card_titles(output / "province/chiangmai/index.html") == ["ข่าวเชียงใหม่"]
    assert cards(output / "province/lampang/index.html")[0] == cards(output / "index.html")[0]


def test_relative_urls_give_each_page_depth_its_own_card(tmp_path):
    stories = {"news/2569/cm-one.md": story_text(title="ข่าวเชียงใหม่", agency="ส.ปชส.เชียงใหม่")}
    output = build_site(tmp_path, stories=stories, settings={"RELATIVE_URLS": True})
    home = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser")
    deep = BeautifulSoup((output / "province/chiangmai/index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one(".story-card-title a")["href"] == "./news/cm-one/"
    assert deep.select_one(".story-card-title a")["href"] == "../../news/cm-one/"
