"""The old site's story page, recognised in a page's lines -> LegacyStory; anything else is said, never guessed.

The one layout recognised (the seed page, tests/thai_metadata/fixtures/), in reading order:
  [site heading, menus, `echo Out`]  the date line `10 พฤษภาคม 2561 / 11:48:27`
  the headline (the old page shows it twice)  the story text: paragraphs, photos (<img>, a caption in class="caption")
  the block  ข่าวโดย : …  [บรรณาธิการ : …]  หน่วยงาน : …  [อ่าน : 1,234]
  [LINE it! button, login box, footer]
A page without the block and not at a story address is not a story page (a list, the login page, the home page).
A story page lacking the date line, the headline, the text or the block is a failure naming what is missing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from nuea.thai_dates import MONTHS, ThaiDateError, parse_thai_date, to_arabic_digits

from .page_text import PageDecodeError, PageImage, PageLine, decode_page, looks_like_html, page_items, text_items

LAYOUT = "old-site story page (date line, headline, text, ข่าวโดย/หน่วยงาน block)"

# the old page's date line: `10 พฤษภาคม 2561 / 11:48:27`, possibly after debris such as `echo Out`
_DATE = re.compile(r"(\d{1,2}\s+(?:" + "|".join(MONTHS) + r")\s+\d{4}(?:\s*/\s*\d{1,2}:\d{2}(?::\d{2})?)?)")
_FIELD = re.compile(r"^(ข่าวโดย|บรรณาธิการ|หน่วยงาน|อ่าน)\s*:\s*(.*)$")
_DEBRIS = re.compile(r"^(echo Out|LINE it!?|Editor Login|Name\s*:|Pass\s*:|Share|Tweet)\s*$", re.I)
_FOOTER = re.compile(r"^จัดทำและบริหารระบบ")
_SITE_HEADING = re.compile(r"^ข่าวภาคเหนือตอนบน\s+สำนักประชาสัมพันธ์เขต\s*3$")
_PASSWORD = re.compile(r"^(Pass|Password|รหัสผ่าน)\s*:", re.I)
# alt text that says nothing about the photo: a camera file name or a generic word
_NO_ALT = re.compile(r"^(?:[\w\- .()]+\.(?:jpe?g|png|gif|bmp|tiff?|webp)|image|img|photo|picture|pic|"
                     r"รูป|ภาพ|รูปภาพ|ภาพข่าว|ภาพประกอบ|\d+)$", re.I)


class LegacyPageError(ValueError):
    """The page cannot be imported; `line` is the line of the saved file where the problem is (None if none)."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line

    def __reduce__(self):  # keep both fields across the process pool
        return (type(self), (str(self), self.line))


class NotAStoryPage(LegacyPageError):
    """A page of the old site that is not a story: a list, the login page, the home page."""


@dataclass(frozen=True)
class PagePhoto:
    src: str  # as written in the page
    alt: str  # meaningful alt/title text, or ""
    caption: str  # the caption shown with it, or ""
    line: int
    position: int  # how many paragraphs come before it


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
    photos: list[PagePhoto] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # part -> line in the saved file (date, title, ข่าวโดย...)


def meaningful_alt(text: str) -> str:
    text = " ".join(text.split())
    return "" if not text or _NO_ALT.match(text) else text


def _text(item) -> str:
    return item.text if isinstance(item, PageLine) else ""


def _not_a_story_reason(items) -> str:
    texts = [_text(i) for i in items]
    dates = sum(1 for t in texts if _DATE.search(t))
    if any(_PASSWORD.match(t) for t in texts):
        kind = "a login page"
    elif dates > 1:
        kind = f"a list ({dates} date lines)"
    else:
        kind = "no story parts"
    return f"not a story page: no ข่าวโดย/หน่วยงาน block ({kind})"


def parse_legacy_page(items, story_address: bool = True, complete: bool = True) -> LegacyStory:
    """The story in a page's items (PageLine/PageImage, or plain text lines); raises LegacyPageError.

    story_address: the page was saved from a story's address (the single-page importer assumes so); when False, a
    page without the ข่าวโดย/หน่วยงาน block is NotAStoryPage. complete: False when the save looks cut off.
    """
    items = [PageLine(" ".join(i.split()), n) if isinstance(i, str) else i for n, i in enumerate(items, 1)]
    texts = [_text(i) for i in items]
    last_line = max((i.line for i in items), default=1)
    has_block = any((m := _FIELD.match(t)) and m.group(1) in ("ข่าวโดย", "หน่วยงาน") for t in texts)
    if not story_address and not has_block:
        raise NotAStoryPage(_not_a_story_reason(items))

    date_at = next((n for n, t in enumerate(texts) if _DATE.search(t)), None)
    block_at = None
    if date_at is not None:
        block_at = next((n for n in range(date_at + 1, len(texts))
                         if _FIELD.match(texts[n]) or _FOOTER.match(texts[n])), None)
        if block_at is not None and not _FIELD.match(texts[block_at]):
            block_at = None  # the footer came first
    missing = []
    if date_at is None:
        missing.append("no date line like '10 พฤษภาคม 2561 / 11:48:27'")
    if block_at is None:
        missing.append("no ข่าวโดย/หน่วยงาน block" + (" after the story" if date_at is not None else ""))
    if missing:
        if not has_block and date_at is None and story_address:
            missing.append("the page has none of the story parts (an unrecognised layout)")
        cut = "" if complete else f"; the save ends at line {last_line} without </html> (truncated?)"
        raise LegacyPageError("; ".join(missing) + cut, last_line)

    date_line = items[date_at].line
    try:
        date = parse_thai_date(_DATE.search(texts[date_at]).group(1))
    except ThaiDateError as err:
        raise LegacyPageError(f"date {texts[date_at]!r}: {err}", date_line) from err

    title, title_line, title_marked, paragraphs, photos = "", None, False, [], []
    last_photo: PagePhoto | None = None
    for item in items[date_at + 1:block_at]:
        if isinstance(item, PageImage):
            last_photo = None
            if item.src:
                last_photo = PagePhoto(item.src, meaningful_alt(item.alt) or meaningful_alt(item.title), "",
                                       item.line, len(paragraphs))
                photos.append(last_photo)
            continue
        text = item.text
        if not text or _DEBRIS.match(text) or _SITE_HEADING.match(text):
            continue
        if item.caption and last_photo is not None and not last_photo.caption:
            photos[-1] = last_photo = PagePhoto(last_photo.src, last_photo.alt, text, last_photo.line,
                                                last_photo.position)
            continue
        last_photo = None
        if not title:
            title, title_line, title_marked = text, item.line, item.heading
        elif text == title:  # the old page shows the headline twice
            title_marked = True
        else:
            paragraphs.append(text)
    if not title or not title_marked:
        # the headline is a heading, or shown twice; a first line that is neither is story text, not a headline
        raise LegacyPageError("no headline after the date line (the old page shows it as a heading, twice)",
                              title_line or date_line)
    if not paragraphs:
        raise LegacyPageError("no story text after the headline", title_line)

    story = LegacyStory(title=title, date=date, paragraphs=paragraphs, photos=photos,
                        lines={"date": date_line, "title": title_line})
    end = block_at
    for n in range(block_at, len(items)):
        text = texts[n]
        if not text:
            continue
        m = _FIELD.match(text)
        if not m:
            break
        end = n + 1
        key, value, line = m.group(1), m.group(2).strip(), items[n].line
        if key in story.lines:
            raise LegacyPageError(f"{key} is given twice in the ข่าวโดย/หน่วยงาน block", line)
        story.fields_seen.append(key)
        story.lines[key] = line
        if key == "ข่าวโดย":
            story.reporter = value
        elif key == "บรรณาธิการ":
            story.editor = value
        elif key == "หน่วยงาน":
            story.agency = value
        elif key == "อ่าน":
            digits = re.sub(r"[,\s]", "", to_arabic_digits(value))
            if not digits.isdigit():
                raise LegacyPageError(f"read count 'อ่าน : {value}' is not a number", line)
            story.reads = int(digits)
    for key in ("ข่าวโดย", "หน่วยงาน"):
        if key not in story.lines:
            raise LegacyPageError(f"the ข่าวโดย/หน่วยงาน block has no {key} line", items[block_at].line)
    for n in range(end, len(items)):
        if _FOOTER.match(texts[n]):
            break
        if (m := _FIELD.match(texts[n])) and m.group(1) == "ข่าวโดย":
            raise LegacyPageError("a second ข่าวโดย block: a page with more than one story is not the recognised "
                                  "layout", items[n].line)
    return story


def read_legacy_page(data: bytes, name: str = "", story_address: bool = True) -> LegacyStory:
    """A saved page (HTML in any charset the old site used, or a text capture) -> its story; raises LegacyPageError.

    The one function both importers use to read a page; it writes nothing.
    """
    if not data.strip():
        raise LegacyPageError("the file is empty", 1)
    if b"\x00" in data:
        line = data[:data.index(b"\x00")].count(b"\n") + 1
        raise LegacyPageError("the file holds NUL bytes (not a saved page)", line)
    is_html = name.lower().endswith((".html", ".htm")) or looks_like_html(data)
    try:
        page = decode_page(data)
    except PageDecodeError as err:
        raise LegacyPageError(str(err), err.line) from None
    items = page_items(page.text) if is_html else text_items(page.text)
    return parse_legacy_page(items, story_address=story_address, complete=page.complete)
