"""The strict CSP holds for every page: no page of a production build has an inline script (JSON-LD data blocks
aside), a <style> element, a style attribute, an event-handler attribute or a javascript: address."""
from __future__ import annotations

from bs4 import BeautifulSoup


def _inline_problems(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    for script in soup.find_all("script"):
        if not script.get("src") and script.get("type") != "application/ld+json":
            problems.append(f"inline script: {str(script)[:80]}")
    problems += [f"<style>: {str(s)[:80]}" for s in soup.find_all("style")]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name == "style" or name.startswith("on"):
                problems.append(f"{tag.name} {name}={value!r}")
            if name in ("href", "src", "action") and str(value).strip().lower().startswith("javascript:"):
                problems.append(f"{tag.name} {name}={value!r}")
    return problems


def test_no_page_of_a_production_build_has_inline_script_or_style(published_real):
    pages = sorted(published_real.output.rglob("*.html"))
    assert len(pages) > 50
    problems = [f"{p.relative_to(published_real.output)}: {problem}"
                for p in pages for problem in _inline_problems(p.read_text(encoding="utf-8"))]
    assert not problems, "\n".join(problems[:20])
