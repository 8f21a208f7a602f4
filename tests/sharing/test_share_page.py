"""The built pages: share links, canonical, Open Graph, Twitter card, JSON-LD."""
import json
from datetime import datetime

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from share_fixtures import LONG, SHORT, SITEURL, sharing_stories
from test_share_links import _query

from conftest import build_site, story_text

OG_REQUIRED = ["og:site_name", "og:locale", "og:type", "og:url", "og:title", "og:description", "og:image",
               "og:image:width", "og:image:height", "og:image:alt", "article:published_time",
               "article:modified_time"]


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory):
    """(tmp folder, output) of a two-story site built once with an absolute SITEURL."""
    tmp = tmp_path_factory.mktemp("sharing-site")
    return tmp, build_site(tmp, stories=sharing_stories(), settings={"SITEURL": SITEURL})


TWITTER_REQUIRED = ["twitter:card", "twitter:title", "twitter:description", "twitter:image", "twitter:image:alt"]


def _page(out, rel):
    return BeautifulSoup((out / rel).read_text(), "html.parser")


def _meta(page, attr):
    found = {}
    for tag in page.head.select(f"meta[{attr}]"):
        found.setdefault(tag[attr], tag["content"])
    return found


def _local_file(out, url):
    assert url.startswith(SITEURL + "/"), url
    return out / url.removeprefix(SITEURL + "/")


def _iso_bangkok(text):
    moment = datetime.fromisoformat(text)
    assert moment.utcoffset().total_seconds() == 7 * 3600, text
    return moment


def test_every_open_graph_and_twitter_field(shared_site):
    _, out = shared_site
    page = _page(out, "news/flood-visit/index.html")
    og, tw = _meta(page, "property"), _meta(page, "name")
    assert not [k for k in OG_REQUIRED if not og.get(k)] and not [k for k in TWITTER_REQUIRED if not tw.get(k)]
    url = f"{SITEURL}/news/flood-visit/"
    assert og["og:url"] == url == page.head.select_one("link[rel=canonical]")["href"]
    assert og["og:type"] == "article" and og["og:locale"] == "th_TH" and tw["twitter:card"] == "summary_large_image"
    assert og["og:title"] == tw["twitter:title"] == LONG
    assert og["og:description"] == "ข่าวทดสอบสำหรับการสร้างเว็บไซต์"
    assert og["og:image"] == tw["twitter:image"] and "flood-visit-" in og["og:image"]
    with Image.open(_local_file(out, og["og:image"])) as card:
        assert card.size == (int(og["og:image:width"]), int(og["og:image:height"])) == (1200, 630)
    assert _iso_bangkok(og["article:published_time"]) == datetime.fromisoformat("2025-01-03T09:00:00+07:00")
    _iso_bangkok(og["article:modified_time"])
    assert [t["content"] for t in page.head.select('meta[property="article:tag"]')] == ["อุทกภัย", "จิตอาสา"]


def test_description_is_plain_text(shared_site):
    _, out = shared_site
    og = _meta(_page(out, "news/hang-chat-gecc/index.html"), "property")
    assert og["og:description"] == "ศูนย์ราชการสะดวก <ห้างฉัตร> & การประเมิน"
    assert og["og:title"] == SHORT


def test_json_ld_news_article(shared_site):
    _, out = shared_site
    page = _page(out, "news/flood-visit/index.html")
    scripts = page.head.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    url = f"{SITEURL}/news/flood-visit/"
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == LONG and data["url"] == url and data["mainEntityOfPage"]["@id"] == url
    assert _iso_bangkok(data["datePublished"]) <= _iso_bangkok(data["dateModified"])
    reporter_page = f"{SITEURL}/reporter/thadasop-rappdi/"  # romanised: no registry entry
    assert data["author"] == [{"@type": "Person", "name": "นายทดสอบ ระบบดี", "url": reporter_page}]
    assert data["inLanguage"] == "th" and data["articleSection"] == "ข่าวภูมิภาค"
    publisher = data["publisher"]
    assert publisher["@type"] == "Organization" and publisher["name"] == "ข่าวภาคเหนือตอนบน"
    logo = publisher["logo"]
    with Image.open(_local_file(out, logo["url"])) as img:
        assert img.size == (logo["width"], logo["height"])
    card, photo = data["image"]
    assert _local_file(out, card).is_file()
    assert photo == f"{SITEURL}/images/2568/01/flood.jpg" and _local_file(out, photo).is_file()
    assert data["sourceOrganization"]["alternateName"] == "ส.ปชส.ลำปาง"


def test_json_ld_cannot_break_out_of_its_script(shared_site):
    _, out = shared_site
    raw = (out / "news/hang-chat-gecc/index.html").read_text()
    block = raw.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in block and ">" not in block
    assert json.loads(block)["description"] == "ศูนย์ราชการสะดวก <ห้างฉัตร> & การประเมิน"


def test_home_page_has_site_preview(shared_site):
    _, out = shared_site
    page = _page(out, "index.html")
    og = _meta(page, "property")
    assert page.head.select_one("link[rel=canonical]")["href"] == f"{SITEURL}/"
    assert og["og:type"] == "website" and og["og:url"] == f"{SITEURL}/"
    with Image.open(_local_file(out, og["og:image"])) as card:
        assert card.size == (1200, 630)
    # the home page's JSON-LD names the site and the office (tests/sharing/test_home_json_ld.py), never a story
    [block] = page.head.select('script[type="application/ld+json"]')
    assert "NewsArticle" not in block.string and '"WebSite"' in block.string


def test_official_line_button_setting(tmp_path):
    stories = {k: v for k, v in sharing_stories().items() if "hang-chat" in k}
    out = build_site(tmp_path, stories=stories, settings={"SITEURL": SITEURL, "SHARE_LINE_BUTTON": "official"})
    page = _page(out, "news/hang-chat-gecc/index.html")
    button = page.select_one(".share .line-it-button")
    assert button["data-url"] == f"{SITEURL}/news/hang-chat-gecc/" and button["data-count"] == "true"
    assert page.head.select_one('script[src$="loader.min.js"]')
    assert page.select_one('.share a[data-share="facebook"]')  # the other networks stay plain links


def test_story_page_and_lists_share_the_canonical_url(shared_site):
    _, out = shared_site
    story = BeautifulSoup((out / "news/hang-chat-gecc/index.html").read_text(), "html.parser")
    canonical = story.select_one("link[rel=canonical]")["href"]
    assert canonical == f"{SITEURL}/news/hang-chat-gecc/"
    first = story.select(".share a")[0]
    assert first["data-share"] == "line" and "share__link--line" in first["class"]
    assert _query(first["href"])[1] == {"url": [canonical]}
    home = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    cards = home.select(".story-card")
    assert len(cards) == 2 and all(card.select_one('.share a[data-share="line"]') for card in cards)


def test_no_third_party_script_by_default(shared_site):
    _, out = shared_site
    page = BeautifulSoup((out / "news/hang-chat-gecc/index.html").read_text(), "html.parser")
    sources = [s["src"] for s in page.select("script[src]")]
    assert sources and all(src.startswith(SITEURL) for src in sources)
    assert not page.select(".line-it-button")


def test_missing_lead_photo_fails_the_build_naming_the_story(tmp_path):
    stories = {"news/2569/no-photo.md": story_text(image="images/2569/11/missing.jpg")}
    with pytest.raises(Exception) as failure:
        build_site(tmp_path, stories=stories, settings={"SITEURL": SITEURL})
    assert "no-photo.md" in str(failure.value) and "missing.jpg" in str(failure.value)


def test_local_build_shares_the_local_address(tmp_path):
    out = build_site(tmp_path, stories={"news/2569/hang-chat-gecc.md": story_text()})  # pelicanconf: SITEURL = ""
    page = _page(out, "news/hang-chat-gecc/index.html")
    assert page.head.select_one("link[rel=canonical]")["href"] == "http://127.0.0.1:8000/news/hang-chat-gecc/"
