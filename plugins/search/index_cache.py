"""Warm rebuilds: skip what search would redo with the same inputs.

- Extra terms per story are kept in <CACHE_PATH>/search/terms.json, keyed by a hash of the story's searchable
  text and the term settings (a changed story text misses and is segmented again).
- Pagefind is skipped when the fingerprint of everything it would index (each page's URL, bytes and terms, the
  exclusions and the Pagefind version) equals the one stored with the previous index and that index exists.
"""
from __future__ import annotations

import hashlib
import json
import re
from importlib.metadata import version
from pathlib import Path

from nuea.files import write_atomic

from .pagefind_run import SearchIndexError

INDEX_ENTRY = "pagefind-entry.json"  # written last by Pagefind: a bundle without it is incomplete
# Baked read counts change with every read but are data-pagefind-ignore: they never reach the index.
_READ_COUNT = re.compile(rb'(<span class="read-count-n">)\d+(</span>)')


def indexed_bytes(page: bytes) -> bytes:
    """A story page as far as the index is concerned: its bytes without the baked read count."""
    return _READ_COUNT.sub(rb"\1\2", page)


def _load(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save(path: Path, data: dict) -> None:
    write_atomic(path, json.dumps(data, ensure_ascii=False, sort_keys=True))


class TermsCache:
    """text hash -> extra terms, loaded once per build; only this build's entries are saved (no growth)."""

    def __init__(self, path: Path, *params):
        self.path, self.params = path, repr(params)
        self.old, self.new = _load(path), {}

    def terms(self, text: str, compute) -> str:
        key = hashlib.sha256(f"{self.params}\0{text}".encode()).hexdigest()
        found = self.old.get(key)
        if not isinstance(found, str):
            found = compute(text)
        self.new[key] = found
        return found

    def save(self) -> None:
        if self.new != self.old:
            _save(self.path, self.new)


def index_fingerprint(pages: list[tuple[str, Path, str]], exclude) -> str:
    """Hash of what Pagefind would index: every (url, page bytes, terms), the exclusions and Pagefind's version."""
    h = hashlib.sha256(repr((version("pagefind_bin_extended"), list(exclude))).encode())
    for url, path, terms in pages:
        h.update(f"\0{url}\0{terms}\0".encode())
        try:
            h.update(indexed_bytes(path.read_bytes()))
        except OSError as error:
            raise SearchIndexError(f"{path}: cannot read the story page to index it: {error}") from error
    return h.hexdigest()


def index_is_current(stamp: Path, bundle: Path, fingerprint: str) -> bool:
    return (bundle / INDEX_ENTRY).is_file() and _load(stamp).get(str(bundle.resolve())) == fingerprint


def remember_index(stamp: Path, bundle: Path, fingerprint: str | None) -> None:
    """Store the fingerprint of the index in `bundle`; None forgets it (before Pagefind rewrites the bundle)."""
    data = _load(stamp)
    data[str(bundle.resolve())] = fingerprint
    _save(stamp, {k: v for k, v in data.items() if v})
