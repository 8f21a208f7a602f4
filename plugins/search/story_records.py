"""The one adapter from a Pelican Article to the plain search record (searchservice.records.SearchRecord).

Everything search indexes comes from here: the story's own fields, never its built page. When the story
contract lands (`article.story`, a frozen nuea.story.Story), only this function changes.
"""
from __future__ import annotations

import html
import re

from thai_metadata.display import thai_date
from thai_metadata.thai_dates import iso_datetime

from searchservice.records import SearchRecord

_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|figcaption|blockquote|tr|div)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(markup: str) -> str:
    """The text of a story body rendered from Markdown: one line per paragraph, tags dropped, entities decoded."""
    text = html.unescape(_TAG.sub(" ", _BLOCK_END.sub("\n", markup)))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def record_from_article(article) -> SearchRecord:
    agency = getattr(article, "agency", None)
    category = getattr(article, "category", None)
    extra = (getattr(article, "image_caption", ""), getattr(article, "reporter", ""), getattr(article, "editor", ""))
    return SearchRecord(
        url="/" + article.url,
        title=article.title,
        body=html_to_text(article.content),
        date=iso_datetime(article.date),
        date_label=thai_date(article.date),
        province=getattr(article, "province", "") or "",
        province_slug=getattr(article, "province_slug", "") or "",
        agency=getattr(agency, "abbr", "") or "",
        agency_slug=getattr(agency, "slug", "") or "",
        agency_name=getattr(agency, "name", "") or "",
        section=getattr(category, "name", "") or "",
        section_slug=getattr(category, "slug", "") or "",
        tags=tuple(tag.name for tag in getattr(article, "tags", None) or ()),
        extra=tuple(str(x) for x in extra if x),
    )
