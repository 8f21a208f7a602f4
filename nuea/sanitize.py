"""Story HTML passes through an allow-list (nh3, the Rust ammonia sanitizer) before any plugin adds its own trusted
markup: what a writer types can format a story, never run script in a reader's browser or the newsroom's preview."""
from __future__ import annotations

import nh3

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub", "sup", "small", "mark",
    "blockquote", "q", "cite", "abbr", "code", "pre", "kbd", "ul", "ol", "li", "dl", "dt", "dd", "a", "img",
    "figure", "figcaption", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "span", "div",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    """The story HTML with only the allowed elements, attributes and link schemes (relative links stay)."""
    if not html:
        return html
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None,
                     strip_comments=True)
