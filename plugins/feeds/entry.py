"""A story as one feed entry: plain data, made once per build for each story some feed holds."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from nuea.story import Term


@dataclass(frozen=True)
class Photo:
    url: str  # absolute URL
    length: int  # bytes of the file as published
    type: str  # MIME type, e.g. image/jpeg


@dataclass(frozen=True)
class FeedEntry:
    story_id: str  # stable ASCII id: the entry id, never changes after publication
    entry_id: str  # tag: URI made from the story id (independent of the site's address)
    title: str
    url: str  # absolute permalink
    published: datetime  # aware
    updated: datetime  # aware, >= published
    reporter: str
    agency: Term
    section: Term | None
    summary: str  # plain text
    content_html: str  # full story HTML, every URL absolute
    source_path: str = ""  # the story file, for messages
    photo: Photo | None = None
    photo_caption: str = ""
    gallery: tuple[Photo, ...] = ()  # the gallery's photos (ภาพประกอบ): media:content items; their HTML is in content
