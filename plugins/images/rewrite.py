"""Story bodies: find the photos they show, and turn each <img> into a responsive <picture>."""
from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, NavigableString

_LINK_PREFIXES = ("{static}", "{attach}", "{filename}", "|static|", "|attach|", "|filename|")
_IMG = re.compile(r"<img\b", re.IGNORECASE)


def body_photo_tags(html: str) -> list[dict]:
    """The attributes (src, alt, title) of every <img> in a body, in order."""
    if not _IMG.search(html):  # most stories: no body photo, no parse
        return []
    soup = BeautifulSoup(html, "html.parser")
    return [{"src": img.get("src", ""), "alt": img.get("alt"), "title": img.get("title", "")}
            for img in soup.find_all("img")]


def resolve_photo_src(src: str, story_path, content_root, siteurl: str = "") -> Path | None:
    """The content file an <img src> points to, or None for another site's image / data: URL.

    Understands Pelican's {static}/{attach}/{filename} links, site-absolute paths (/images/…, SITEURL/…)
    and paths relative to the story file. The file need not exist (the caller reports that).
    """
    src = src.strip()
    if not src or src.startswith("data:"):
        return None
    content_root = Path(content_root)
    for prefix in _LINK_PREFIXES:
        if src.startswith(prefix):
            rest = unquote(urlsplit(src[len(prefix):]).path)
            if rest.startswith("/"):
                return content_root / rest.lstrip("/")
            return Path(posixpath.normpath(Path(story_path).parent / rest))
    if siteurl and src.startswith(siteurl.rstrip("/") + "/"):
        src = src[len(siteurl.rstrip("/")):]
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        return content_root / path.lstrip("/")
    return Path(posixpath.normpath(Path(story_path).parent / path))


def _alone_in_paragraph(img) -> bool:
    parent = img.parent
    if parent is None or parent.name != "p":
        return False
    return all(c is img or (isinstance(c, NavigableString) and not c.strip()) for c in parent.children)


def rewrite_body(html: str, make_picture, render) -> str:
    """HTML with every <img> that make_picture(attrs) turns into a Picture replaced by render(picture, figure).

    An <img> alone in its <p> becomes a <figure> (figure=True) in place of the <p>; one inside text
    becomes a bare <picture>. A link around the <img> to the same photo is pointed at its widest JPEG.
    """
    soup = BeautifulSoup(html, "html.parser")
    for img in soup.find_all("img"):
        picture = make_picture({"src": img.get("src", ""), "alt": img.get("alt"), "title": img.get("title", "")})
        if picture is None:
            continue
        link = img.parent if img.parent is not None and img.parent.name == "a" else None
        if link is not None and link.get("href") == img.get("src"):
            link["href"] = picture.largest
        figure = _alone_in_paragraph(img)
        new = BeautifulSoup(render(picture, figure), "html.parser")
        (img.parent if figure else img).replace_with(new)
    return str(soup)
