#!/usr/bin/env python3
"""Turn a legacy story page of the old office website into a story file.

Input: the page captured as text, or saved as HTML (any charset the page declares, e.g. windows-874).
Output: content/news/<BE year>/<id>.md with headline, date, paragraphs, reporter, editor, agency, the old read
count (legacy_reads) and the old address (legacy_url, for a redirect). Site debris (heading, `echo Out`,
LINE button, login box, footer) is dropped. Never overwrites an existing file.

  scripts/import_legacy.py page.txt --id hang-chat-gecc --legacy-url '/news/detail.php?id=1234' \\
      --category ข่าวภูมิภาค --tags 'ศูนย์ราชการสะดวก, GECC, กฟภ.'
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

from nuea.checks import display_path, story_context
from nuea.problems import report
from nuea.site_settings import ROOT, load_settings
from nuea.story import read_story
from nuea.story_ids import existing_ids, suggest_id
from nuea.thai_dates import BE_OFFSET, MONTHS, ThaiDateError, format_thai_date, parse_thai_date

# the old page's date line: `10 พฤษภาคม 2561 / 11:48:27`, possibly after debris such as `echo Out`
_DATE = re.compile(r"(\d{1,2}\s+(?:" + "|".join(MONTHS) + r")\s+\d{4}(?:\s*/\s*\d{1,2}:\d{2}(?::\d{2})?)?)")
_FIELD = re.compile(r"^(ข่าวโดย|บรรณาธิการ|หน่วยงาน|อ่าน)\s*:\s*(.*)$")
_DEBRIS = re.compile(r"^(echo Out|LINE it!?|Editor Login|Name\s*:|Pass\s*:|Share|Tweet)\s*$", re.I)
_FOOTER = re.compile(r"^จัดทำและบริหารระบบ")
_SITE_HEADING = re.compile(r"^ข่าวภาคเหนือตอนบน\s+สำนักประชาสัมพันธ์เขต\s*3$")


class LegacyPageError(ValueError):
    pass


@dataclass
class LegacyStory:
    title: str
    date: datetime
    paragraphs: list[str]
    reporter: str = ""
    editor: str = ""
    agency: str = ""
    reads: int = 0
    fields_seen: list[str] = field(default_factory=list)


class _TextLines(HTMLParser):
    """HTML -> text lines: block elements and <br> end a line; scripts, styles, forms (login box) are dropped."""

    BLOCKS = {"p", "div", "br", "tr", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "hr",
              "center", "title", "dd", "dt"}
    SKIP = {"script", "style", "form", "head", "noscript", "select", "button"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self._line, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCKS:
            self._break()

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self._break()

    def handle_data(self, data):
        if not self._skip:
            self._line.append(data)

    def _break(self):
        text = " ".join("".join(self._line).split())
        self.lines.append(text)
        self._line = []

    def close(self):
        super().close()
        self._break()


def html_lines(html: str) -> list[str]:
    parser = _TextLines()
    parser.feed(html)
    parser.close()
    return parser.lines


def decode_page(data: bytes) -> str:
    """The page's text, in the charset it declares (old Thai sites use windows-874 / TIS-620)."""
    m = re.search(rb"""charset\s*=\s*["']?([\w-]+)""", data[:4096], re.I)
    charsets = [m.group(1).decode("ascii").lower()] if m else []
    charsets += ["utf-8", "cp874"]
    for cs in charsets:
        try:
            return data.decode({"tis-620": "cp874", "tis620": "cp874", "windows-874": "cp874"}.get(cs, cs))
        except (UnicodeDecodeError, LookupError):
            continue
    raise LegacyPageError("cannot decode the page (not UTF-8 nor windows-874)")


def parse_legacy_page(lines: list[str]) -> LegacyStory:
    """The story in the page's text lines; raises LegacyPageError naming what is missing."""
    lines = [" ".join(line.split()) for line in lines]
    date_at = next((i for i, line in enumerate(lines) if _DATE.search(line)), None)
    if date_at is None:
        raise LegacyPageError("no date line like '10 พฤษภาคม 2561 / 11:48:27' found")
    try:
        date = parse_thai_date(_DATE.search(lines[date_at]).group(1))
    except ThaiDateError as err:
        raise LegacyPageError(f"date {lines[date_at]!r}: {err}") from err

    rest = lines[date_at + 1:]
    end = next((i for i, line in enumerate(rest) if _FIELD.match(line) or _FOOTER.match(line)), len(rest))
    content = [line for line in rest[:end] if line and not _DEBRIS.match(line) and not _SITE_HEADING.match(line)]
    if not content:
        raise LegacyPageError("no headline after the date line")
    title = content[0]
    paragraphs = [line for line in content[1:] if line != title]  # the old page shows the headline twice
    if not paragraphs:
        raise LegacyPageError("no story text after the headline")

    story = LegacyStory(title=title, date=date, paragraphs=paragraphs)
    for line in rest[end:]:
        if _FOOTER.match(line):
            break
        m = _FIELD.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        story.fields_seen.append(key)
        if key == "ข่าวโดย":
            story.reporter = value
        elif key == "บรรณาธิการ":
            story.editor = value
        elif key == "หน่วยงาน":
            story.agency = value
        elif key == "อ่าน":
            digits = re.sub(r"[,\s]", "", value)
            if not digits.isdigit():
                raise LegacyPageError(f"read count 'อ่าน : {value}' is not a number")
            story.reads = int(digits)
    return story


def read_page(path: Path) -> LegacyStory:
    data = path.read_bytes()
    if path.suffix.lower() in (".html", ".htm") or data.lstrip()[:1] == b"<":
        return parse_legacy_page(html_lines(decode_page(data)))
    return parse_legacy_page(data.decode("utf-8-sig").splitlines())


def escape_markdown(paragraph: str) -> str:
    """Keep old text literal in Markdown: no accidental headings, lists, emphasis or HTML."""
    text = re.sub(r"([\\`*_\[\]<>])", r"\\\1", paragraph)
    return re.sub(r"^(#|>|[-+] |\d+\. )", r"\\\1", text)


def story_file_text(story: LegacyStory, sid: str, legacy_url: str, category: str, tags: str, image: str) -> str:
    header = [
        ("หัวข้อ", story.title),
        ("วันที่", format_thai_date(story.date, "legacy").replace(" / ", " ")),
        ("ข่าวโดย", story.reporter),
        ("บรรณาธิการ", story.editor),
        ("หน่วยงาน", story.agency),
        ("หมวด", category),
        ("ป้ายกำกับ", tags),
        ("ภาพ", image),
        ("รหัส", sid),
        ("legacy_url", legacy_url),
        ("legacy_reads", str(story.reads)),
    ]
    head = "\n".join(f"{k}: {v}".rstrip() for k, v in header if v or k in ("บรรณาธิการ",))
    return head + "\n\n" + "\n\n".join(escape_markdown(p) for p in story.paragraphs) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("page", type=Path, help="the legacy page: captured text (.txt) or saved HTML (.html)")
    parser.add_argument("--id", help="รหัส: ASCII story id (default: from the headline)")
    parser.add_argument("--legacy-url", default="", help="the page's old address, e.g. /news/detail.php?id=1234")
    parser.add_argument("--category", default="", help="หมวด, e.g. ข่าวภูมิภาค")
    parser.add_argument("--tags", default="", help="ป้ายกำกับ, comma-separated")
    parser.add_argument("--image", default="", help="ภาพ: images/<BE year>/<MM>/<name>.jpg (must exist)")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    parser.add_argument("--content", type=Path, help="content folder (default: PATH from the settings)")
    parser.add_argument("--output", type=Path, help="story file to write (default: content/news/<BE year>/<id>.md)")
    args = parser.parse_args(argv)
    try:
        path = import_page(args)
    except (LegacyPageError, OSError) as err:
        print(f"import_legacy: {args.page}: {err}", file=sys.stderr)
        return 1
    print(f"created {path}")
    return 0


def import_page(args) -> Path:
    settings = load_settings(args.settings, args.content)
    content = Path(settings["PATH"])
    story = read_page(args.page)
    ctx, problems = story_context(settings)
    if problems:
        raise LegacyPageError(report(problems))
    taken = existing_ids(content / "news")
    sid = args.id or suggest_id(story.title, taken)
    path = args.output or content / "news" / str(story.date.year + BE_OFFSET) / f"{sid}.md"
    if path.exists():
        raise LegacyPageError(f"{path} already exists; not overwriting it")
    if sid in taken and not args.output:
        raise LegacyPageError(f"story id {sid!r} is already used by another story; give --id")
    text = story_file_text(story, sid, args.legacy_url, args.category, args.tags, args.image)
    checked = read_story(text, display_path(path, content), ctx)
    if checked.problems:
        raise LegacyPageError("the imported story would not be valid:\n" + report(checked.problems))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as f:  # "x": never overwrite, even in a race
        f.write(text)
    return path


if __name__ == "__main__":
    sys.exit(main())
