"""The one adapter from a Pelican Article to the plain search record (searchservice.records.SearchRecord).

Everything search indexes comes from here: the story contract (`article.story`, nuea.story.Story) and its rendered,
sanitized body, never its built page.
"""
from __future__ import annotations

import html
import re

from nuea.thai_dates import format_thai_date, iso_datetime
from searchservice.records import SearchRecord

_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|figcaption|blockquote|tr|div)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(markup: str) -> str:
    """The text of a story body rendered from Markdown: one line per paragraph, tags dropped, entities decoded."""
    text = html.unescape(_TAG.sub(" ", _BLOCK_END.sub("\n", markup)))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def record_from_article(article) -> SearchRecord:
    story = article.story
    extra = (story.image_caption, story.reporter, story.editor)
    return SearchRecord(
        url="/" + article.url,
        title=story.title,
        body=html_to_text(article.content),
        date=iso_datetime(story.date),
        date_label=format_thai_date(story.date, "full"),
        province=story.province.name,
        province_slug=story.province.slug,
        agency=story.agency.abbr,
        agency_slug=story.agency.slug,
        agency_name=story.agency.name,
        section=story.section.name if story.section else "",
        section_slug=story.section.slug if story.section else "",
        tags=tuple(tag.name for tag in story.tags),
        extra=tuple(x for x in extra if x),
    )
