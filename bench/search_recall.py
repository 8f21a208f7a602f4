"""Search recall before and after the Thai sub-word terms, on the real stories plus tests/search/stories/.

    .venv/bin/python bench/search_recall.py                  # recall without / with extra terms
    .venv/bin/python bench/search_recall.py --write-queries  # regenerate tests/search/queries.txt

Recall = share of queries whose results include every story containing the query word (substring of the text
Pagefind indexes). Queries run through the built site's own pagefind.js in Chromium, as a reader's would.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "search")]
from recall_queries import (  # noqa: E402
    QUERIES,
    browser_words,
    indexed_texts,
    load_queries,
    precision,
    recall,
    search,
)
from search_corpus import recall_stories  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS, build_site  # noqa: E402

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
            output = build_site(Path(tmp) / label.split()[0], stories=recall_stories(), site_content=True,
                                settings={"SEARCH_EXTRA_TERMS": terms})
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
