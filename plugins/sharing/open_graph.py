"""Link-preview tags of a page: Open Graph, Twitter card and the canonical link."""
from __future__ import annotations

from .preview import StoryPreview

LOCALE = "th_TH"


def _iso(moment) -> str:
    return moment.isoformat(timespec="seconds")


def open_graph_tags(story: StoryPreview) -> list[tuple[str, str]]:
    """(property, content) pairs of a story's Open Graph and article:* tags, in order."""
    tags = [
        ("og:site_name", story.site_name),
        ("og:locale", LOCALE),
        ("og:type", "article"),
        ("og:url", story.url),
        ("og:title", story.title),
        ("og:description", story.description),
        ("og:image", story.image_url),
        ("og:image:type", "image/jpeg"),
        ("og:image:width", str(story.image_width)),
        ("og:image:height", str(story.image_height)),
        ("og:image:alt", story.image_alt),
        ("article:published_time", _iso(story.published)),
        ("article:modified_time", _iso(story.modified)),
    ]
    if story.section:
        tags.append(("article:section", story.section))
    tags += [("article:tag", tag) for tag in story.tags]
    return tags


def twitter_tags(story: StoryPreview, site_account: str | None = None) -> list[tuple[str, str]]:
    """(name, content) pairs of a story's Twitter/X card."""
    tags = [
        ("twitter:card", "summary_large_image"),
        ("twitter:title", story.title),
        ("twitter:description", story.description),
        ("twitter:image", story.image_url),
        ("twitter:image:alt", story.image_alt),
    ]
    if site_account:
        tags.append(("twitter:site", site_account))
    return tags


def site_open_graph_tags(
    *, url: str, title: str, description: str, site_name: str, image_url: str
) -> list[tuple[str, str]]:
    """Open Graph tags of a page that is not a story (home, lists, static pages)."""
    return [
        ("og:site_name", site_name),
        ("og:locale", LOCALE),
        ("og:type", "website"),
        ("og:url", url),
        ("og:title", title),
        ("og:description", description),
        ("og:image", image_url),
        ("og:image:type", "image/jpeg"),
        ("og:image:width", "1200"),
        ("og:image:height", "630"),
        ("og:image:alt", site_name),
    ]
