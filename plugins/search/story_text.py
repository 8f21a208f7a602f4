"""The plain text of a story that readers can search: headline, body, photo caption and the metadata shown."""
from __future__ import annotations

import html
import re

TAG = re.compile(r"<[^>]+>")


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment (tags dropped, entities decoded, whitespace collapsed)."""
    return " ".join(html.unescape(TAG.sub(" ", markup)).split())


def searchable_text(article) -> str:
    """The text of `article` (its story and rendered body) that its story page shows inside the indexed element."""
    story = article.story
    parts = [story.title, html_to_text(article.content), story.image_caption, story.reporter, story.editor,
             story.agency.abbr, story.agency.name, story.province.name, story.section.name if story.section else ""]
    parts += [tag.name for tag in story.tags]
    return " ".join(part for part in parts if part)
