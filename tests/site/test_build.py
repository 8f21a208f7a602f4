"""The site builds from Markdown into the pages a reader expects (real Pelican builds in a temporary folder)."""
import re

import pytest
from bs4 import BeautifulSoup

from conftest import build_site, story_text

HANG_CHAT = "กฟภ.ห้างฉัตร เดินหน้ายกระดับงานบริการประชาชน เปิดศูนย์ราชการสะดวกรับการประเมินจากคณะอนุกรรมการกลาง"


def _html(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("site")
    stories = {
        "news/2561/hang-chat-gecc.md": story_text(
            title=HANG_CHAT, date="2018-05-10 11:48:27", reporter="นายชาญณรงค์ ปันเต", editor="",
            agency="ส.ปชส.ลำปาง", category="ข่าวภูมิภาค", tags="ศูนย์ราชการสะดวก, GECC",
            summary="คณะอนุกรรมการตรวจประเมินศูนย์ราชการสะดวก ลงพื้นที่ กฟภ.ห้างฉัตร",
            body="นายนริสชัย ป้อมเสือ ผู้ตรวจราชการสำนักนายกรัฐมนตรี ลงพื้นที่\n\nย่อหน้าที่สอง",
        ),
        "news/2569/cmi-one.md": story_text(title="เชียงใหม่รณรงค์ลดฝุ่น PM2.5", agency="ส.ปชส.เชียงใหม่",
                                           date="2026-11-20 09:00", category="สิ่งแวดล้อม", tags="GECC"),
        "pages/about.md": "title: เกี่ยวกับเรา\nslug: about\n\nสำนักประชาสัมพันธ์เขต 3\n",
        "pages/privacy.md": "title: นโยบายความเป็นส่วนตัว\nslug: privacy\n\nเราไม่เก็บคุกกี้\n",
    }
    for n in range(12):  # enough stories for a second home page
        stories[f"news/2569/nan-{n:02d}.md"] = story_text(
            title=f"น่านพัฒนาชุมชน ครั้งที่ {n + 1}", agency="ส.ปชส.น่าน", date=f"2026-10-{n + 1:02d} 10:00")
    return build_site(tmp, stories=stories)


def test_story_page_shows_every_field_of_the_seed_page(site):
    page = _html(site / "news" / "hang-chat-gecc" / "index.html")
    assert page.html["lang"] == "th"
    assert page.select_one("h1.story-title").get_text(strip=True) == HANG_CHAT
    dateline = page.select_one(".story-dateline time")
    assert dateline["datetime"] == "2018-05-10T11:48:27+07:00"
    assert dateline.get_text(strip=True) == "10 พฤษภาคม 2561 / 11:48 น."
    assert page.select_one(".story-reporter").get_text(strip=True) == "นายชาญณรงค์ ปันเต"
    assert page.select_one(".story-editor").get_text(strip=True) == "-"
    assert page.select_one(".story-agency").get_text(strip=True) == "ส.ปชส.ลำปาง"
    assert "ผู้ตรวจราชการสำนักนายกรัฐมนตรี" in page.select_one(".story-body").get_text()
    assert page.select_one(".read-count[data-story-id=hang-chat-gecc]") is not None
    assert page.select_one(".share") is not None


def test_header_and_footer(site):
    page = _html(site / "index.html")
    header = page.select_one(".site-header").get_text(" ", strip=True)
    assert "ข่าวภาคเหนือตอนบน" in header and "สำนักประชาสัมพันธ์เขต 3" in header
    provinces = [a.get_text(strip=True) for a in page.select(".site-nav a")][1:]
    assert provinces == ["เชียงใหม่", "ลำปาง", "ลำพูน", "เชียงราย", "พะเยา", "แพร่", "น่าน", "แม่ฮ่องสอน"]
    footer = page.select_one(".site-footer").get_text(" ", strip=True)
    assert "49 ถนนประชาสัมพันธ์" in footer and "0-5328-3734" in footer and "0-5328-3738" in footer
    assert {a["href"] for a in page.select(".footer-links a")} >= {"/about/", "/privacy/"}


def test_lists_link_to_the_story(site):
    for listing in ("province/lampang", "agency/prd-lampang", "archive/2018/05"):
        links = {a["href"] for a in _html(site / listing / "index.html").select(".story-card-title a")}
        assert "/news/hang-chat-gecc/" in links, listing
    tag_pages = [p for p in (site / "tag").glob("*/index.html") if "hang-chat-gecc" in p.read_text()]
    assert tag_pages, "no tag page lists the story"
    other = {a["href"] for a in _html(site / "province" / "nan" / "index.html").select(".story-card-title a")}
    assert "/news/hang-chat-gecc/" not in other


def test_home_shows_the_newest_and_numbers_pages_from_the_oldest(site):
    first = _html(site / "index.html")
    titles = [a.get_text(strip=True) for a in first.select(".story-card-title a")]
    assert len(titles) == 10 and titles[0] == "เชียงใหม่รณรงค์ลดฝุ่น PM2.5"
    # 14 stories: page 1 holds the ten oldest (and always will), page 2 the four newest
    assert first.select_one(".pagination a[rel=next]")["href"] == "/page/1/"
    oldest = _html(site / "page" / "1" / "index.html")
    oldest_titles = [a.get_text(strip=True) for a in oldest.select(".story-card-title a")]
    assert len(oldest_titles) == 10 and oldest_titles[-1] == HANG_CHAT
    assert oldest.select_one(".pagination a[rel=prev]")["href"] == "/page/2/"
    newest = _html(site / "page" / "2" / "index.html")
    assert len(newest.select(".story-card-title a")) == 4
    assert newest.select_one(".pagination a[rel=prev]")["href"] == "/"
    assert newest.select_one(".pagination a[rel=next]")["href"] == "/page/1/"


def test_font_is_served_from_the_site(site):
    css = (site / "theme" / "css" / "site.css").read_text()
    assert "Sarabun-Regular.woff2" in css and "//fonts." not in css
    woff2 = (site / "theme" / "fonts" / "Sarabun-Regular.woff2").read_bytes()
    assert woff2[:4] == b"wOF2"
    head = _html(site / "index.html").head  # resources only: og:/canonical URLs are absolute by design
    resources = head.select("link[rel~=stylesheet], link[rel~=preload], script[src]")
    loaded = [tag.get("href") or tag.get("src") for tag in resources]
    assert loaded and not [url for url in loaded if re.match(r"(https?:)?//", url)]


def test_a_story_without_headline_fails_the_build(tmp_path):
    with pytest.raises(Exception) as failure:
        build_site(tmp_path, stories={"news/2569/no-title.md": story_text(title=None)})
    assert "no-title.md" in str(failure.value)


def test_a_story_without_date_fails_the_build(tmp_path):
    with pytest.raises(Exception) as failure:
        build_site(tmp_path, stories={"news/2569/no-date.md": story_text(date=None)})
    assert "no-date.md" in str(failure.value)
