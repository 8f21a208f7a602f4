"""The site's Content-Security-Policy: nothing on any page needs more than the strict policy.

Static part: no page of a production build has an inline script, <style>, style attribute or event handler.
Browser part: the real content, built locally and served by `make serve`'s own server (scripts/serve.py, with
the counter on the same port and the CSP header), opened in Chromium: every page kind, with sharing (copy link),
the read counter (POST and GET /api) and search exercised, reports no `securitypolicyviolation` event and no CSP
message in the console, and no request of any page load fails (no 404 for /favicon.ico). The same served site
shows that search results arriving do not shift the page (cumulative layout shift under 0.1 on a phone).
"""
from __future__ import annotations

import base64
import hashlib
import importlib.util
import os
import re
import subprocess
import sys

import httpx
import pytest

from conftest import ROOT, build_site, story_text
from plugins.content_security import policy


def _counter_service():
    """tests/counter/counter_service.py, loaded from its file (tests/counter is not a package)."""
    spec = importlib.util.spec_from_file_location("counter_service", ROOT / "tests" / "counter" / "counter_service.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_service = _counter_service()
BROWSER_UA, free_port, wait_healthy = _service.BROWSER_UA, _service.free_port, _service.wait_healthy

STORY = "cmi-yi-peng-festival"  # has a gallery (ภาพประกอบ) and a YouTube video
# page kind -> address in a local build of the real content/
PAGE_KINDS = {
    "home": "/",
    "story": f"/news/{STORY}/",
    "province": "/province/lampang/",
    "agency": "/agency/prd-lampang/",
    "reporter": "/reporter/natthawut-khammun/",  # the byline of STORY
    "section": "/section/regional/",
    "tag": "/tag/yi-peng/",
    "archive month": "/archive/2026/11/",
    "search": "/search/?q=" + "ราชการ",
    "feeds": "/feeds/",
    "404": "/no-such-page/",
}
LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(
  {directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile, line: e.lineNumber}));
"""


def test_feed_stylesheet_hash_matches_the_policy():
    xsl = (ROOT / "plugins" / "feeds" / "feed.xsl").read_text(encoding="utf-8")
    styles = re.findall(r"<style>(.*?)</style>", xsl, re.S)
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].encode("utf-8")).digest()).decode()
    assert policy.FEED_XSL_STYLE_HASH == f"'sha256-{digest}'"


def test_policy_is_strict():
    directives = dict(d.split(" ", 1) for d in policy.strict_policy().split("; "))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self' 'wasm-unsafe-eval'"  # Pagefind's WebAssembly, never eval
    assert directives["frame-ancestors"] == "'none'" and directives["base-uri"] == "'none'"
    assert "unsafe-inline" not in policy.strict_policy() and "*" not in policy.strict_policy()
    assert "https://www.line-website.com" in policy.line_official_policy()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The real content/ built locally, served by scripts/serve.py (site + counter under /api, CSP header) on a
    loopback port; the feeds' absolute addresses name that port, as `make serve`'s do (8000)."""
    tmp = tmp_path_factory.mktemp("csp-site")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    output = build_site(tmp, site_content=True, settings={"LOCAL_SITEURL": base})
    env = {**os.environ, "READCOUNTER_DB": str(tmp / "var" / "reads.sqlite3"),
           "READCOUNTER_MANIFEST": str(output / "api" / "stories.json"),
           "SEARCHSERVICE_INDEX": str(tmp / "var" / "search")}  # the index this build wrote
    server = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "serve.py"), "--port", str(port),
                               "--output", str(output)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_healthy(base, server)
        yield base
    finally:
        server.terminate()
        server.wait(10)


def test_local_server_sends_the_policy_on_pages_assets_404_and_api(served):
    for path in ("/", f"/news/{STORY}/", "/no-such-page/", "/favicon.ico", "/api/health"):
        response = httpx.get(served + path)
        assert response.headers["content-security-policy"] == policy.strict_policy(), path
        assert response.headers["x-content-type-options"] == "nosniff"
    manifest = httpx.get(served + "/site.webmanifest")
    assert manifest.status_code == 200 and manifest.headers["content-type"].startswith("application/manifest+json")
    assert manifest.json()["name"] == "ข่าวภาคเหนือตอนบน"


@pytest.fixture
def watched(browser):
    """A Chromium page that records CSP violations, CSP console messages and failed requests."""
    context = browser.new_context(user_agent=BROWSER_UA, locale="th-TH")  # HeadlessChrome's UA is not counted
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.add_init_script(LISTENER)
    page = context.new_page()
    record = {"console": [], "failed": [], "requests": []}
    page.on("console", lambda m: record["console"].append(m.text)
            if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text else None)
    page.on("requestfailed", lambda r: record["failed"].append(f"{r.url} ({r.failure})"))
    page.on("request", lambda r: record["requests"].append((r.method, r.url)))

    def response(resp):
        if resp.status >= 400 and not (resp.request.resource_type == "document" and "no-such-page" in resp.url):
            record["failed"].append(f"{resp.url} {resp.status}")
    page.on("response", response)
    yield page, record
    context.close()


def _violations(page) -> list:
    return page.evaluate("window.__csp || []")


def _exercise(page, kind: str) -> None:
    """What a reader does on a page kind, beyond loading it."""
    if kind in ("home", "story"):  # JSON-LD is a data block: present, and no violation is reported for it
        assert page.locator('script[type="application/ld+json"]').count() == 1
    if kind == "story":  # sharing: the copy-link button puts the story's address on the clipboard
        copy = page.locator(".story .share__link--copy")
        copy.click()
        page.wait_for_function("el => el.textContent === 'คัดลอกแล้ว'",
                               arg=copy.locator(".share__label").element_handle())
        assert page.evaluate("navigator.clipboard.readText()").endswith(f"/news/{STORY}/")
    elif kind == "search":
        page.wait_for_selector(".search-result", timeout=15_000)
    elif kind == "feeds":
        button = page.locator(".feed-copy").first
        button.click()
        page.wait_for_function("el => el.textContent === 'คัดลอกแล้ว'", arg=button.element_handle())


def test_no_csp_violation_on_any_page_kind(served, watched):
    page, record = watched
    seen, icon_links = {}, set()
    for kind, path in PAGE_KINDS.items():
        if kind == "story":  # the read counter: this read is POSTed and its fresh count shown
            with page.expect_response(lambda r: r.request.method == "POST" and f"/api/reads/{STORY}" in r.url,
                                      timeout=10_000) as posted:
                page.goto(served + path, wait_until="load")
            assert posted.value.ok and posted.value.json()["id"] == STORY
        else:
            page.goto(served + path, wait_until="load")
        page.wait_for_load_state("networkidle")
        _exercise(page, kind)
        seen[kind] = _violations(page)
        icon_links.update(page.eval_on_selector_all(
            "link[rel~=icon], link[rel=apple-touch-icon], link[rel=manifest]", "els => els.map(e => e.href)"))
    bad = {kind: v for kind, v in seen.items() if v}
    assert not bad, bad
    assert not record["console"], record["console"]
    assert not record["failed"], record["failed"]
    api = [(m, u.split("/api/", 1)[1]) for m, u in record["requests"] if "/api/" in u]
    assert ("POST", f"reads/{STORY}") in api
    assert any(m == "GET" and u.startswith("reads?ids=") for m, u in api)  # list counts, one batch per page
    assert any(m == "GET" and u.startswith("reads/top?") for m, u in api)  # ข่าวยอดนิยม on the home page
    assert ("GET", "search/filters") in api or any(u.startswith("search?") for _, u in api)  # the search service
    # headless Chromium fetches no icons by itself: fetch what every page names, and /favicon.ico, as browsers do
    icons = {served + "/favicon.ico"} | icon_links
    answers = {url: page.request.get(url) for url in icons}
    assert {url: a.status for url, a in answers.items() if a.status != 200} == {}
    assert answers[served + "/favicon.ico"].headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")


# Chromium 156 deprecates XSLT: it adds its own warning banner (an element with a style attribute and a handler)
# to every XSLT-rendered page, which any CSP without 'unsafe-inline' reports. Those two directives are the
# browser's; everything the feed page itself loads (its hashed <style>, the photos) must pass.
BROWSER_XSLT_BANNER = {"style-src-attr", "script-src-attr"}


def test_feed_rendered_by_its_xsl_needs_only_its_hashed_style(served, watched):
    page, record = watched
    page.goto(served + "/feeds/all.rss.xml", wait_until="load")
    page.wait_for_selector("h1")
    page.wait_for_function("() => document.images.length && document.images[0].naturalWidth > 0")  # a photo loaded
    own = [v for v in _violations(page) if v["directive"] not in BROWSER_XSLT_BANNER]
    assert not own, own
    assert page.evaluate("getComputedStyle(document.body).maxWidth") == "736px"  # 46rem: the hashed <style> applied
    assert page.evaluate("document.images.length") > 0 and not record["failed"]


def test_csp_is_enforced_not_just_sent(served, watched):
    """The listener really hears violations: an inline script added to a page is refused and reported."""
    page, _ = watched
    page.goto(served + "/", wait_until="load")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';
                             document.head.append(s); }""")
    page.wait_for_function("window.__csp.length > 0")
    assert page.evaluate("window.__ran") is None
    assert _violations(page)[0]["directive"].startswith("script-src")


LINE_SCRIPT = "https://www.line-website.com/social-plugins/js/thirdparty/loader.min.js"


@pytest.fixture(scope="module")
def line_official_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("line-official")
    output = build_site(tmp, stories={"news/2569/line-test.md": story_text()},
                        settings={"SHARE_LINE_BUTTON": "official", "SEARCH_INDEX": False})
    return tmp, output


@pytest.mark.parametrize("mode", ["strict", "line-official"])
def test_line_official_button_needs_the_line_policy(line_official_site, browser, monkeypatch, mode):
    """SHARE_LINE_BUTTON = "official": the strict policy refuses LINE's script (documented); the LINE policy
    admits it. LINE's server is out of reach here, so its script is answered by the test with a one-line file."""
    import threading

    import uvicorn

    from scripts.serve import site_app

    tmp, output = line_official_site
    monkeypatch.setenv("READCOUNTER_DB", str(tmp / f"reads-{mode}.sqlite3"))
    monkeypatch.setenv("READCOUNTER_MANIFEST", str(output / "api" / "stories.json"))
    chosen = policy.strict_policy() if mode == "strict" else policy.line_official_policy()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(site_app(output, policy=chosen), host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    context = browser.new_context()
    context.add_init_script(LISTENER)
    context.route("https://www.line-website.com/**", lambda route: route.fulfill(
        status=200, content_type="text/javascript", body="window.__line = 1;"))
    try:
        wait_healthy(f"http://127.0.0.1:{port}")
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/news/line-test/", wait_until="load")
        page.wait_for_function("window.__csp.length > 0" if mode == "strict" else "window.__line === 1")
        blocked = [v["blocked"] for v in _violations(page)]
        if mode == "strict":
            assert blocked == [LINE_SCRIPT] and page.evaluate("window.__line") is None
        else:
            assert blocked == [] and page.evaluate("window.__line") == 1
        assert page.locator(".line-it-button").evaluate("el => getComputedStyle(el).display") == "none"
    finally:
        context.close()
        server.should_exit = True
        thread.join(10)


def test_search_results_arriving_do_not_shift_the_page(served, browser):
    """Layout shift on a phone-sized search page while Pagefind's results arrive: under 0.1 ("good")."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, locale="th-TH", is_mobile=True)
    context.add_init_script("""window.__cls = 0; new PerformanceObserver((list) => { for (const e of list.getEntries())
        if (!e.hadRecentInput) window.__cls += e.value; }).observe({type: "layout-shift", buffered: true});""")
    page = context.new_page()
    try:
        page.goto(served + "/search/?q=" + "ราชการ", wait_until="load")
        page.wait_for_selector(".search-result")
        page.wait_for_function("document.querySelector('.search-status').textContent.startsWith('พบ')")
        page.evaluate("document.fonts.ready")
        page.wait_for_timeout(500)
        assert page.evaluate("window.__cls") < 0.1
    finally:
        context.close()


PLAYER = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"  # the video of STORY


def _swipe(cdp, x0: int, x1: int, y: int) -> None:
    """A one-finger horizontal swipe, as a phone's touch screen sends it (CDP touch events)."""
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y}]})
    for step in range(1, 6):
        cdp.send("Input.dispatchTouchEvent",
                 {"type": "touchMove", "touchPoints": [{"x": x0 + (x1 - x0) * step // 5, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_gallery_viewer_keyboard_swipe_and_video_loaded_only_on_click(served, browser):
    """On a phone-sized page: the gallery viewer opens from the keyboard, ← → Home End move, Esc closes and gives
    focus back; a swipe goes to the next/previous photo. Every request is recorded: none leaves the site until the
    reader clicks the video's poster, which then loads exactly the youtube-nocookie.com player (answered here by a
    stand-in page: the machine is offline). No CSP violation throughout."""
    context = browser.new_context(user_agent=BROWSER_UA, locale="th-TH", viewport={"width": 390, "height": 844},
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    context.add_init_script(LISTENER)
    requests, player_loads = [], []
    context.on("request", lambda r: requests.append(r.url))

    def player(route):
        player_loads.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>player</title><p>video")
    context.route("https://www.youtube-nocookie.com/**", player)
    page = context.new_page()
    try:
        page.goto(f"{served}/news/{STORY}/", wait_until="load")
        page.locator("section.gallery").scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        links = page.locator("a.gallery-link")
        assert links.count() == 3
        counter = page.locator(".gallery-counter")

        def showing(n: int) -> None:
            page.wait_for_function("t => document.querySelector('.gallery-counter').textContent === t",
                                   arg=f"ภาพที่ {n} จาก 3")
            src = page.evaluate("document.querySelector('.gallery-photo').src")
            assert src == links.nth(n - 1).evaluate("a => a.href")
            assert page.evaluate("document.querySelector('.gallery-photo').alt") == \
                links.nth(n - 1).locator("img").get_attribute("alt")

        links.first.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelector('dialog.gallery-viewer').open")
        showing(1)
        page.wait_for_function("() => document.querySelector('.gallery-photo').naturalWidth > 0")  # the large photo
        for key, n in (("ArrowRight", 2), ("ArrowRight", 3), ("ArrowRight", 1), ("ArrowLeft", 3), ("Home", 1),
                       ("End", 3)):
            page.keyboard.press(key)
            showing(n)
        page.keyboard.press("Escape")
        page.wait_for_function("() => !document.querySelector('dialog.gallery-viewer').open")
        assert page.evaluate("document.activeElement === document.querySelectorAll('a.gallery-link')[0]")

        links.nth(1).tap()
        showing(2)
        cdp = context.new_cdp_session(page)
        _swipe(cdp, 330, 60, 420)  # finger right to left: the next photo
        showing(3)
        _swipe(cdp, 60, 330, 420)  # left to right: the previous one
        showing(2)
        page.locator(".gallery-close").focus()  # ปิด from the keyboard too
        page.keyboard.press("Enter")
        page.wait_for_function("() => !document.querySelector('dialog.gallery-viewer').open")
        assert counter.count() == 1

        poster = page.locator("figure.video-embed")
        assert poster.locator("a.video-link").get_attribute("href") == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
        play = poster.locator("button.video-play")
        play.scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        assert [u for u in requests if not u.startswith(served)] == []  # nothing third-party before the click
        assert player_loads == [] and page.locator("iframe").count() == 0
        play.tap()
        page.wait_for_selector("figure.video-embed iframe.video-frame")
        page.wait_for_timeout(500)
        assert player_loads == [PLAYER]
        assert [u for u in requests if not u.startswith(served)] == [PLAYER]
        assert page.frame_locator("iframe.video-frame").locator("p").inner_text() == "video"  # frame-src allows it
        assert _violations(page) == []
    finally:
        context.close()


FIRSTS = """window.__firsts = {};
new PerformanceObserver((list) => { for (const e of list.getEntries())
  if (e.name === "first-contentful-paint") window.__firsts.paint = e.startTime; }).observe({type: "paint", buffered: true});
new MutationObserver(() => {
  const now = performance.now();
  if (!window.__firsts.video && document.querySelector("button.video-play")) window.__firsts.video = now;
  if (!window.__firsts.gallery && document.querySelector("dialog.gallery-viewer")) window.__firsts.gallery = now;
}).observe(document, {childList: true, subtree: true});"""


def test_story_scripts_start_after_the_first_paint(served, browser):
    """The video posters, the gallery viewer and the read counter (its first /api request) set up at idle time,
    after the first contentful paint (they cost Lighthouse's blocking time before it), and still set up."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, locale="th-TH", is_mobile=True)
    context.add_init_script(FIRSTS)
    page = context.new_page()
    try:
        page.goto(f"{served}/news/{STORY}/", wait_until="load")
        page.wait_for_function("() => ['paint', 'video', 'gallery'].every((k) => k in window.__firsts)")
        page.wait_for_function("() => performance.getEntriesByType('resource').some((e) => e.name.includes('/api/'))")
        firsts = page.evaluate("window.__firsts")
        api = page.evaluate("Math.min(...performance.getEntriesByType('resource')"
                            ".filter((e) => e.name.includes('/api/')).map((e) => e.startTime))")
        assert firsts["video"] > firsts["paint"] and firsts["gallery"] > firsts["paint"], firsts
        assert api > firsts["paint"], (api, firsts)
    finally:
        context.close()
