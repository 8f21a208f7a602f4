"""Search recall before and after the Thai sub-word terms, on the real stories plus tests/search/stories/.

    .venv/bin/python bench/search_recall.py                  # recall without / with extra terms
    .venv/bin/python bench/search_recall.py --write-queries  # regenerate tests/search/queries.txt

Recall = share of queries whose results include every story containing the query word (substring of the text
Pagefind indexes). Queries run through the built site's own pagefind.js in Chromium, as a reader's would.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import re
import shutil
import tempfile
from pathlib import Path

from scripts.build import build

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _test_module(name: str):
    """A helper module of tests/search/, loaded from its file (the tests folder is not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / "search" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_queries = _test_module("recall_queries")
QUERIES, browser_words, indexed_texts = _queries.QUERIES, _queries.browser_words, _queries.indexed_texts
load_queries, precision, recall, search = _queries.load_queries, _queries.precision, _queries.recall, _queries.search
recall_stories = _test_module("search_corpus").recall_stories


def build_site(tmp: Path, stories: dict, settings: dict) -> Path:
    """The real content plus `stories`, built into tmp/output."""
    shutil.copytree(ROOT / "content", tmp / "content", dirs_exist_ok=True)
    for rel, text in stories.items():
        (tmp / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / "content" / rel).write_text(text, encoding="utf-8")
    build(ROOT / "pelicanconf.py", tmp / "output",
          {"PATH": str(tmp / "content"), "CACHE_PATH": str(tmp / "cache"), **settings})
    return tmp / "output"

# Words a reader would type that the segmenters keep inside longer compounds (the examples and kin).
HAND_PICKED = ["ราชการ", "ลำปาง", "ศูนย์ราชการสะดวก", "ประเมิน", "ผู้ว่าราชการ", "ยี่เป็ง", "ท่องเที่ยว",
               "ไฟฟ้า", "กรรมการ", "อนุกรรมการ", "นายกรัฐมนตรี", "ภูมิภาค", "สาธารณสุข", "หมอกควัน",
               "ไฟป่า", "ลำไย", "วัคซีน", "ข่าวปลอม", "ทุนการศึกษา", "หม้อห้อม", "กว๊านพะเยา", "เกษตรกร"]
QUERIES_HEADER = """# Recall query set: written by bench/search_recall.py --write-queries
# (hand-picked compound-embedded words, then every Thai word of 3+ characters that
# Chromium's segmenter finds in the stories). One query a line.
"""
THAI_WORD = re.compile(r"^[\u0e01-\u0e4e]{3,}$")


def serve(path: Path):
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def pick_queries(page, texts: dict[str, str], n: int) -> list[str]:
    """HAND_PICKED plus the corpus's words as Chromium segments them (Thai, 3+ characters): all of them, or n
    chosen by hash (not by hand) when n > 0."""
    words = {w for text in texts.values() for w in browser_words(page, text) if THAI_WORD.match(w)}
    sample = sorted(words - set(HAND_PICKED), key=lambda w: hashlib.sha1(w.encode()).hexdigest())[:n or None]
    return HAND_PICKED + sorted(sample)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write-queries", action="store_true")
    parser.add_argument("--sample", type=int, default=0, help="0: every word of the corpus")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for label, terms in (("before (Pagefind extended only)", False), ("after (+ PyThaiNLP sub-word terms)", True)):
            output = build_site(Path(tmp) / label.split()[0], recall_stories(), {"SEARCH_EXTRA_TERMS": terms})
            server, base = serve(output)
            texts = indexed_texts(output)
            if args.write_queries and not terms:
                page.goto(base + "/search/")
                queries = pick_queries(page, texts, args.sample)
                QUERIES.write_text(QUERIES_HEADER + "\n".join(queries) + "\n", encoding="utf-8")
            queries = load_queries()
            found = search(page, base, queries)
            share, missed = recall(texts, found)
            server.shutdown()
            print(f"{label:36s} recall {share:6.1%}  ({len(queries) - len(missed)}/{len(queries)} queries, "
                  f"{len(texts)} stories)   precision {precision(texts, found):6.1%}")
            print("   missed:", " ".join(missed[:40]) or "-")
        browser.close()


if __name__ == "__main__":
    main()
