"""Recall of the built search index: for each query, does Pagefind (run in Chromium, as readers run it) find
every story whose indexed text contains the query word (on character-cluster boundaries)?"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup
from pythainlp.tokenize import subword_tokenize

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "queries.txt"
STORIES = HERE / "stories"

SEARCH_ALL = """async (queries) => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.init();
  const found = {};
  for (const q of queries) {
    const search = await pagefind.search(q);
    found[q] = await Promise.all(search.results.map(async (r) => (await r.data()).url));
  }
  return found;
}"""

WORDS = """(text) => [...new Intl.Segmenter("th", {granularity: "word"}).segment(text)]
  .filter((s) => s.isWordLike).map((s) => s.segment)"""


def load_queries(path: Path = QUERIES) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def indexed_texts(output: Path, exclude: tuple[str, ...] = (".story-credits dt",)) -> dict[str, str]:
    """URL → the text Pagefind indexes for each story page (the data-pagefind-body element, less ignored parts)."""
    texts = {}
    for page in sorted(output.glob("news/*/index.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        body = soup.select_one("[data-pagefind-body]")
        for ignored in body.select(", ".join(("[data-pagefind-ignore]", *exclude))):
            ignored.decompose()
        texts[f"/news/{page.parent.name}/"] = " ".join(body.get_text(" ").split()).lower()
    return texts


@cache
def _cluster_bounds(text: str) -> frozenset[int]:
    bounds, pos = {0}, 0
    for cluster in subword_tokenize(text, engine="tcc"):
        pos += len(cluster)
        bounds.add(pos)
    return frozenset(bounds)


def contains_word(text: str, word: str) -> bool:
    """`word` occurs in `text` starting and ending on Thai character-cluster boundaries (orthographic rules,
    no dictionary): ปิด is in ปิดตลาด but not in เปิด, นาย not in มิถุนายน."""
    bounds = _cluster_bounds(text)
    at = text.find(word)
    while at >= 0:
        if at in bounds and at + len(word) in bounds:
            return True
        at = text.find(word, at + 1)
    return False


def expected(texts: dict[str, str], query: str) -> set[str]:
    return {url for url, text in texts.items() if contains_word(text, query.lower())}


def search(page, base_url: str, queries: list[str]) -> dict[str, set[str]]:
    """Run every query through the site's own pagefind.js in a browser page; query → result URLs."""
    page.goto(base_url + "/search/")
    found = page.evaluate(SEARCH_ALL, queries)
    return {q: set(urls) for q, urls in found.items()}


def recall(texts: dict[str, str], found: dict[str, set[str]]) -> tuple[float, list[str]]:
    """Share of queries whose results include every story containing the query; and the queries that missed."""
    missed = [q for q, urls in found.items() if not expected(texts, q) <= urls]
    return 1 - len(missed) / len(found), missed


def browser_words(page, text: str) -> list[str]:
    """The words Chromium's own Thai segmenter (ICU, as Pagefind uses for queries) finds in `text`."""
    return page.evaluate(WORDS, text)


def precision(texts: dict[str, str], found: dict[str, set[str]]) -> float:
    """Share of all results that do contain their query (the rest are matches of look-alike segments)."""
    hits = sum(len(urls) for urls in found.values())
    right = sum(len(urls & expected(texts, q)) for q, urls in found.items())
    return right / hits if hits else 1.0
