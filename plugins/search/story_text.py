"""The plain text of a story that readers can search: headline, body, photo caption, tags."""
from __future__ import annotations

import html
import re

TAG = re.compile(r"<[^>]+>")


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment (tags dropped, entities decoded, whitespace collapsed)."""
    return " ".join(html.unescape(TAG.sub(" ", markup)).split())


def searchable_text(article) -> str:
    """The text of `article` that its story page shows inside the indexed element."""
    parts = [article.title, html_to_text(article.content), getattr(article, "image_caption", "") or ""]
    parts += [tag.name for tag in getattr(article, "tags", None) or []]
    return " ".join(part for part in parts if part)
