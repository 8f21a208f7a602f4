"""The metadata header of a story file: `key: value` lines (Thai or English keys) up to the first blank line.

Python-Markdown's meta extension accepts only ASCII keys, so the header is read here, keeping line numbers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_KEY_LINE = re.compile(r"^(?P<key>[^\s:：#][^:：]{0,39}?)\s*[:：]\s*(?P<value>.*?)\s*$")
_CONTINUATION = re.compile(r"^(?:\t| {2,})\S")


@dataclass
class Field:
    key: str  # as the writer typed it
    value: str
    line: int  # 1-based line of the key
    value_lines: list[int] = field(default_factory=list)  # 1-based line of each line of `value`


@dataclass
class Header:
    fields: list[Field] = field(default_factory=list)
    body: str = ""
    body_line: int = 1  # 1-based line where the body starts
    bad_lines: list[tuple[int, str]] = field(default_factory=list)  # header lines that are not `key: value`


def parse_header(text: str) -> Header:
    """Split a story file into header fields and the Markdown body."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header = Header()
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    fenced = i < len(lines) and lines[i].strip() == "---"
    if fenced:
        i += 1
    elif i < len(lines) and not _KEY_LINE.match(lines[i]):
        header.body, header.body_line = "\n".join(lines[i:]), i + 1  # no header at all
        return header
    while i < len(lines):
        line = lines[i]
        if fenced and line.strip() == "---":
            i += 1
            break
        if not fenced and not line.strip():
            break
        if line.strip() and _CONTINUATION.match(line) and header.fields:
            last = header.fields[-1]
            last.value = f"{last.value}\n{line.strip()}" if last.value else line.strip()
            last.value_lines.append(i + 1)
        elif m := _KEY_LINE.match(line):
            header.fields.append(Field(m["key"].strip(), m["value"], i + 1, [i + 1] if m["value"] else []))
        elif line.strip():
            header.bad_lines.append((i + 1, line.strip()))
        i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    header.body, header.body_line = "\n".join(lines[i:]), i + 1
    return header
