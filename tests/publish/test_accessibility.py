"""WCAG 2.1 AA with axe-core in Chromium, and valid HTML with the Nu HTML Checker, on the published pages.

Both are mandatory when REQUIRE_SYSTEM=1 (CI); elsewhere they skip when Chromium or Java is missing.
"""
from __future__ import annotations

import json
import mimetypes
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT
from system import require_command, require_system

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


# Heading structure: axe's heading rules (best-practice rules, outside the WCAG tags above) on every page kind.
HEADING_PAGES = {**PAGES, "agency list": "agency/prd-lampang/", "section list": "section/regional/",
                 "tag list": "tag/yi-peng/", "archive month": "archive/2026/11/", "about": "about/",
                 "feeds": "feeds/", "home page 2": "page/2/"}
HEADING_RULES = ["heading-order", "page-has-heading-one", "empty-heading"]


def test_axe_heading_rules_pass_on_every_page_kind(browser, published_real, axe):
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="th-TH")
    context.route("**/*", _fulfil_from_output(published_real.output))
    page = context.new_page()
    failures = []
    try:
        for name, address in HEADING_PAGES.items():
            assert _page_file(published_real.output, address).exists(), f"{name}: /{address} is not built"
            page.goto(f"{SITEURL}/{address}", wait_until="load")
            results = axe.run(page, options={"runOnly": {"type": "rule", "values": HEADING_RULES}})
            failures += [f"/{address}: {v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
                         for v in results.response["violations"]]
            assert {r["id"] for r in results.response["passes"]} & {"heading-order", "page-has-heading-one"}
    finally:
        context.close()
    assert not failures, "\n".join(failures)


VNU_JAR = ROOT / ".tools" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_checker_messages(files: list[Path]) -> list[dict]:
    """The current Nu HTML Checker (npm vnu-jar 26, `make tools`) on `files`: its JSON messages."""
    require_command("java", "default-jre-headless")
    require_system("the Nu HTML Checker (npm vnu-jar 26)", VNU_JAR.is_file(), "make tools")
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", *map(str, files)],
                            capture_output=True, text=True, timeout=300)
    try:
        return json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        raise AssertionError(f"vnu.jar gave no JSON report (exit {result.returncode}):\n{result.stderr}")


def test_nu_checker_is_version_26():
    require_command("java", "default-jre-headless")
    require_system("the Nu HTML Checker (npm vnu-jar 26)", VNU_JAR.is_file(), "make tools")
    version = subprocess.run(["java", "-jar", str(VNU_JAR), "--version"], capture_output=True, text=True).stdout
    assert version.startswith("26."), version


def test_every_published_page_is_valid_html_with_no_skipped_heading_level(published_real, published, tmp_path):
    """Every page of a production build of the real content, and a legacy redirect page: no error at all (the
    checker's heading rules included: "The heading h3 follows the heading h1, skipping 1 heading level").
    A page with that mistake goes through the same run, so the check is shown to catch it."""
    bad = tmp_path / "skip.html"
    bad.write_text('<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>ข่าว</title></head>'
                   "<body><h1>ข่าวล่าสุด</h1><h3>ข่าว</h3></body></html>", encoding="utf-8")
    files = sorted(published_real.output.rglob("*.html"))
    files.append(published.output / "news" / "2024" / "boat-race" / "index.html")  # a legacy redirect page
    assert len(files) > 50
    messages = nu_checker_messages([*files, bad])
    caught = [m for m in messages if m["url"].endswith("/skip.html")]
    assert [m["type"] for m in caught] == ["error"] and "skipping 1 heading level" in caught[0]["message"]
    site = [m for m in messages if not m["url"].endswith("/skip.html")]
    errors = [f"{m['url'].rsplit('/output/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in site if m.get("type") == "error"]
    headings = [m for m in site if "heading" in m.get("message", "") and "skipping" in m["message"]]
    assert not errors and not headings, "\n".join(errors[:30])
