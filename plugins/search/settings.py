"""Defaults of the search plugin: the service index (SQLite FTS5), the static fallback (Pagefind), the page."""

DEFAULTS = {
    "SEARCH_INDEX": True,  # build the search indexes after every build; False skips both (faster builds)
    "SEARCH_SERVICE_INDEX": None,  # folder of the service's index; None = <OUTPUT_PATH>/../var/search
    "SEARCH_API": "/api/search",  # where the search page asks first; "" = static index only
    "SEARCH_FALLBACK": True,  # also build the static Pagefind index the page uses when the service is down
    "SEARCH_FALLBACK_CHARS": 600,  # story text the fallback indexes (headline, fields and this many characters)
    "SEARCH_FALLBACK_STORIES": 3000,  # the fallback holds the newest this many stories (0: all): bounded memory
    "SEARCH_EXTRA_TERMS": False,  # fallback only: PyThaiNLP sub-word terms (recall ↑, precision ↓, memory ×4)
    "SEARCH_TERM_SPAN": 2,  # each extra term runs from a possible word start to the end of this many tokens
    "SEARCH_WORKERS": 0,  # processes that cut story texts into words; 0 = one per CPU
    "SEARCH_BUNDLE_DIR": "pagefind",  # where the fallback index and pagefind.js go, relative to OUTPUT_PATH
    "SEARCH_URL": "search/",  # address of the search page (ค้นหาข่าว)
    "SEARCH_SAVE_AS": "search/index.html",  # file of the search page; "" writes no page
    "SEARCH_PAGE_SIZE": 10,  # results shown at once (more behind a "แสดงผลเพิ่ม" button)
}


def search_settings(settings: dict) -> dict:
    """Every search setting, defaults filled in and checked."""
    values = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    if not isinstance(values["SEARCH_FALLBACK_CHARS"], int) or values["SEARCH_FALLBACK_CHARS"] < 0:
        raise ValueError(f"SEARCH_FALLBACK_CHARS: expected a number of characters >= 0, "
                         f"got {values['SEARCH_FALLBACK_CHARS']!r}")
    if not isinstance(values["SEARCH_FALLBACK_STORIES"], int) or values["SEARCH_FALLBACK_STORIES"] < 0:
        raise ValueError(f"SEARCH_FALLBACK_STORIES: expected a number of stories >= 0, "
                         f"got {values['SEARCH_FALLBACK_STORIES']!r}")
    if not isinstance(values["SEARCH_PAGE_SIZE"], int) or not 1 <= values["SEARCH_PAGE_SIZE"] <= 100:
        raise ValueError(f"SEARCH_PAGE_SIZE: expected 1 to 100, got {values['SEARCH_PAGE_SIZE']!r}")
    return values
