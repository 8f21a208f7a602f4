"""The plain text of a story that readers can search: headline, body, photo caption and the metadata shown."""
from __future__ import annotations

import html
import re

TAG = re.compile(r"<[^>]+>")


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment (tags dropped, entities decoded, whitespace collapsed)."""
    return " ".join(html.unescape(TAG.sub(" ", markup)).split())


def searchable_text(article) -> str:
    """The text of `article` that its story page shows inside the indexed element."""
    agency = getattr(article, "agency", None)
    parts = [article.title, html_to_text(article.content), getattr(article, "image_caption", "") or "",
             getattr(article, "reporter", "") or "", getattr(article, "editor", "") or "",
             getattr(agency, "abbr", ""), getattr(agency, "name", ""), getattr(article, "province", ""),
             getattr(getattr(article, "category", None), "name", "")]
    parts += [tag.name for tag in getattr(article, "tags", None) or []]
    return " ".join(part for part in parts if part)
