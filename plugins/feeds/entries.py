"""Make a FeedEntry from a story (the contract) and its rendered HTML; cleans text for XML."""
from __future__ import annotations

import mimetypes
from html import escape
from pathlib import Path

import lxml.html

from nuea.story import Story, Term

from .absolute_html import absolutize_html
from .catalog import FeedInputError
from .entry import FeedEntry, Photo
from .xml_text import strip_forbidden_chars


def tag_uri(authority: str, specific: str) -> str:
    """An RFC 4151 tag: URI, e.g. tag:region3.prd.go.th,2026:story/hang-chat-gecc. It does not depend on the site's
    address, so moving the site to another domain keeps every feed and entry id."""
    return f"tag:{authority}:{specific}"


def photo_file(story: Story, content_root: str | Path) -> Path | None:
    """The lead photo's source file, or None without one; a missing file raises FeedInputError."""
    if not story.image:
        return None
    path = Path(content_root) / story.image.lstrip("/")
    if not path.is_file():
        raise FeedInputError(f"{story.source_path}: lead photo (ภาพ) {story.image} not found: no file {path}")
    return path


def _published_photo(image: str, source: Path, site_url: str, output_root) -> Photo:
    """A photo as the feed links it: the published copy's address, byte length and type."""
    rel = image.lstrip("/")
    published_copy = Path(output_root) / rel if output_root else None
    measured = published_copy if published_copy and published_copy.is_file() else source
    return Photo(url=f"{site_url}/{rel}", length=measured.stat().st_size,
                 type=mimetypes.guess_type(source.name)[0] or "image/jpeg")


def gallery_photos(story: Story, content_root, site_url: str, output_root) -> tuple[Photo, ...]:
    """The gallery's photos for media:content (read_story has checked each file exists and is an image)."""
    photos = []
    for photo in story.gallery:
        source = Path(content_root) / photo.image.lstrip("/")
        if not source.is_file():
            raise FeedInputError(f"{story.source_path}: gallery (ภาพประกอบ) photo {photo.image} not found: "
                                 f"no file {source}")
        photos.append(_published_photo(photo.image, source, site_url, output_root))
    return tuple(photos)


def feed_entry(story: Story, html: str, summary_html: str, url: str, *, site_url: str, tag_authority: str,
               content_root: str | Path, output_root: str | Path | None = None) -> tuple[FeedEntry, list[str]]:
    """(FeedEntry, warnings) for a story whose rendered body is `html`; warnings name the file, field and the
    characters removed. The photo's byte length is that of the published copy under `output_root` when there."""
    source = story.source_path
    warnings: list[str] = []

    def clean(field: str, text) -> str:
        text, removed = strip_forbidden_chars(str(text or ""))
        if removed:
            warnings.append(f"{source}: {field}: removed {len(removed)} character(s) not allowed in XML "
                            f"({', '.join(sorted(set(removed)))})")
        return text

    content = absolutize_html(clean("body", html), url)
    image = photo_file(story, content_root)
    photo = None
    caption = clean("image_caption", story.image_caption)
    if image is not None:
        rel = story.image.lstrip("/")
        published_copy = Path(output_root) / rel if output_root else None
        measured = published_copy if published_copy and published_copy.is_file() else image
        mime = mimetypes.guess_type(image.name)[0]
        if not mime or not mime.startswith("image/"):
            raise FeedInputError(f"{source}: lead photo (ภาพ) {story.image}: not an image type ({mime})")
        photo = Photo(url=f"{site_url}/{rel}", length=measured.stat().st_size, type=mime)
        # readers that ignore enclosures still show the lead photo, above the story
        content = (f'<figure><img src="{escape(photo.url)}" alt="{escape(caption)}">'
                   + (f"<figcaption>{escape(caption)}</figcaption>" if caption else "") + "</figure>" + content)
    entry = FeedEntry(
        story_id=story.id,
        entry_id=tag_uri(tag_authority, f"story/{story.id}"),
        title=clean("title", story.title),
        url=url,
        published=story.date,
        updated=story.updated,
        reporter=clean("reporter", story.reporter),
        agency=Term(clean("agency", story.agency.name), story.agency.slug),
        section=Term(clean("category", story.section.name), story.section.slug) if story.section else None,
        summary=_plain_text(clean("summary", summary_html)),
        content_html=content,
        source_path=source,
        photo=photo,
        photo_caption=caption,
        gallery=gallery_photos(story, content_root, site_url, output_root),
    )
    return entry, warnings


def _plain_text(html: str) -> str:
    if not str(html).strip():
        return ""
    return " ".join(lxml.html.fragment_fromstring(str(html), create_parent="div").text_content().split())
