"""Defaults of the search plugin (Pagefind static index with Thai sub-word terms)."""

DEFAULTS = {
    "SEARCH_INDEX": True,  # run Pagefind on the output after every build; False skips indexing
    "SEARCH_EXTRA_TERMS": True,  # add PyThaiNLP sub-word terms to each story (recall beyond the segmenter)
    "SEARCH_TERM_SPAN": 2,  # each extra term runs from a possible word start to the end of this many tokens
    "SEARCH_EXCLUDE_SELECTORS": [".story-credits dt"],  # parts of a story page never indexed (boilerplate labels)
    "SEARCH_BUNDLE_DIR": "pagefind",  # where the index and pagefind.js go, relative to OUTPUT_PATH
    "SEARCH_URL": "search/",  # address of the search page (ค้นหาข่าว)
    "SEARCH_SAVE_AS": "search/index.html",  # file of the search page; "" writes no page
    "SEARCH_PAGE_SIZE": 10,  # results shown at once (more behind a "แสดงเพิ่ม" button)
}
