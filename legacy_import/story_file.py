"""A LegacyStory -> the text of its story file (header of `key: value` lines, blank line, Markdown paragraphs).

The old text is kept literal: Markdown syntax in it is escaped, so the page shows exactly the old words.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from nuea.thai_dates import format_thai_date

from .story_page import LegacyStory


@dataclass(frozen=True)
class PlacedPhoto:
    """A photo as the story file refers to it."""

    path: str  # under content/, e.g. images/2561/05/lpg-41236.jpg
    alt: str  # alternative text ("" when the caption serves)
    caption: str = ""
    position: int = 0  # body photos: how many paragraphs come before it


_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")


def escape_markdown(paragraph: str) -> str:
    """Keep old text literal in Markdown: no accidental headings, lists, emphasis, HTML or entities."""
    text = _ENTITY_LIKE.sub("&amp;", paragraph)
    text = re.sub(r"([\\`*_\[\]{}>])", r"\\\1", text).replace("<", "&lt;")  # {}: attr_list
    text = re.sub(r"^(\d+)\. ", r"\1\\. ", text)  # "1. " would start a list
    return re.sub(r"^(#|[-+] )", r"\\\1", text)


def _alt(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`\[\]])", r"\\\1", text)


def _title(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;")


def photo_markdown(photo: PlacedPhoto) -> str:
    """![alt](/images/... "caption"): a body photo alone in its paragraph (the images plugin makes it a figure)."""
    title = f' "{_title(photo.caption)}"' if photo.caption else ""
    return f"![{_alt(photo.alt or photo.caption)}](/{photo.path}{title})"


def story_file_text(story: LegacyStory, sid: str, legacy_url: str | Sequence[str] = "", category: str = "",
                    tags: str = "", image: str | PlacedPhoto = "", body_photos: Sequence[PlacedPhoto] = (),
                    agency: str | None = None, thai_legacy_keys: bool = False) -> str:
    """The story file. legacy_url: one old address or several (written comma-separated); agency: the registry
    name to write (default: as on the page). thai_legacy_keys writes ที่อยู่เดิม/ยอดอ่านเดิม instead of
    legacy_url/legacy_reads (the same fields)."""
    urls = [legacy_url] if isinstance(legacy_url, str) else list(legacy_url)
    lead = image if isinstance(image, PlacedPhoto) else PlacedPhoto(image, "") if image else None
    url_key, reads_key = ("ที่อยู่เดิม", "ยอดอ่านเดิม") if thai_legacy_keys else ("legacy_url", "legacy_reads")
    header = [
        ("หัวข้อ", story.title),
        ("วันที่", format_thai_date(story.date, "legacy").replace(" / ", " ")),
        ("ข่าวโดย", story.reporter),
        ("บรรณาธิการ", story.editor),
        ("หน่วยงาน", story.agency if agency is None else agency),
        ("หมวด", category),
        ("ป้ายกำกับ", tags),
        ("ภาพ", lead.path if lead else ""),
        ("คำบรรยายภาพ", lead.caption if lead else ""),
        ("image_alt", lead.alt if lead and lead.alt != lead.caption else ""),
        ("รหัส", sid),
        (url_key, ", ".join(u for u in urls if u)),
        (reads_key, str(story.reads)),
    ]
    head = "\n".join(f"{k}: {' '.join(str(v).split())}".rstrip() for k, v in header if v or k in ("บรรณาธิการ",))
    blocks = [escape_markdown(p) for p in story.paragraphs]
    for photo in reversed(sorted(body_photos, key=lambda p: p.position)):  # last first: earlier indexes hold
        blocks.insert(min(photo.position, len(blocks)), photo_markdown(photo))
    return head + "\n\n" + "\n\n".join(blocks) + "\n"
