"""Index the built story pages with Pagefind (extended build: the binary shipped in the pagefind[extended] wheel).

Each story page is staged as built plus its extra Thai terms, and Pagefind indexes the staged copies: the terms
reach the index but never the pages readers download. (The binary, not Pagefind's Python API: the API answers
one request per 0.1 s, 100 s for 1,000 stories.)
"""
from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from pagefind_bin_extended import get_executable


class SearchIndexError(RuntimeError):
    """Pagefind failed, or a story page could not be read."""


def with_terms(page_html: str, terms: str) -> str:
    """`page_html` with `terms` as a searchable, never-shown Pagefind metadata field (`terms`)."""
    if not terms:
        return page_html
    field = f'<span hidden data-pagefind-meta="terms:{html.escape(terms)}"></span>'
    head, body_end, tail = page_html.rpartition("</body>")
    return f"{head}{field}{body_end}{tail}" if body_end else page_html + field


def stage(pages: list[tuple[str, Path, str]], staging: Path) -> None:
    """Write each (url, built html file, terms) page, terms added, at staging/<url>/index.html."""
    for url, path, terms in pages:
        try:
            page_html = path.read_text(encoding="utf-8")
        except OSError as error:
            raise SearchIndexError(f"{path}: cannot read the story page to index it: {error}") from error
        target = staging / url.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(with_terms(page_html, terms), encoding="utf-8")


def index_pages(pages: list[tuple[str, Path, str]], bundle: Path, exclude: list[str] = ()) -> int:
    """Index (url, html file, extra terms) story pages into the folder `bundle` (replaced); returns the count."""
    shutil.rmtree(bundle, ignore_errors=True)  # Pagefind names files by hash and never prunes old ones
    with tempfile.TemporaryDirectory(prefix="search-") as staging:
        stage(pages, Path(staging))
        cmd = [str(get_executable()), "--site", staging, "--output-path", str(bundle.resolve())]
        for selector in exclude:
            cmd += ["--exclude-selectors", selector]
        done = subprocess.run(cmd, capture_output=True, text=True)
    log = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind failed writing {bundle} (exit {done.returncode}):\n{log}")
    found = re.search(r"Indexed (\d+) pages?", log)
    return int(found.group(1)) if found else 0
