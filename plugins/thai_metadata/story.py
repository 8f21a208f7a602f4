"""One story file's header -> the canonical metadata values, plus every problem found in it.

Pure: plain Python values in and out (no Pelican objects); the reader turns them into Pelican's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .header import Header
from .keys import canonical_key, label, suggest_keys
from .problems import Problem
from .registry import Registry
from .slugs import thai_slug
from .story_ids import StoryIdError, story_id
from .thai_dates import ThaiDateError, parse_thai_date, to_arabic_digits

STATUS = {"เผยแพร่": "published", "published": "published", "ร่าง": "draft", "draft": "draft"}
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
REQUIRED = ("title", "date", "reporter", "agency")


@dataclass
class StoryContext:
    registry: Registry
    slug_map: dict[str, str] = field(default_factory=dict)
    content_root: Path | None = None  # for checking that images exist; None skips the check
    extra_keys: tuple[str, ...] = ()


@dataclass
class Story:
    """Canonical metadata of one story (values only; what is missing or wrong is in the problems)."""

    values: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_story(header: Header, path: str, ctx: StoryContext) -> Story:
    """Check a story header and produce its canonical values; every problem is collected, none raised."""
    story = Story()
    v = story.values

    def problem(line, canonical, message, value=None):
        story.problems.append(Problem(path, line, label(canonical) if canonical else "header", message, value))

    for line, text in header.bad_lines:
        problem(line, None, "not a 'key: value' line; leave one blank line between the header and the story", text)

    fields: dict[str, tuple[str, int, str]] = {}  # canonical -> (value, line, key as typed)
    for f in header.fields:
        key = canonical_key(f.key)
        if key is None:
            if f.key in ctx.extra_keys:
                v[f.key] = f.value
                continue
            hint = suggest_keys(f.key)
            more = f"; did you mean {', '.join(hint)}?" if hint else "; see README 'writing a story'"
            problem(f.line, None, f"unknown key {f.key!r}{more}", f.value)
            continue
        if key in fields:
            problem(f.line, key, f"given twice (first on line {fields[key][1]})", f.value)
            continue
        fields[key] = (f.value.strip(), f.line, f.key)

    def get(key):
        value, line, _ = fields.get(key, ("", 1, ""))
        return value, line

    for key in REQUIRED:
        if not get(key)[0]:
            line = fields[key][1] if key in fields else 1
            problem(line, key, "is required" + (" but empty" if key in fields else " but missing"))

    title, _ = get("title")
    if title:
        v["title"] = " ".join(title.split())

    for key in ("date", "modified"):
        text, line = get(key)
        if text:
            try:
                v[key] = parse_thai_date(text)
            except ThaiDateError as err:
                problem(line, key, str(err), text)
    if "date" in v and "modified" in v and v["modified"] < v["date"]:
        problem(get("modified")[1], "modified", "is earlier than วันที่ (date)", get("modified")[0])
    year_dir = PurePosixPath(path).parent.name
    if "date" in v and re.fullmatch(r"\d{4}", year_dir) and int(year_dir) != v["date"].year + 543:
        problem(get("date")[1], "date", f"the story is in folder {year_dir}/ but its year is {v['date'].year + 543}; "
                "move the file to the folder of its Buddhist-era year", get("date")[0])

    v["reporter"] = " ".join(get("reporter")[0].split())
    v["editor"] = " ".join(get("editor")[0].split())

    agency_text, line = get("agency")
    agency = None
    if agency_text:
        agency = ctx.registry.find_agency(agency_text)
        if agency is None:
            close = ctx.registry.suggest_agencies(agency_text)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            problem(line, "agency", f"unknown agency (not in agencies.toml){hint}", agency_text)
        else:
            v["agency"] = agency

    province_text, line = get("province")
    if province_text:
        province = ctx.registry.find_province(province_text)
        if province is None:
            names = ", ".join(p.name for p in ctx.registry.provinces)
            problem(line, "province", f"unknown province; known: {names}", province_text)
        else:
            v["province"], v["province_slug"] = province.name, province.slug
    elif agency is not None:
        v["province"], v["province_slug"] = agency.province, agency.province_slug

    category, _ = get("category")
    if category:
        v["category"] = (category, thai_slug(category, ctx.slug_map))
    tags_text, line = get("tags")
    if tags_text:
        names = [t.strip() for t in re.split(r"[,;،、\n]", tags_text) if t.strip()]
        by_slug = {}  # one tag per slug: ศูนย์ราชการสะดวก and GECC may both map to gecc
        for name in names:
            by_slug.setdefault(thai_slug(name, ctx.slug_map), name)
        v["tags"] = [(name, slug) for slug, name in by_slug.items()]

    image, line = get("image")
    if image:
        if image.startswith(("/", "http:", "https:")) or ".." in image.split("/"):
            problem(line, "image", "give the path under content/, e.g. images/2561/05/hang-chat-gecc.jpg", image)
        elif not image.lower().endswith(IMAGE_SUFFIXES):
            problem(line, "image", f"not an image file name ({', '.join(IMAGE_SUFFIXES)})", image)
        elif ctx.content_root is not None and not (ctx.content_root / image).is_file():
            problem(line, "image", f"file not found under {ctx.content_root}", image)
        else:
            v["image"] = image
    caption, _ = get("image_caption")
    if caption:
        v["image_caption"] = " ".join(caption.split())
    summary, _ = get("summary")
    if summary:
        v["summary"] = summary

    declared, line = get("id")
    try:
        v["story_id"] = story_id(declared or None, path)
    except StoryIdError as err:
        problem(line, "id", str(err), declared or PurePosixPath(path).name)

    legacy_url, line = get("legacy_url")
    if legacy_url:
        if not legacy_url.startswith(("/", "http://", "https://")):
            problem(line, "legacy_url", "must start with / or http(s)://", legacy_url)
        else:
            v["legacy_url"] = legacy_url
    reads, line = get("legacy_reads")
    v["legacy_reads"] = 0
    if reads:
        digits = to_arabic_digits(reads).replace(",", "")
        if digits.isdigit():
            v["legacy_reads"] = int(digits)
        else:
            problem(line, "legacy_reads", "must be a whole number", reads)

    status, line = get("status")
    v["status"] = "published"
    if status:
        if status.lower() in STATUS:
            v["status"] = STATUS[status.lower()]
        else:
            problem(line, "status", "must be เผยแพร่ (published) or ร่าง (draft)", status)
    return story
