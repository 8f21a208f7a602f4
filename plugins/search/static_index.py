"""The static fallback index (Pagefind), used by the search page when the search service does not answer.

Pagefind reads one small document per story written here from its search record (headline, text, filters and
result fields), never the built story pages, so it depends on no theme markup. The bundle is written to a new
folder and swapped in by rename; it is rebuilt only when a record or a setting changed. (The binary, not
Pagefind's Python API: the API answers one request per 0.1 s, 100 s for 1,000 stories.)
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from importlib.metadata import version
from pathlib import Path

from jinja2 import Environment
from pagefind_bin_extended import get_executable

from searchservice.records import SearchRecord

INDEX_ENTRY = "pagefind-entry.json"  # written last by Pagefind: a bundle without it is incomplete
_DOCUMENT = Environment(autoescape=True).from_string(
    """<!doctype html><html lang="th"><head><meta charset="utf-8"><title>{{ r.title }}</title></head><body>
<main data-pagefind-body><h1>{{ r.title }}</h1>
{% for line in body %}<p>{{ line }}</p>
{% endfor %}<p>{{ meta }}</p>
{% if terms %}<span hidden data-pagefind-meta="terms:{{ terms }}"></span>{% endif %}
<span hidden data-pagefind-filter="province:{{ r.province }}"></span>
<span hidden data-pagefind-filter="agency:{{ r.agency }}"></span>
<span hidden data-pagefind-filter="section:{{ r.section }}"></span>
<span hidden data-pagefind-meta="title:{{ r.title }}"></span>
<span hidden data-pagefind-meta="date:{{ r.date_label }}"></span>
<span hidden data-pagefind-meta="iso_date:{{ r.date }}"></span>
<span hidden data-pagefind-meta="agency:{{ r.agency }}"></span>
<span hidden data-pagefind-meta="province:{{ r.province }}"></span>
<span hidden data-pagefind-sort="date:{{ r.date }}"></span>
</main></body></html>
""")


class SearchIndexError(RuntimeError):
    """Pagefind failed."""


def document(record: SearchRecord, terms: str = "", max_chars: int = 0) -> str:
    """The HTML Pagefind indexes for one story: its text up to `max_chars` (0: all) and its fields."""
    body = record.body[:max_chars] if max_chars else record.body
    meta = " ".join([*record.tags, record.agency, record.agency_name, record.province, record.section,
                     *record.extra])
    return _DOCUMENT.render(r=record, body=body.splitlines(), meta=meta, terms=terms)


def newest(records: list[SearchRecord], limit: int) -> list[SearchRecord]:
    """The `limit` newest records (all with 0), in URL order."""
    if not limit or len(records) <= limit:
        return records
    kept = sorted(records, key=lambda r: (r.timestamp, r.url), reverse=True)[:limit]
    return sorted(kept, key=lambda r: r.url)


def fingerprint(records: list[SearchRecord], terms: list[str], options: dict) -> str:
    h = hashlib.sha256(json.dumps([version("pagefind_bin_extended"), options], sort_keys=True).encode())
    for record, extra in zip(records, terms, strict=True):
        h.update(f"\0{record.fingerprint()}\0{extra}".encode())
    return h.hexdigest()


def is_current(stamp_file: Path, bundle: Path, stamp: str) -> bool:
    """True when `bundle` is complete and was built from what `stamp` fingerprints."""
    try:
        saved = json.loads(stamp_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return saved == {"bundle": str(bundle.resolve()), "fingerprint": stamp} and (bundle / INDEX_ENTRY).is_file()


def build_bundle(records: list[SearchRecord], bundle: Path, terms: list[str] | None = None,
                 max_chars: int = 0) -> int:
    """Index `records` with Pagefind into the folder `bundle` (swapped in whole); returns the pages indexed."""
    terms = terms or [""] * len(records)
    new, old = bundle.with_name(bundle.name + ".new"), bundle.with_name(bundle.name + ".old")
    shutil.rmtree(new, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="search-") as staging:
        for record, extra in zip(records, terms, strict=True):
            target = Path(staging) / record.url.strip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(document(record, extra, max_chars), encoding="utf-8")
        cmd = [str(get_executable()), "--site", staging, "--output-path", str(new.resolve())]
        done = subprocess.run(cmd, capture_output=True, text=True)
    log = (done.stdout + done.stderr).strip()
    if done.returncode != 0 or not (new / INDEX_ENTRY).is_file():
        shutil.rmtree(new, ignore_errors=True)
        raise SearchIndexError(f"Pagefind failed writing {bundle} (exit {done.returncode}):\n{log}")
    shutil.rmtree(old, ignore_errors=True)
    if bundle.exists():
        bundle.rename(old)
    new.rename(bundle)
    shutil.rmtree(old, ignore_errors=True)
    found = re.search(r"Indexed (\d+) pages?", log)
    return int(found.group(1)) if found else 0


def remember(stamp_file: Path, bundle: Path, stamp: str) -> None:
    stamp_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = stamp_file.with_suffix(".tmp")
    tmp.write_text(json.dumps({"bundle": str(bundle.resolve()), "fingerprint": stamp}), encoding="utf-8")
    tmp.replace(stamp_file)
