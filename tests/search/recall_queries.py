"""The query set of the search quality tests: tests/search/queries.txt (bench/search_queries.py writes it)."""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "queries.txt"
# Words in no story (the issue's own examples first): each must give no result at all.
ABSENT = ["ทะเล", "ฮอลลีวูด", "สึนามิ", "ไดโนเสาร์", "ภูเขาไฟ", "แผ่นดินไหว", "ฮิปโปโปเตมัส", "เพนกวิน", "ยานอวกาศ",
          "ดาวอังคาร", "แฮมเบอร์เกอร์", "ซามูไร", "ปิรามิด", "จิงโจ้", "หิมะถล่ม", "อัลปากา", "ไวกิ้ง", "คาสิโน"]
# Several words: every story must hold all of them.
MULTI = ["ศูนย์ราชการสะดวก ลำปาง", "ผู้ว่าราชการ น่าน", "ลำไย ส่งออก", "ไฟป่า หมอกควัน", "ยี่เป็ง โคมลอย",
         "วัคซีน ผู้สูงอายุ", "ข่าวปลอม หอกระจายข่าว", "กาแฟ ดอยช้าง", "เกษตรกร ลำพูน", "ราชการ ฮอลลีวูด"]

WORDS = """(text) => [...new Intl.Segmenter("th", {granularity: "word"}).segment(text)]
  .filter((s) => s.isWordLike).map((s) => s.segment)"""


def load_queries(path: Path = QUERIES) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def browser_words(page, text: str) -> list[str]:
    """The words Chromium's own Thai segmenter (ICU) finds in `text`."""
    return page.evaluate(WORDS, text)
