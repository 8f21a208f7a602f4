"""What the build keeps of each content file once Pelican and the plugins have read it: plain, picklable values.

A record is made once per version of a file (and of everything its reading depends on) and stored in the site
model; every page, list, feed and sitemap is then made from records, in a full build and in a fast publish alike.
What a record holds is exactly what templates may use of a story (`article.*`) or a page (`page.*`).
"""
from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from nuea.story import Story

# Attributes of a Pelican Article/Page that templates and plugins read; copied when the content object has them
# (an attribute it lacks stays missing, so `article.share is defined` means the same in every template).
STORY_ATTRIBUTES = ("share", "lead_photo", "card_photo", "gallery_photos", "videos")
PAGE_ATTRIBUTES = ("lead_photo", "card_photo", "videos")


@dataclass(frozen=True)
class Term:
    """A section (category) or tag as templates see it: name, slug and address."""

    name: str
    slug: str
    url: str
    save_as: str

    def __str__(self) -> str:
        return self.name

    @property
    def page_name(self) -> str:
        return self.url.rstrip("/") if self.url.endswith("/") else self.url.rsplit(".", 1)[0]


@dataclass(frozen=True)
class StoryRecord:
    source: str  # content-relative path (news/2569/x.md)
    story: Story
    live: bool  # an article when read (else a draft preview); liveness depends on the clock, so it is kept
    url: str
    save_as: str  # '' when the settings write no page (drafts in production)
    template: str
    title: str
    content: str  # the final body HTML (sanitized, photos rewritten)
    summary: str  # HTML
    category: Term | None
    tags: tuple[Term, ...]
    extra: tuple[tuple[str, object], ...] = ()  # STORY_ATTRIBUTES the article had
    photo_files: tuple[tuple[str, str], ...] = ()  # (output path, file to copy) of every photo file it needs
    card_file: tuple[str, str] | None = None  # (output path, cached card) of its share card

    @property
    def id(self) -> str:
        return self.story.id

    def attributes(self) -> dict:
        return dict(self.extra)


@dataclass(frozen=True)
class PageRecord:
    source: str
    title: str
    slug: str
    url: str
    save_as: str
    template: str
    status: str
    content: str
    summary: str
    metadata: tuple[tuple[str, object], ...] = ()  # the page's other header keys (lowercase), as Pelican read them
    extra: tuple[tuple[str, object], ...] = ()
    photo_files: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SiteCard:
    """The share card of the home page and lists (plugins/sharing's SHARE_SITE)."""

    share_site: object  # sharing.page_share.SiteShare
    card_file: tuple[str, str]


@dataclass
class ReadOutcome:
    """What reading one content file gave: a live or draft story record, a withdrawn story, a page, or nothing."""

    source: str
    record: StoryRecord | PageRecord | None = None
    withdrawn: Story | None = None
    photos: tuple[str, ...] = ()  # content-relative photo files it shows (their changes make it read again)
    going_out: bool = False  # nothing came of it (a story with problems): whether it was due when read
    photos_made: int = 0  # photos whose derivatives had to be made while reading it (not part of any digest)


def digest(value) -> str:
    """A stable hex digest of a picklable value (records hold no sets, so the bytes are deterministic)."""
    return hashlib.blake2b(pickle.dumps(value, protocol=5), digest_size=16).hexdigest()


def file_stamp(path: Path) -> str:
    """Digest of one file's bytes ('' when missing)."""
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "blake2b").hexdigest()[:32]
    except FileNotFoundError:
        return ""


@dataclass(frozen=True)
class StatStamp:
    """A file's size, mtime and inode: an unchanged one means the bytes (and so the stored digest) still hold."""

    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> StatStamp | None:
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        return cls(st.st_size, st.st_mtime_ns, st.st_ino)


@dataclass
class ReadResult:
    outcomes: list[ReadOutcome] = field(default_factory=list)
    site_card: SiteCard | None = None
    static_files: list[tuple[str, str]] = field(default_factory=list)  # (output path, source file)
    seconds: dict[str, float] = field(default_factory=dict)  # per phase, summed over batches (CPU-ish seconds)
