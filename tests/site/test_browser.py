"""What a reader sees in a real browser (Debian's Chromium via Playwright)."""
from conftest import build_site, story_text

HEADLINE = "กฟภ.ห้างฉัตร เดินหน้ายกระดับงานบริการประชาชน เปิดศูนย์ราชการสะดวกรับการประเมินจากคณะอนุกรรมการกลาง"


def test_reader_follows_home_to_story_on_a_phone(tmp_path, browser, serve_dir):
    output = build_site(tmp_path, stories={
        "news/2561/hang-chat-gecc.md": story_text(title=HEADLINE, date="2018-05-10 11:48:27",
                                                  reporter="นายชาญณรงค์ ปันเต", agency="ส.ปชส.ลำปาง"),
    })
    base = serve_dir(output)
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    try:
        page.goto(base + "/")
        page.get_by_role("link", name=HEADLINE).first.click()
        page.wait_for_url("**/news/hang-chat-gecc/")
        assert page.locator("h1").inner_text() == HEADLINE
        credits = page.locator(".story-credits").inner_text()
        assert "นายชาญณรงค์ ปันเต" in credits and "ส.ปชส.ลำปาง" in credits
        assert "10 พฤษภาคม 2561" in page.locator(".story-dateline").inner_text()
        # mobile first: nothing wider than the phone's screen
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # the Thai font is the site's own Sarabun, loaded from the site
        assert page.evaluate("""document.fonts.ready.then(() => [...document.fonts].some(
            f => f.family.replace(/"/g, '') === 'Sarabun' && f.status === 'loaded'))""")
        page.screenshot(path=str(tmp_path / "story-390x844.png"))
        assert (tmp_path / "story-390x844.png").stat().st_size > 10_000
    finally:
        page.close()
