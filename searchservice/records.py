"""What the search index holds of one published story: plain values only, so the build, fast publishing and the
tests make records the same way (the search plugin's adapter turns a story into one)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime


class RecordError(ValueError):
    """A record that cannot be indexed (names the story's URL and the field)."""


@dataclass(frozen=True)
class SearchRecord:
    url: str  # the story's address below the site root, e.g. /news/hang-chat-gecc/
    title: str
    body: str  # the story's plain text (paragraphs joined by newlines): searched, and shown in excerpts
    date: str  # publication time, ISO 8601 with offset (2018-05-10T11:48:27+07:00)
    date_label: str  # the date as readers see it (10 พฤษภาคม 2561)
    province: str = ""
    province_slug: str = ""
    agency: str = ""  # abbreviation, e.g. ส.ปชส.ลำปาง
    agency_slug: str = ""
    agency_name: str = ""
    section: str = ""
    section_slug: str = ""
    tags: tuple[str, ...] = ()
    extra: tuple[str, ...] = field(default=())  # more searchable text: caption, reporter, editor

    def __post_init__(self):
        if not self.url.startswith("/") or any(c.isspace() for c in self.url):
            raise RecordError(f"search record {self.url!r}: url: must be a path starting with /")
        if not self.title.strip():
            raise RecordError(f"search record {self.url}: title: empty")
        try:
            when = datetime.fromisoformat(self.date)
        except ValueError as error:
            raise RecordError(f"search record {self.url}: date: {self.date!r} is not ISO 8601") from error
        if when.tzinfo is None:
            raise RecordError(f"search record {self.url}: date: {self.date!r} has no UTC offset")

    @property
    def timestamp(self) -> int:
        return int(datetime.fromisoformat(self.date).timestamp())

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> SearchRecord:
        data = json.loads(text)
        data["tags"], data["extra"] = tuple(data.get("tags", ())), tuple(data.get("extra", ()))
        return cls(**data)

    def fingerprint(self) -> str:
        return hashlib.sha256(self.to_json().encode()).hexdigest()[:32]
