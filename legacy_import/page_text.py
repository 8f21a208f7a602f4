"""A saved page -> its text: the charset it is really in, then lines, photos and captions, each with its file line.

The old site served windows-874 (TIS-620) pages, later UTF-8 ones, not always declaring which; a page saved half in
each (a headline from a UTF-8 database in a windows-874 template) is refused rather than turned into mojibake.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from html.parser import HTMLParser

# charset names old Thai pages declare -> Python codec
_THAI_CODECS = {"tis-620": "cp874", "tis620": "cp874", "windows-874": "cp874", "x-windows-874": "cp874",
                "iso-8859-11": "cp874", "cp874": "cp874", "ms874": "cp874"}
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)
# three Thai letters in a row encoded as UTF-8 (E0 B8 xx / E0 B9 xx): never windows-874 text
_UTF8_THAI_RUN = re.compile(rb"(?:\xe0[\xb8\xb9][\x80-\xbf]){3}")
_MIXED_MIN_BYTES = 16  # fewer bytes that are not UTF-8 in a UTF-8 page are damage, more are a second charset


class PageDecodeError(ValueError):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class DecodedPage:
    text: str
    charset: str  # the codec used: utf-8, cp874, or what the page declared
    declared: str  # the charset the page declares ("" when none)
    complete: bool  # False when the save ends inside a character or without </html>


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _utf8(data: bytes) -> tuple[str, bool] | None:
    """The page as UTF-8 (a save cut inside a character keeps what came before), or None."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        text = decoder.decode(data, final=False)
    except UnicodeDecodeError:
        return None
    return text, not decoder.getstate()[0]


def decode_page(data: bytes) -> DecodedPage:
    """Decode a saved page. UTF-8 when its bytes are UTF-8 (whatever it declares), else the declared charset,
    else windows-874. Raises PageDecodeError with the line of the first byte that fits no charset."""
    m = _DECLARED.search(data[:4096])
    declared = m.group(1).decode("ascii", "replace").lower() if m else ""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    ends = data.rstrip().lower().endswith(b"</html>") or b"<html" not in data[:4096].lower()
    as_utf8 = _utf8(data)
    if as_utf8 is not None:
        text, whole = as_utf8
        return DecodedPage(text, "utf-8", declared, whole and ends)
    codec = _THAI_CODECS.get(declared, declared) if declared and declared not in ("utf-8", "utf8") else "cp874"
    try:
        codecs.lookup(codec)
    except LookupError:
        codec = "cp874"
    if _UTF8_THAI_RUN.search(data):  # UTF-8 Thai with bytes that are not UTF-8: damage, or a second charset
        text = data.decode("utf-8", "surrogateescape")
        bad = [i for i, ch in enumerate(text) if "\udc80" <= ch <= "\udcff"]
        line = text.count("\n", 0, bad[0]) + 1
        if len(bad) >= _MIXED_MIN_BYTES:
            utf8_line = _line_of(data, _UTF8_THAI_RUN.search(data).start())
            raise PageDecodeError(f"the page mixes charsets: UTF-8 Thai (line {utf8_line}) and {len(bad)} bytes "
                                  f"that are not UTF-8 (line {line}; windows-874?)", line)
        raise PageDecodeError(f"byte 0x{ord(text[bad[0]]) - 0xDC00:02X} is not UTF-8 (a damaged save?)", line)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        raise PageDecodeError(
            f"byte 0x{data[err.start]:02X} is neither UTF-8 nor {codec} text (a damaged save?)",
            _line_of(data, err.start)) from None
    return DecodedPage(text, codec, declared, ends)


@dataclass(frozen=True)
class PageLine:
    """One line of the page's text as a reader sees it (block elements and <br> end a line)."""

    text: str
    line: int  # 1-based line in the saved file where the text starts
    caption: bool = False  # inside an element of class "caption"
    heading: bool = False  # inside <h1>..<h6>


@dataclass(frozen=True)
class PageImage:
    """An <img> of the page, where it stands among the lines."""

    src: str
    alt: str
    title: str
    line: int


class _PageItems(HTMLParser):
    """HTML -> PageLine and PageImage items. Scripts, styles, forms (the login box), <head> are dropped."""

    BLOCKS = {"p", "div", "br", "tr", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "hr",
              "center", "title", "dd", "dt", "img"}
    SKIP = {"script", "style", "form", "head", "noscript", "select", "button", "textarea"}
    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[PageLine | PageImage] = []
        self._parts: list[str] = []
        self._start: int | None = None
        self._skip = 0
        self._caption: str | None = None  # the tag that opened a caption
        self._heading = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
            return
        if self._skip:
            return
        if tag in self.BLOCKS:
            self._break()
        if tag in self.HEADINGS:
            self._heading += 1
        if tag == "img":
            values = {k: (v or "") for k, v in attrs}
            self.items.append(PageImage(values.get("src", "").strip(), values.get("alt", "").strip(),
                                        values.get("title", "").strip(), self.getpos()[0]))
        elif self._caption is None and attrs:
            classes = next((v for k, v in attrs if k == "class"), "") or ""
            if "caption" in classes.lower().split():
                self._break()
                self._caption = tag

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
            return
        if self._skip:
            return
        if tag in self.BLOCKS or tag == self._caption:
            self._break()
        if tag in self.HEADINGS:
            self._heading = max(0, self._heading - 1)
        if tag == self._caption:
            self._caption = None

    def handle_data(self, data):
        if self._skip:
            return
        if self._start is None:
            stripped = data.lstrip()
            if stripped:
                self._start = self.getpos()[0] + data[: len(data) - len(stripped)].count("\n")
        self._parts.append(data)

    def _break(self):
        if not self._parts:
            return
        text = " ".join("".join(self._parts).split())
        self.items.append(PageLine(text, self._start or self.getpos()[0], self._caption is not None,
                                   self._heading > 0))
        self._parts, self._start = [], None

    def close(self):
        super().close()
        self._break()


def page_items(html: str) -> list[PageLine | PageImage]:
    """The page's lines, photos and captions in reading order."""
    parser = _PageItems()
    parser.feed(html)
    parser.close()
    return parser.items


def text_items(text: str) -> list[PageLine]:
    """A page captured as text: one PageLine per line."""
    return [PageLine(" ".join(line.split()), n) for n, line in enumerate(text.splitlines(), 1)]


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") or b"<html" in head or b"<body" in head
