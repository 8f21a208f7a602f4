"""What a story shows when shared: the plain data that links, Open Graph, JSON-LD and the card are made from."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

CARD_WIDTH, CARD_HEIGHT = 1200, 630


@dataclass(frozen=True)
class StoryPreview:
    url: str  # canonical absolute URL
    title: str
    description: str  # plain text
    image_url: str  # absolute URL of the share card
    image_alt: str
    published: datetime
    modified: datetime
    site_name: str
    site_url: str
    logo_url: str
    section: str = ""
    tags: tuple[str, ...] = ()
    reporter: str = ""
    agency_name: str = ""
    agency_abbr: str = ""
    image_width: int = CARD_WIDTH
    image_height: int = CARD_HEIGHT
    photo_url: str = ""  # absolute URL of the lead photo, when the story has one
    reporter_url: str = ""  # absolute URL of the reporter's page (/reporter/<slug>/), when there is a byline


def canonical_url(siteurl: str, path: str) -> str:
    """The absolute URL of `path` (an output path or page URL) on the site; index.html is dropped."""
    if not siteurl.startswith(("https://", "http://")):
        raise ValueError(
            f"sharing: the site address (nuea.site.site_url) must be an absolute http(s) address, got {siteurl!r}"
        )
    path = path.lstrip("/")
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return f"{siteurl.rstrip('/')}/{path}"


def plain_text(html: str, limit: int = 300) -> str:
    """HTML (a story summary) as one line of plain text, cut at a space near `limit` characters."""
    text = Markup(html or "").striptags()
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip() + "…"
