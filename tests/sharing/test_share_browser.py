"""A reader clicks the LINE button in Chromium and LINE's share address opens (intercepted: no internet here)."""
from urllib.parse import parse_qs, urlsplit

from share_fixtures import SITEURL, sharing_stories

from conftest import build_site

LINE_SHARE = "https://social-plugins.line.me/lineit/share"


def test_clicking_line_opens_the_share_address(tmp_path, browser, serve_dir):
    stories = {k: v for k, v in sharing_stories().items() if "hang-chat" in k}
    out = build_site(tmp_path, stories=stories, settings={"SITEURL": SITEURL, "RELATIVE_URLS": True})
    base = serve_dir(out)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = []

    def line_share(route):
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>LINE</title>")

    context.route(f"{LINE_SHARE}*", line_share)
    context.route(lambda url: not url.startswith(base) and not url.startswith(LINE_SHARE),
                  lambda route: route.abort())  # nothing else may leave the machine
    try:
        page = context.new_page()
        page.goto(f"{base}/news/hang-chat-gecc/")
        button = page.locator('.share a[data-share="line"]')
        assert button.is_visible()
        assert button.evaluate("a => getComputedStyle(a).backgroundColor") == "rgb(6, 199, 85)"  # #06C755
        with context.expect_page() as popup_info:
            button.click()
        popup = popup_info.value
        popup.wait_for_load_state()
        assert popup.url.startswith(LINE_SHARE) and opened
        query = parse_qs(urlsplit(opened[0]).query)
        assert query == {"url": [f"{SITEURL}/news/hang-chat-gecc/"]}
    finally:
        context.close()


def test_phones_get_the_line_app_address(tmp_path, browser, serve_dir):
    stories = {k: v for k, v in sharing_stories().items() if "hang-chat" in k}
    out = build_site(tmp_path, stories=stories, settings={"SITEURL": SITEURL, "RELATIVE_URLS": True})
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())
    try:
        page = context.new_page()
        page.goto(f"{serve_dir(out)}/news/hang-chat-gecc/")
        visible = page.locator(".share a:visible").first
        href = visible.get_attribute("href")
        assert href.startswith("https://line.me/R/share?text=")
        assert parse_qs(urlsplit(href).query)["text"][0].endswith(f"\n{SITEURL}/news/hang-chat-gecc/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
