"""The story form's values <-> a story file's text (pure functions).

The form holds what the writer typed, field by field (canonical English names, labelled with the Thai keys). A
story that passes every check is written with nuea.story.write_story (canonical header, dates written out in
full); a draft with problems is written as typed, so nothing the writer entered is lost and read_story finds the
same problems when it is opened again.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from nuea.header import parse_header
from nuea.keys import THAI_KEYS, canonical_key
from nuea.statuses import Status
from nuea.story import Story, format_story_date, write_story
from nuea.story_ids import is_valid_id
from nuea.thai_dates import BE_OFFSET, format_thai_date

# form fields, in the form's order (the Thai label is THAI_KEYS[name], the body's is เนื้อข่าว)
FIELDS = ("title", "date", "reporter", "editor", "agency", "province", "category", "tags", "summary", "image",
          "image_caption", "image_alt", "gallery", "body", "correction")
ONE_LINE = tuple(f for f in FIELDS if f not in ("summary", "gallery", "body"))
MAX_LENGTH = {"body": 200_000, "summary": 5_000, "gallery": 20_000}
DEFAULT_MAX = 1_000
# kept from the file as it is on disk (not on the form): the newsroom never edits them
CARRIED = ("modified", "legacy_url", "legacy_reads")


def clean(values: dict) -> dict[str, str]:
    """The form's fields as text, one-line fields on one line, lengths capped, line ends normalised."""
    out = {}
    for name in FIELDS:
        value = str(values.get(name) or "").replace("\r\n", "\n").replace("\r", "\n")
        value = value[:MAX_LENGTH.get(name, DEFAULT_MAX)]
        out[name] = " ".join(value.split()) if name in ONE_LINE else value.strip("\n").rstrip()
    return out


def values_from_text(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """(form values, carried values) of a story file: the fields as written in it."""
    header = parse_header(text)
    values, carried = dict.fromkeys(FIELDS, ""), {}
    seen = set()
    for f in header.fields:
        key = canonical_key(f.key)
        if key == "gallery":  # repeatable: every line of every ภาพประกอบ field, one photo a line
            lines = [line.strip() for line in f.value.split("\n") if line.strip()]
            values["gallery"] = "\n".join(filter(None, [values["gallery"], *lines]))
        elif key == "category" or key in FIELDS:
            if key not in seen:
                values[key] = f.value.strip()
                seen.add(key)
        elif key in CARRIED:
            carried[key] = (carried[key] + ", " if key in carried else "") + ", ".join(
                v.strip() for v in f.value.split("\n") if v.strip())
        elif key in ("id", "status"):
            carried[key] = f.value.strip()
    values["body"] = header.body.rstrip()
    return values, carried


def values_from_story(story: Story) -> dict[str, str]:
    values, _ = values_from_text(write_story(story))
    return values


def compose(values: dict[str, str], story_id: str, status: Status, carried: dict[str, str]) -> str:
    """A story file's text from the form's values as typed (Thai keys, canonical order)."""
    fields = {**carried, **{k: v for k, v in values.items() if k != "body"}, "id": story_id,
              "status": status.thai}
    lines = []
    for key, thai in THAI_KEYS.items():
        value = fields.get(key, "")
        if not value and key not in ("title", "date", "reporter", "agency", "id", "status"):
            continue
        first, *more = value.split("\n")
        lines.append(f"{thai}: {first.strip()}".rstrip())
        lines += [f"  {line.strip()}" for line in more if line.strip()]
    text = "\n".join(lines) + "\n"
    body = values.get("body", "").strip("\n").rstrip()
    return f"{text}\n{body}\n" if body.strip() else text


def canonical(story: Story) -> str:
    return write_story(story)


def with_status(story: Story, status: Status, *, modified: datetime | None = None, date: datetime | None = None,
                correction: str | None = None) -> Story:
    changes = {"status": status}
    if modified is not None:
        changes["modified"] = modified
    if date is not None:
        changes["date"] = date
    if correction is not None:
        changes["correction"] = correction
    return replace(story, **changes)


def default_date(now: datetime) -> str:
    """วันที่ of a new story: now, in Bangkok, as story files write it (10 พฤษภาคม 2561 11:48)."""
    return format_story_date(now.replace(second=0, microsecond=0))


def file_path(story_id: str, date: datetime | None, now: datetime) -> str:
    """Where a story lives under content/: news/<BE year of its date, else of now>/<id>.md."""
    year = (date or now).year + BE_OFFSET
    return f"news/{year}/{story_id}.md"


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def new_story_id(agency_code: str, date: datetime, taken) -> str:
    """lpg-2569-12-01-a: the agency's code, the Buddhist-era date, the first free letter (then aa, ab, ...)."""
    base = f"{agency_code.lower()}-{date.year + BE_OFFSET}-{date:%m}-{date:%d}"
    suffixes = list(_LETTERS) + [a + b for a in _LETTERS for b in _LETTERS]
    for suffix in suffixes:
        candidate = f"{base}-{suffix}"
        if candidate not in taken:
            return candidate
    raise ValueError(f"no free id left for {base}")


def check_chosen_id(text: str, taken) -> str | None:
    """Why a writer's own รหัส cannot be used (Thai), or None."""
    if not is_valid_id(text):
        return "รหัสใช้ได้เฉพาะ a-z 0-9 และขีดกลางคั่น ยาวไม่เกิน 80 ตัว เช่น lpg-2569-12-01-a"
    if text in taken:
        return f"รหัส {text} มีข่าวอื่นใช้แล้ว"
    return None


_SPACES = re.compile(r"\s+")


def thai_when(value: datetime) -> str:
    return format_thai_date(value, "full_time")
