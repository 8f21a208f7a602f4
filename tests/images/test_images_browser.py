"""A phone browser picks a modern format at the right width, and the page does not shift while photos load."""
from photo_samples import photo_bytes
from test_images_build import stories

from conftest import build_site

WIDTHS = {"IMAGES_WIDTHS": (160, 320, 480)}


def test_phone_loads_a_modern_derivative_without_layout_shift(tmp_path, browser, serve_dir):
    files = stories()
    files["images/2561/05/lead.jpg"] = photo_bytes(size=(640, 480), orientation=6)
    base = serve_dir(build_site(tmp_path, files, settings=WIDTHS))
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1, is_mobile=True)
    try:
        page.goto(base + "/news/hang-chat/")
        lead = page.locator("figure.lead-photo img")
        # before any pixel arrives the box already has the photo's aspect ratio (width/height attributes)
        box = lead.bounding_box()
        assert abs(box["height"] / box["width"] - 640 / 480) < 0.02, box
        page.wait_for_function("document.querySelector('figure.lead-photo img').complete")
        current = lead.evaluate("img => img.currentSrc")
        assert current.endswith((".avif", ".webp")), current
        assert "-480." in current  # 358 css px wide on this phone → the 480w candidate
        body = page.locator("figure.body-photo img")
        body.scroll_into_view_if_needed()
        page.wait_for_function("document.querySelector('figure.body-photo img').naturalWidth > 0")
        assert body.evaluate("img => img.currentSrc").endswith((".avif", ".webp"))
    finally:
        page.close()
