"""Where the search service's index lives, and the optional Thai sub-word terms of the static fallback."""
from __future__ import annotations

from pathlib import Path

from searchservice.index_rows import searchable_body


def index_folder(settings, output_path) -> Path:
    """Where the service's index lives: SEARCH_SERVICE_INDEX, or <OUTPUT_PATH>/../var/search."""
    configured = settings.get("SEARCH_SERVICE_INDEX")
    return Path(configured) if configured else Path(output_path).resolve().parent / "var" / "search"


def extra_terms_of(records, span: int) -> list[str]:
    """PyThaiNLP sub-word terms of each record (the old recall aid of the Pagefind fallback, off by default)."""
    from .extra_terms import extra_terms

    return [" ".join(extra_terms(r.title + "\n" + searchable_body(r), span=span)) for r in records]
