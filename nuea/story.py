"""The story contract: one typed `Story`, read from a story file's text and written back to one.

    check = read_story(text, "content/news/2561/hang-chat-gecc.md", context)   # StoryCheck: story + problems
    text = write_story(check.story)                                            # read(write(story)) == story

A story file is a header of `key: value` lines (Thai or English keys, see keys.py), one blank line, then the
Markdown body. The reader (plugins/thai_metadata) attaches the Story to each Pelican Article as `article.story`;
every plugin, script and service reads stories through it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from .header import Header, parse_header
from .keys import REPEATABLE, THAI_KEYS, canonical_key, label, suggest_keys
from .legacy_urls import LegacyUrlError, parse_legacy_url
from .problems import Problem
from .registry import Agency, Province, Registry
from .reporters import reporter_slug
from .slugs import Slugger
from .statuses import GOING_OUT, Status, is_live
from .story_ids import StoryIdError, story_id
from .thai_dates import BE_OFFSET, ThaiDateError, format_thai_date, parse_thai_date, to_arabic_digits

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
REQUIRED = ("title", "date", "reporter", "agency")
_LIST_SPLIT = re.compile(r"[,;،、\n]")


@dataclass(frozen=True)
class Term:
    """A section (หมวด) or tag (ป้ายกำกับ): its Thai name and ASCII URL slug."""

    name: str
    slug: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class GalleryPhoto:
    """One photo of a story's gallery (ภาพประกอบ): a line `path | caption | alt text` of the story file."""

    image: str  # path under content/
    caption: str = ""
    alt: str = ""  # alt text when the caption is not one

    @property
    def photo_alt(self) -> str:
        return self.alt or self.caption


@dataclass(frozen=True)
class Story:
    """One story, every field canonical and typed. Dates are aware (Asia/Bangkok)."""

    id: str  # stable ASCII id: URL, counter key, feed id, share-card name; never changes
    title: str
    date: datetime  # publication time
    reporter: str
    agency: Agency
    province: Province  # default: the agency's province
    body: str = ""  # Markdown, as written
    modified: datetime | None = None  # last correction time; None = never corrected
    editor: str = ""
    section: Term | None = None
    tags: tuple[Term, ...] = ()
    image: str = ""  # lead photo, path under content/ (images/2561/05/x.jpg)
    image_caption: str = ""
    image_alt: str = ""  # alt text when the caption is not one
    summary: str = ""  # Markdown, one paragraph
    status: Status = Status.PUBLISHED
    correction: str = ""  # public correction note, shown with แก้ไขล่าสุด
    legacy_urls: tuple[str, ...] = ()  # the old site's addresses (each redirects here)
    legacy_reads: int = 0  # the old site's read count
    gallery: tuple[GalleryPhoto, ...] = ()  # photo gallery (ภาพประกอบ), in the order written
    # ASCII slug of the reporter's page, derived by read_story from `reporter` (nuea.reporters: registry, else
    # romanised); never written to the file, so not compared: a Story built by hand (importer, newsroom) leaves it ''
    reporter_slug: str = field(default="", compare=False)
    source_path: str = ""  # the file, as writers see it (content/news/2561/x.md); for messages

    @property
    def updated(self) -> datetime:
        """The last change readers see: the correction time, else the publication time."""
        return self.modified if self.modified and self.modified > self.date else self.date

    @property
    def photo_alt(self) -> str:
        """Alt text of the lead photo: image_alt, else the caption."""
        return self.image_alt or self.image_caption

    def is_live(self, now: datetime) -> bool:
        return is_live(self.status, self.date, now)

    @property
    def file_path(self) -> str:
        """Where the story lives under content/: news/<BE year>/<id>.md."""
        return f"news/{self.date.year + BE_OFFSET}/{self.id}.md"


@dataclass
class StoryContext:
    """What reading a story needs besides its text."""

    registry: Registry
    slugger: Slugger = field(default_factory=Slugger)
    content_root: Path | None = None  # for checking that photos exist; None skips the check
    extra_keys: tuple[str, ...] = ()  # other plugins' ASCII keys, passed through (StoryCheck.extra)


@dataclass
class StoryCheck:
    """What reading one story file found: the Story (None when a problem prevents one) and every problem."""

    path: str
    story: Story | None = None
    problems: list[Problem] = field(default_factory=list)
    status: Status | None = None  # None when สถานะ is unreadable
    date: datetime | None = None  # None when วันที่ is missing or unreadable
    story_id: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def going_out(self, now: datetime) -> bool:
        """Live at `now`, or possibly so (its status or date cannot be read)."""
        if self.status is None:
            return True
        return self.status in GOING_OUT and (self.date is None or self.date <= now)

    def blocks_build(self, now: datetime) -> bool:
        """A problem in a story that is not going out never blocks the build; in a live one it does."""
        return bool(self.problems) and self.going_out(now)


def section_term(text: str, slugger: Slugger) -> Term | None:
    """The section (หมวด) a writer typed, with its slug; None when empty."""
    name = " ".join(text.split())
    return Term(name, slugger(name)) if name else None


def tag_terms(text: str, slugger: Slugger) -> tuple[Term, ...]:
    """The tags (ป้ายกำกับ) a writer typed, comma-separated; one tag per slug (ศูนย์ราชการสะดวก and GECC may both
    map to gecc: the first one written is kept)."""
    tags: dict[str, Term] = {}
    for name in (" ".join(t.split()) for t in _LIST_SPLIT.split(text) if t.strip()):
        tags.setdefault(slugger(name), Term(name, slugger(name)))
    return tuple(tags.values())


def photo_path_problem(image: str, ctx: StoryContext) -> str | None:
    """Why a photo path a writer typed (ภาพ, a gallery line) is unusable, or None."""
    if image.startswith(("/", "http:", "https:")) or ".." in image.split("/"):
        return "give the path under content/, e.g. images/2561/05/hang-chat-gecc.jpg"
    if not image.lower().endswith(IMAGE_SUFFIXES):
        return f"not an image file name ({', '.join(IMAGE_SUFFIXES)})"
    if ctx.content_root is not None and not (ctx.content_root / image).is_file():
        return f"file not found under {ctx.content_root}"
    return None


GALLERY_SEPARATOR = re.compile(r"\s*[|｜]\s*")
_BULLET = re.compile(r"^(?:[-*•]\s+)")


def gallery_lines(fields: list) -> list[tuple[str, int]]:
    """(line text, line number) of every photo line of the ภาพประกอบ/gallery fields (the key may repeat, a
    value may go on over indented lines)."""
    lines = []
    for f in fields:
        numbers = f.value_lines or [f.line]
        for i, text in enumerate(f.value.split("\n")):
            if text.strip():
                lines.append((text.strip(), numbers[min(i, len(numbers) - 1)]))
    return lines


def read_gallery(lines: list[tuple[str, int]], ctx: StoryContext, problem) -> tuple[GalleryPhoto, ...]:
    """The gallery's photos from its lines `path | caption | alt text`; every problem reported with its line."""
    photos: list[GalleryPhoto] = []
    first: dict[str, int] = {}
    for n, (text, line) in enumerate(lines, 1):
        image, caption, alt = (GALLERY_SEPARATOR.split(_BULLET.sub("", text), 2) + ["", ""])[:3]
        caption, alt = " ".join(caption.split()), " ".join(alt.split())
        why = photo_path_problem(image, ctx) if image else "a photo line starts with the photo's path"
        if why:
            problem(line, "gallery", f"photo {n}: {why}", text)
            continue
        if image in first:
            problem(line, "gallery", f"photo {n}: {image} is listed twice (first on line {first[image]})", text)
            continue
        first[image] = line
        if not (alt or caption):
            problem(line, "gallery", f"photo {n} has no alt text: write its caption after a |, e.g. "
                    f"{image} | ภาพพิธีเปิดงาน (a third part, after another |, is the alt text when the caption "
                    "is not one)", text)
            continue
        photos.append(GalleryPhoto(image, caption, alt))
    return tuple(photos)


def read_story(source: str | Header, path: str, ctx: StoryContext) -> StoryCheck:
    """Check a story's text (or parsed header) and make its Story; every problem is collected, none raised."""
    header = source if isinstance(source, Header) else parse_header(source)
    check = StoryCheck(path=path)

    def problem(line, canonical, message, value=None):
        check.problems.append(Problem(path, line, label(canonical) if canonical else "header", message, value))

    for line, text in header.bad_lines:
        problem(line, None, "not a 'key: value' line; leave one blank line between the header and the story", text)

    fields: dict[str, list[tuple[str, int]]] = {}  # canonical -> [(value, line)]
    gallery_fields = []  # the ภาพประกอบ/gallery fields, kept whole: each photo line has its own line number
    for f in header.fields:
        key = canonical_key(f.key)
        if key is None:
            if f.key in ctx.extra_keys:
                check.extra[f.key] = f.value.strip()
                continue
            hint = suggest_keys(f.key)
            more = f"; did you mean {', '.join(hint)}?" if hint else "; see README 'writing a story'"
            problem(f.line, None, f"unknown key {f.key!r}{more}", f.value)
            continue
        if key in fields and key not in REPEATABLE:
            problem(f.line, key, f"given twice (first on line {fields[key][0][1]})", f.value)
            continue
        fields.setdefault(key, []).append((f.value.strip(), f.line))
        if key == "gallery":
            gallery_fields.append(f)

    def get(key) -> tuple[str, int]:
        return fields.get(key, [("", 1)])[0]

    def one_line(key) -> str:
        return " ".join(get(key)[0].split())

    for key in REQUIRED:
        if not get(key)[0]:
            problem(get(key)[1], key, "is required" + (" but empty" if key in fields else " but missing"))

    dates: dict[str, datetime] = {}
    for key in ("date", "modified"):
        text, line = get(key)
        if text:
            try:
                dates[key] = parse_thai_date(text)
            except ThaiDateError as err:
                problem(line, key, str(err), text)
    date, modified = dates.get("date"), dates.get("modified")
    check.date = date
    if date and modified and modified < date:
        problem(get("modified")[1], "modified", "is earlier than วันที่ (date)", get("modified")[0])
    year_dir = PurePosixPath(path).parent.name
    if date and re.fullmatch(r"\d{4}", year_dir) and int(year_dir) != date.year + BE_OFFSET:
        problem(get("date")[1], "date", f"the story is in folder {year_dir}/ but its year is "
                f"{date.year + BE_OFFSET}; move the file to the folder of its Buddhist-era year", get("date")[0])

    agency: Agency | None = None
    agency_text, line = get("agency")
    if agency_text:
        agency = ctx.registry.find_agency(agency_text)
        if agency is None:
            close = ctx.registry.suggest_agencies(agency_text)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            problem(line, "agency", f"unknown agency (not in agencies.toml){hint}", agency_text)

    province: Province | None = agency.home_province if agency else None
    province_text, line = get("province")
    if province_text:
        province = ctx.registry.find_province(province_text)
        if province is None:
            names = ", ".join(p.name for p in ctx.registry.provinces)
            problem(line, "province", f"unknown province; known: {names}", province_text)

    section = section_term(get("category")[0], ctx.slugger)
    tags = tag_terms(get("tags")[0], ctx.slugger)

    image, line = get("image")
    if image and (why := photo_path_problem(image, ctx)):
        problem(line, "image", why, image)
    gallery = read_gallery(gallery_lines(gallery_fields), ctx, problem)

    declared, line = get("id")
    try:
        check.story_id = story_id(declared or None, path)
    except StoryIdError as err:
        problem(line, "id", str(err), declared or PurePosixPath(path).name)

    legacy_urls: list[str] = []
    for value, line in fields.get("legacy_url", []):
        for url in (u.strip() for u in value.split(",") if u.strip()):
            try:
                parse_legacy_url(url)
            except LegacyUrlError as err:
                problem(line, "legacy_url", f"old address unusable for a redirect: {err}", url)
                continue
            if url not in legacy_urls:
                legacy_urls.append(url)

    legacy_reads = 0
    reads, line = get("legacy_reads")
    if reads:
        digits = to_arabic_digits(reads).replace(",", "")
        if digits.isdigit():
            legacy_reads = int(digits)
        else:
            problem(line, "legacy_reads", "must be a whole number", reads)

    status_text, line = get("status")
    check.status = Status.parse(status_text) if status_text else Status.PUBLISHED
    if check.status is None:
        known = ", ".join(f"{s.thai} ({s.value})" for s in Status)
        problem(line, "status", f"unknown status; use one of {known}", status_text)

    if check.problems:
        return check
    check.story = Story(
        id=check.story_id, title=one_line("title"), date=date, reporter=one_line("reporter"), agency=agency,
        province=province, body=header.body.rstrip(), modified=modified, editor=one_line("editor"),
        section=section, tags=tags, image=image, image_caption=one_line("image_caption"),
        image_alt=one_line("image_alt"), summary=get("summary")[0], status=check.status,
        correction=one_line("correction"), legacy_urls=tuple(legacy_urls), legacy_reads=legacy_reads,
        gallery=gallery, reporter_slug=reporter_slug(one_line("reporter"), ctx.registry, ctx.slugger),
        source_path=path,
    )
    return check


def read_story_file(path: str | Path, shown: str, ctx: StoryContext) -> StoryCheck:
    """Read and check one story file; `shown` is how messages name it (content/news/2561/x.md)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        return StoryCheck(shown, problems=[Problem(shown, 1, "file", f"not UTF-8 text ({err.reason}); "
                                                   "save it as UTF-8")])
    return read_story(text, shown, ctx)


def format_story_date(value: datetime) -> str:
    """How story files hold a date: 10 พฤษภาคม 2561 11:48:27 (seconds only when not zero)."""
    form = "full_seconds" if value.second else "full_clock"
    return format_thai_date(value, form)


TEMPLATE_KEYS = ("category", "tags", "image", "image_caption", "gallery", "summary")  # empty lines a new story shows


def gallery_line(photo: GalleryPhoto) -> str:
    """How a story file holds one gallery photo: `path | caption`, or `path | caption | alt text`."""
    return " | ".join([photo.image, photo.caption] + ([photo.alt] if photo.alt else []))


def write_story(story: Story, template: bool = False) -> str:
    """The story file's text: the Thai header (canonical order) and the body. read_story(write_story(s)) == s.
    template=True also writes the empty keys a writer fills in next (หมวด, ป้ายกำกับ, ภาพ, คำบรรยายภาพ, ภาพประกอบ,
    สรุป). The gallery is written one photo a line, indented under its key."""
    values = {
        "title": story.title,
        "date": format_story_date(story.date),
        "modified": format_story_date(story.modified) if story.modified else "",
        "reporter": story.reporter,
        "editor": story.editor,
        "agency": story.agency.abbr,
        "province": story.province.name,
        "category": story.section.name if story.section else "",
        "tags": ", ".join(t.name for t in story.tags),
        "image": story.image,
        "image_caption": story.image_caption,
        "image_alt": story.image_alt,
        "gallery": "".join(f"\n{gallery_line(p)}" for p in story.gallery),
        "summary": story.summary,
        "id": story.id,
        "status": story.status.thai,
        "correction": story.correction,
        "legacy_url": ", ".join(story.legacy_urls),
        "legacy_reads": str(story.legacy_reads) if story.legacy_reads else "",
    }
    always = ("title", "date", "reporter", "editor", "agency", "province", "id", "status")
    always += TEMPLATE_KEYS if template else ()
    lines = []
    for key in THAI_KEYS:
        value = values[key]
        if not value and key not in always:
            continue
        first, *more = value.split("\n")
        lines.append(f"{THAI_KEYS[key]}: {first}".rstrip())
        lines += [f"  {line.strip()}" for line in more if line.strip()]
    text = "\n".join(lines) + "\n"
    return f"{text}\n{story.body.rstrip()}\n" if story.body.strip() else text
