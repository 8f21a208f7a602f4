"""A LegacyStory (what an old page says) -> the nuea Story it becomes, and that story's file text.

The file is written by the core's `nuea.story.write_story` (one writer for the newsroom, `make story` and both
importers) and read back with the build's own reader before anything is written: a story that would not build, or
a field that would read back differently, is a problem of the page, never a file.
The old text is kept literal: Markdown syntax in it is escaped, so the page shows exactly the old words; body
photos stand alone in their paragraph, where the page had them.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields

from nuea.problems import Problem
from nuea.registry import Agency
from nuea.story import Story, StoryContext, Term, read_story, write_story

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


def story_body(paragraphs: Sequence[str], body_photos: Sequence[PlacedPhoto] = ()) -> str:
    """The Markdown body: the old paragraphs, literal, and the body photos at their place."""
    blocks = [escape_markdown(p) for p in paragraphs]
    for photo in reversed(sorted(body_photos, key=lambda p: p.position)):  # last first: earlier indexes hold
        blocks.insert(min(photo.position, len(blocks)), photo_markdown(photo))
    return "\n\n".join(blocks)


def _line(text: str) -> str:
    return " ".join(str(text).split())


def imported_story(page: LegacyStory, *, story_id: str, agency: Agency, source_path: str,
                   legacy_urls: Sequence[str] = (), section: Term | None = None, tags: Sequence[Term] = (),
                   lead: PlacedPhoto | None = None, body_photos: Sequence[PlacedPhoto] = ()) -> Story:
    """The Story an old page becomes. agency: the registry's (the page's name matched to it, alias or not);
    source_path: the file as messages name it (content/news/2561/x.md)."""
    caption = _line(lead.caption) if lead else ""
    alt = _line(lead.alt) if lead else ""
    return Story(
        id=story_id, title=_line(page.title), date=page.date, reporter=_line(page.reporter), agency=agency,
        province=agency.home_province, body=story_body(page.paragraphs, body_photos), editor=_line(page.editor),
        section=section, tags=tuple(tags), image=lead.path if lead else "", image_caption=caption,
        image_alt=alt if alt != caption else "", legacy_urls=tuple(u for u in legacy_urls if u),
        legacy_reads=page.reads, source_path=source_path,
    )


def story_file_text(story: Story, ctx: StoryContext) -> tuple[str, list[Problem]]:
    """(write_story(story), problems): the build's reader's problems with that text, or one per field that would
    read back differently (the file would not say what the page said)."""
    text = write_story(story)
    check = read_story(text, story.source_path, ctx)
    if check.problems:
        return text, check.problems
    differ = [f.name for f in fields(Story) if f.compare and getattr(check.story, f.name) != getattr(story, f.name)]
    return text, [Problem(story.source_path, 1, name, "would read back differently from the old page",
                          str(getattr(story, name))) for name in differ]
