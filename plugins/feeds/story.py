"""A story as the feeds see it: plain data, filled from a Pelican Article by the signal layer."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Term:
    """A named group a story belongs to: a province, agency, section or tag."""

    name: str  # Thai display name, e.g. ลำปาง
    slug: str  # ASCII, used in file names, e.g. lampang


@dataclass(frozen=True)
class Photo:
    url: str  # absolute URL
    length: int  # bytes of the file as published
    type: str  # MIME type, e.g. image/jpeg


@dataclass(frozen=True)
class Story:
    story_id: str  # stable ASCII id: the feed GUID, never changes after publication
    title: str
    url: str  # absolute permalink
    published: datetime  # aware
    updated: datetime  # aware, >= published
    reporter: str
    agency: Term
    province: Term
    section: Term
    summary: str  # plain text
    content_html: str  # full story HTML, every URL absolute
    source_path: str = ""  # the story file, for messages
    tags: tuple[Term, ...] = field(default_factory=tuple)
    photo: Photo | None = None
    photo_caption: str = ""
