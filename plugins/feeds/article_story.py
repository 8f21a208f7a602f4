"""Fill a Story from a Pelican Article (attributes per the thai_metadata contract); cleans text for XML."""
from __future__ import annotations

import mimetypes
from html import escape
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html

from .absolute_html import absolutize_html
from .catalog import FeedInputError
from .story import Photo, Story, Term
from .xml_text import strip_forbidden_chars

BANGKOK = ZoneInfo("Asia/Bangkok")


def photo_file(article, content_root: str | Path) -> Path | None:
    """The lead photo's source file, or None without one; a missing file raises FeedInputError."""
    image = getattr(article, "image", None)
    if not image:
        return None
    path = Path(content_root) / str(image).lstrip("/")
    if not path.is_file():
        raise FeedInputError(f"{article.source_path}: lead photo (ภาพ) {image!s} not found: no file {path}")
    return path


def story_from_article(article, *, site_url: str, content_root: str | Path, output_root: str | Path | None = None,
                       with_content: bool = True):
    """(Story, warnings) for `article`; warnings name the file, field and removed characters.

    The photo's byte length is that of the published copy under `output_root` when it exists, else the source.
    with_content=False leaves content_html empty (enough to plan which feeds hold the story, and cheaper)."""
    source = getattr(article, "source_path", "") or ""
    warnings: list[str] = []

    def clean(field: str, text) -> str:
        text, removed = strip_forbidden_chars(str(text or ""))
        if removed:
            warnings.append(
                f"{source}: {field}: removed {len(removed)} character(s) not allowed in XML "
                f"({', '.join(sorted(set(removed)))})"
            )
        return text

    url = f"{site_url}/{article.url}"
    published = _aware(article.date)
    updated = _aware(getattr(article, "modified", None) or article.date)
    content = absolutize_html(clean("body", article.get_content(site_url)), url) if with_content else ""
    summary = _plain_text(clean("summary", getattr(article, "summary", "")))
    image = photo_file(article, content_root)
    photo = None
    if image is not None:
        rel = str(article.image).lstrip("/")
        published_copy = Path(output_root) / rel if output_root else None
        measured = published_copy if published_copy and published_copy.is_file() else image
        mime = mimetypes.guess_type(image.name)[0]
        if not mime or not mime.startswith("image/"):
            raise FeedInputError(f"{source}: lead photo (ภาพ) {article.image}: not an image type ({mime})")
        photo = Photo(url=f"{site_url}/{rel}", length=measured.stat().st_size, type=mime)
    caption = clean("image_caption", getattr(article, "image_caption", ""))
    if photo:  # readers that ignore enclosures still show the lead photo, above the story
        content = (f'<figure><img src="{escape(photo.url)}" alt="{escape(caption)}">'
                   + (f"<figcaption>{escape(caption)}</figcaption>" if caption else "") + "</figure>" + content)
    story = Story(
        story_id=str(getattr(article, "story_id", None) or article.slug),
        title=clean("title", article.title),
        url=url,
        published=published,
        updated=max(updated, published),
        reporter=clean("reporter", getattr(article, "reporter", "")),
        agency=_term(article, "agency", clean),
        province=Term(clean("province", getattr(article, "province", "")), getattr(article, "province_slug", "")),
        section=Term(clean("category", article.category.name), article.category.slug),
        summary=summary,
        content_html=content,
        source_path=source,
        tags=tuple(Term(clean("tags", t.name), t.slug) for t in getattr(article, "tags", []) or []),
        photo=photo,
        photo_caption=caption,
    )
    return story, warnings


def _term(article, field: str, clean) -> Term:
    value = getattr(article, field, None)
    slug = getattr(value, "slug", None)
    if value is None or not slug:
        raise FeedInputError(f"{article.source_path}: {field}: {value!r} is not a known {field} (no slug)")
    return Term(clean(field, getattr(value, "name", str(value))), slug)


def _plain_text(html: str) -> str:
    if not str(html).strip():
        return ""
    return " ".join(lxml.html.fragment_fromstring(str(html), create_parent="div").text_content().split())


def _aware(value):
    return value if value.tzinfo else value.replace(tzinfo=BANGKOK)
