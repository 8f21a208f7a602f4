"""A story's history for the form: who changed what and when, as a diff of fields and of the text (pure)."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime

from nuea.keys import THAI_KEYS
from nuea.thai_dates import BANGKOK, format_thai_date

from .content_history import Revision
from .story_form import values_from_text

FIELD_LABELS = {**THAI_KEYS, "body": "เนื้อข่าว", "id": "รหัส", "status": "สถานะ"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class RevisionView:
    commit: str
    short: str
    author: str
    when: str  # Buddhist-era time
    message: str
    fields: tuple[FieldChange, ...]
    body: tuple[tuple[str, str], ...]  # ('+'|'-'|' ', line) of the text's diff (changed lines with context)


def fields_of(text: str) -> dict[str, str]:
    values, carried = values_from_text(text)
    return {**{k: v for k, v in carried.items()}, **values}


def field_changes(before: dict[str, str], after: dict[str, str]) -> list[FieldChange]:
    changes = []
    for key in [*THAI_KEYS, "id", "status"]:
        if key == "body":
            continue
        a, b = before.get(key, ""), after.get(key, "")
        if a != b:
            changes.append(FieldChange(FIELD_LABELS.get(key, key), a, b))
    return changes


def body_diff(before: str, after: str, context: int = 1) -> list[tuple[str, str]]:
    lines = []
    for group in difflib.SequenceMatcher(None, before.splitlines(), after.splitlines()).get_grouped_opcodes(context):
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [(" ", line) for line in before.splitlines()[i1:i2]]
            else:
                lines += [("-", line) for line in before.splitlines()[i1:i2]]
                lines += [("+", line) for line in after.splitlines()[j1:j2]]
        lines.append(("…", ""))
    return lines[:-1] if lines else []


def revision_views(revisions: list[Revision], texts: dict[str, str]) -> list[RevisionView]:
    """Newest first; each compared with the one before it (`texts`: commit -> file text at that commit)."""
    views = []
    for n, rev in enumerate(revisions):
        after = texts.get(rev.commit, "")
        before = texts.get(revisions[n + 1].commit, "") if n + 1 < len(revisions) else ""
        fa, fb = fields_of(after), fields_of(before)
        when = format_thai_date(datetime.fromtimestamp(rev.at, BANGKOK), "full_time")
        views.append(RevisionView(rev.commit, rev.commit[:10], rev.author, when, rev.message,
                                  tuple(field_changes(fb, fa)),
                                  tuple(body_diff(fb.get("body", ""), fa.get("body", "")))))
    return views
