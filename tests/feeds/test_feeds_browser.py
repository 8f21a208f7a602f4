"""Feeds in a real browser: the ติดตามข่าว page's copy button, and a feed opened directly renders as a Thai page."""
from __future__ import annotations

import pytest

from conftest import build_site, story_text

HEADLINE = "กฟภ.ห้างฉัตร เดินหน้ายกระดับงานบริการประชาชน เปิดศูนย์ราชการสะดวก"


@pytest.fixture(scope="module")
def served(tmp_path_factory, browser):
    import functools
    import http.server
    import threading

    tmp = tmp_path_factory.mktemp("feeds-browser")
    out = build_site(tmp, stories={
        "news/2569/hang-chat-gecc.md": story_text(title=HEADLINE, date="2026-11-20 11:48:27",
                                                  reporter="นายชาญณรงค์ ปันเต", agency="ส.ปชส.ลำปาง"),
    }, settings={"LOCAL_SITEURL": "https://nuea-news.example.go.th"})
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_copy_button_copies_the_feed_address(served, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(served + "/feeds/")
        assert page.locator("h1").inner_text() == "ติดตามข่าว"
        button = page.locator("#feed-province-lampang .feed-copy").first
        assert button.is_visible()  # hidden without JavaScript; the address field stays selectable
        button.click()
        expected = "https://nuea-news.example.go.th/feeds/province/lampang.rss.xml"
        assert page.evaluate("navigator.clipboard.readText()") == expected
        assert button.inner_text() == "คัดลอกแล้ว"
        assert expected in page.locator(".feeds-status").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/feeds/province/lampang.rss.xml", "/feeds/all.atom.xml"])
def test_feed_opened_in_browser_reads_as_thai_page(served, browser, path):
    page = browser.new_page()
    try:
        page.goto(served + path)
        heading = page.locator("h1")
        heading.wait_for(timeout=5000)  # the XSL stylesheet turned the XML into an HTML page
        assert "ข่าวภาคเหนือตอนบน" in heading.inner_text()
        assert page.locator("html").get_attribute("lang") == "th"
        item = page.locator("ol li").first
        assert item.locator("h2 a").inner_text() == HEADLINE
        assert item.locator("h2 a").get_attribute("href") == "https://nuea-news.example.go.th/news/hang-chat-gecc/"
        assert "20 พ.ย. 2569 11:48 น." in item.inner_text()
        assert "ข่าวโดย นายชาญณรงค์ ปันเต" in item.inner_text()
    finally:
        page.close()
