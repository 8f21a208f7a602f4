"""Write the query set of the search quality tests (tests/search/queries.txt).

    .venv/bin/python bench/search_queries.py      # after adding many stories to content/ or tests/search/stories/

Queries: a few hand-picked words that sit inside compounds, then every Thai word of 3+ characters that Chromium's
own segmenter (ICU) finds in the real stories and the test stories.
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
from test_modules import conftest, test_module

CHROMIUM, CHROMIUM_ARGS = conftest().CHROMIUM, conftest().CHROMIUM_ARGS
_queries = test_module("recall_queries", "search/recall_queries.py")
QUERIES, browser_words = _queries.QUERIES, _queries.browser_words
recall_stories = test_module("tests_search_corpus", "search/search_corpus.py").recall_stories

HAND_PICKED = ["ราชการ", "ลำปาง", "ศูนย์ราชการสะดวก", "ประเมิน", "ผู้ว่าราชการ", "ยี่เป็ง", "ท่องเที่ยว",
               "ไฟฟ้า", "กรรมการ", "อนุกรรมการ", "นายกรัฐมนตรี", "ภูมิภาค", "สาธารณสุข", "หมอกควัน",
               "ไฟป่า", "ลำไย", "วัคซีน", "ข่าวปลอม", "ทุนการศึกษา", "หม้อห้อม", "กว๊านพะเยา", "เกษตรกร"]
HEADER = """# Search quality query set: written by bench/search_queries.py
# (hand-picked compound-embedded words, then every Thai word of 3+ characters that
# Chromium's segmenter finds in the stories). One query a line.
"""
THAI_WORD = re.compile(r"^[\u0e01-\u0e4e]{3,}$")


def main() -> None:
    from playwright.sync_api import sync_playwright

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "content" / "news").glob("**/*.md"))]
    texts += list(recall_stories().values())
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        words = {w for text in texts for w in browser_words(page, text) if THAI_WORD.match(w)}
        browser.close()
    queries = HAND_PICKED + sorted(words - set(HAND_PICKED))
    QUERIES.write_text(HEADER + "\n".join(queries) + "\n", encoding="utf-8")
    print(f"{len(queries)} queries written to {QUERIES}")


if __name__ == "__main__":
    main()
