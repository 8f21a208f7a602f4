"""The story form in Chromium on a real uvicorn: it works without JavaScript; with it, a photo dropped on the box
is uploaded, the body's live preview is the reader's sanitized HTML, and the preview opens the site's own page at
phone and desktop widths. No CSP violation on the newsroom's pages."""
from __future__ import annotations

import re

import pytest
from newsroom_service.live_server import LiveServer

from .conftest import PASSWORD, make_room
from .photo_files import jpeg

PAST = "1 พฤศจิกายน 2569 10:00"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    room = make_room(tmp_path_factory.mktemp("form-browser"))
    room.add("lpg.writer", "writer", ["LPG"])
    with LiveServer(room.app) as server:
        yield room, server


def open_page(browser, server, js=True):
    context = browser.new_context(base_url=server.url, locale="th-TH", java_script_enabled=js)
    page = context.new_page()
    page.csp = []
    page.on("console", lambda m: "Content Security Policy" in m.text and page.csp.append(m.text))
    page.goto("/newsroom/login")
    page.get_by_label("ชื่อผู้ใช้", exact=True).fill("lpg.writer")
    page.get_by_label("รหัสผ่าน", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ", exact=True).click()
    page.wait_for_url(re.compile(r"/newsroom/$"))
    return context, page


def test_the_form_works_without_javascript(browser, live):
    room, server = live
    context, page = open_page(browser, server, js=False)
    try:
        page.get_by_role("link", name="เขียนข่าวใหม่", exact=True).click()
        page.get_by_label("หัวข้อ", exact=True).fill("ข่าวไม่มีจาวาสคริปต์")
        page.get_by_label("วันที่", exact=True).fill("30 กุมภาพันธ์ 2569")
        page.get_by_label("ข่าวโดย", exact=True).fill("นายทดสอบ")
        page.get_by_label("เนื้อข่าว", exact=True).fill("เนื้อข่าวทดสอบ")
        page.get_by_role("button", name="บันทึกร่าง", exact=True).click()
        page.wait_for_url(re.compile(r"\?m=save_problems$"))
        date = page.get_by_label("วันที่", exact=True)
        assert date.input_value() == "30 กุมภาพันธ์ 2569" and date.get_attribute("aria-invalid") == "true"
        error = page.locator("#" + date.get_attribute("aria-describedby").split()[0]).inner_text()
        assert error == "ไม่มีวันที่ 30 ในกุมภาพันธ์ 2569 (เดือนนี้มี 28 วัน)"
        date.fill(PAST)
        page.get_by_role("button", name="ส่งตรวจ", exact=True).click()
        page.wait_for_url(re.compile(r"\?m=submit$"))
        assert any("สถานะ: รอตรวจ" in t and "ข่าวไม่มีจาวาสคริปต์" in t for t in room.story_files().values())
    finally:
        context.close()


def test_drop_a_photo_live_preview_and_site_preview(browser, live, tmp_path):
    room, server = live
    context, page = open_page(browser, server)
    try:
        page.goto("/newsroom/stories/new")
        page.get_by_label("หัวข้อ", exact=True).fill("ข่าวมีภาพลากวาง")
        page.get_by_label("วันที่", exact=True).fill(PAST)
        page.get_by_label("ข่าวโดย", exact=True).fill("นายทดสอบ")
        page.get_by_label("คำบรรยายภาพ", exact=True).fill("ภาพที่ลากมาวาง")
        body = page.get_by_label("เนื้อข่าว", exact=True)
        body.fill("**ตัวหนา** <script>window.hacked = 1</script> [ลิงก์](javascript:alert(1))")
        live_body = page.locator("#live-preview .nr-live-body")
        live_body.locator("strong").wait_for()
        assert live_body.locator("strong").inner_text() == "ตัวหนา"
        html = live_body.inner_html()
        assert "<script" not in html and "javascript:" not in html
        assert page.evaluate("window.hacked") is None
        # drop a photo on the ภาพ box, as dragging it from the desktop would
        data = list(jpeg(1200, 800))
        page.evaluate("""data => {
            const file = new File([new Uint8Array(data)], 'dropped.jpg', {type: 'image/jpeg'});
            const dt = new DataTransfer(); dt.items.add(file);
            const zone = document.querySelector('[data-drop-for="f-image"]');
            zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
            zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
        }""", data)
        assert page.get_by_label("ภาพ", exact=True).evaluate("el => el.files[0].name") == "dropped.jpg"
        with context.expect_page() as popup:
            page.get_by_role("button", name="ดูตัวอย่าง", exact=True).click()
        preview = popup.value
        preview.wait_for_load_state()
        frames = preview.locator("iframe")
        assert frames.count() == 2 and frames.nth(0).get_attribute("width") == "390"
        story = preview.frame_locator("iframe[title='ตัวอย่างบนโทรศัพท์']")
        story.get_by_role("heading", name="ข่าวมีภาพลากวาง", exact=True).wait_for(timeout=60_000)
        assert story.locator("article strong").first.inner_text() == "ตัวหนา"
        page.get_by_role("button", name="บันทึกร่าง", exact=True).click()
        page.wait_for_url(re.compile(r"\?m=save$"))
        text = next(t for t in room.story_files().values() if "ข่าวมีภาพลากวาง" in t)
        assert re.search(r"^ภาพ: images/2569/\d\d/lpg-2569-11-01-[a-z]+-[0-9a-f]{8}\.jpg$", text, re.M)
        thumb = page.locator(".nr-current-photo img")
        assert thumb.evaluate("img => img.complete && img.naturalWidth") == 480  # a derivative, not the original
        assert page.csp == []
    finally:
        context.close()


def test_axe_finds_no_serious_violation_on_the_list_and_a_form_with_problems(browser, live):
    from axe_playwright_python.sync_playwright import Axe
    _room, server = live
    context, page = open_page(browser, server)
    axe = Axe()
    try:
        page.goto("/newsroom/stories/new")
        page.get_by_label("วันที่", exact=True).fill("31 เมษายน 2569")
        page.get_by_role("button", name="ส่งตรวจ", exact=True).click()
        page.get_by_label("วันที่", exact=True).wait_for()
        for where in ("form with problems", "list"):
            if where == "list":
                page.goto("/newsroom/")
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a",
                                                                                    "wcag21aa"]},
                                             "resultTypes": ["violations"]})
            bad = [f"{v['impact']}: {v['id']}: {[n['target'] for n in v['nodes']][:3]}"
                   for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
            assert not bad, f"{where}: {bad}"
    finally:
        context.close()
