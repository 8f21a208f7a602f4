"""Excerpts with the reader's words marked, as plain-text pieces (the page builds them with textContent, so
nothing from a story is ever parsed as HTML)."""
from __future__ import annotations

import re

BEFORE, AFTER, PLAIN = 60, 140, 160  # characters around the first hit; length without one
_DIGITS = {str(d): f"[{d}{chr(0x0E50 + d)}]" for d in range(10)}
_DIGITS.update({chr(0x0E50 + d): f"[{d}{chr(0x0E50 + d)}]" for d in range(10)})


def _pattern(marks: list[str]) -> re.Pattern | None:
    parts = []
    for mark in marks:
        pieces = [_DIGITS.get(c) or (r"\s+" if c == " " else re.escape(c)) for c in mark]
        parts.append("".join(pieces))
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _bounds(text: str, at: int) -> tuple[int, int]:
    """A window around `at` that starts and ends at a space (Thai is cut only where the writer put a space)."""
    start = 0
    if at > BEFORE:
        space = text.rfind(" ", at - BEFORE, at)
        start = space + 1 if space >= 0 else at
    end = len(text)
    if at + AFTER < len(text):
        space = text.rfind(" ", at + AFTER // 2, at + AFTER)
        end = space if space >= 0 else at + AFTER
    return start, end


def pieces(text: str, marks: list[str]) -> list[str]:
    """`text` around its first mark, as [plain, marked, plain, marked, ...] (odd indexes are marked)."""
    text = " ".join(text.split())
    pattern = _pattern(marks)
    first = pattern.search(text) if pattern else None
    if first is None:
        cut = text[:PLAIN]
        return [cut + (" …" if len(text) > PLAIN else "")]
    start, end = _bounds(text, first.start())
    window = text[start:end]
    out, last = ["… " if start else ""], 0
    for m in pattern.finditer(window):
        out[-1] += window[last:m.start()]
        out += [m.group(), ""]
        last = m.end()
    out[-1] += window[last:] + (" …" if end < len(text) else "")
    return out
