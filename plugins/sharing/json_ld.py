"""JSON-LD NewsArticle of a story (schema.org), as a string safe inside <script>."""
from __future__ import annotations

import json

from .preview import StoryPreview


def news_article(story: StoryPreview, logo_size: tuple[int, int]) -> dict:
    """The schema.org NewsArticle of a story."""
    images = [story.image_url] + ([story.photo_url] if story.photo_url else [])
    if story.reporter:
        authors = [{"@type": "Person", "name": story.reporter}]
        if story.reporter_url:
            authors[0]["url"] = story.reporter_url  # Google: the author's page on the site
    else:
        authors = [{"@type": "GovernmentOrganization", "name": story.agency_name or story.site_name}]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": story.url},
        "url": story.url,
        "headline": story.title,
        "description": story.description,
        "image": images,
        "datePublished": story.published.isoformat(timespec="seconds"),
        "dateModified": story.modified.isoformat(timespec="seconds"),
        "inLanguage": "th",
        "author": authors,
        "publisher": {
            "@type": "Organization",
            "name": story.site_name,
            "url": story.site_url,
            "logo": {
                "@type": "ImageObject",
                "url": story.logo_url,
                "width": logo_size[0],
                "height": logo_size[1],
            },
        },
    }
    if story.agency_name:
        data["sourceOrganization"] = {
            "@type": "GovernmentOrganization",
            "name": story.agency_name,
            "alternateName": story.agency_abbr,
        }
    if story.section:
        data["articleSection"] = story.section
    if story.tags:
        data["keywords"] = list(story.tags)
    return data


def script_json(data: dict) -> str:
    """`data` as JSON that cannot close or confuse an HTML <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
