#!/usr/bin/env python3
"""Create a new story file (`make story`): content/news/<BE year>/<id>.md with every Thai key filled.

Fields come from the arguments, or are asked for (in Thai) when missing and a terminal is attached.
The date is now, in the Buddhist era; the agency must be in content/agencies.toml. Never overwrites a file.
"""
from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "scripts"))

from check_content import load_settings  # noqa: E402
from thai_metadata.checks import story_context  # noqa: E402
from thai_metadata.header import parse_header  # noqa: E402
from thai_metadata.keys import canonical_key  # noqa: E402
from thai_metadata.problems import report  # noqa: E402
from thai_metadata.slugs import thai_slug  # noqa: E402
from thai_metadata.story import read_story  # noqa: E402
from thai_metadata.story_ids import is_valid_id  # noqa: E402
from thai_metadata.thai_dates import BANGKOK, BE_OFFSET, format_thai_date, parse_thai_date  # noqa: E402

BODY_PLACEHOLDER = "<!-- เขียนเนื้อข่าวต่อจากบรรทัดนี้ ย่อหน้าละหนึ่งบรรทัด เว้นบรรทัดว่างระหว่างย่อหน้า -->"


class StoryInputError(Exception):
    pass


def suggest_id(title: str, taken: set[str], max_words: int = 6) -> str:
    """A readable ASCII id from the headline's first words (romanised), unique among `taken`."""
    words = thai_slug(title).split("-")[:max_words]
    base = "-".join(words)[:60].strip("-") or "story"
    sid, n = base, 2
    while sid in taken:
        sid, n = f"{base}-{n}", n + 1
    return sid


def story_text(fields: dict, body: str = "") -> str:
    """The story file: the Thai header (every key, empty ones included) and the body."""
    keys = [
        ("หัวข้อ", "title"), ("วันที่", "date"), ("ข่าวโดย", "reporter"), ("บรรณาธิการ", "editor"),
        ("หน่วยงาน", "agency"), ("จังหวัด", "province"), ("หมวด", "category"), ("ป้ายกำกับ", "tags"),
        ("ภาพ", "image"), ("คำบรรยายภาพ", "image_caption"), ("สรุป", "summary"), ("รหัส", "id"),
        ("สถานะ", "status"),
    ]
    header = "\n".join(f"{thai}: {fields.get(key, '')}".rstrip() for thai, key in keys)
    return f"{header}\n\n{body.strip() or BODY_PLACEHOLDER}\n"


def ask(prompt: str, default: str = "") -> str:
    shown = f"{prompt} [{default}]: " if default else f"{prompt}: "
    answer = input(shown).strip()
    return answer or default


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--title", help="หัวข้อ: the headline")
    parser.add_argument("--reporter", help="ข่าวโดย: who wrote it")
    parser.add_argument("--editor", default=None, help="บรรณาธิการ (may be empty)")
    parser.add_argument("--agency", help="หน่วยงาน: abbreviation, name or code from content/agencies.toml")
    parser.add_argument("--category", default=None, help="หมวด, e.g. ข่าวภูมิภาค")
    parser.add_argument("--tags", default=None, help="ป้ายกำกับ, comma-separated")
    parser.add_argument("--summary", default="", help="สรุป")
    parser.add_argument("--id", help="รหัส: ASCII story id (default: romanised headline)")
    parser.add_argument("--date", help="วันที่ (default: now, Buddhist era)")
    parser.add_argument("--body", default="", help="story text (Markdown)")
    parser.add_argument("--publish", action="store_true", help="สถานะ เผยแพร่ (default ร่าง: a draft)")
    parser.add_argument("--no-input", action="store_true", help="never ask; missing required fields are an error")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    parser.add_argument("--content", type=Path, help="content folder (default: PATH from the settings)")
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    interactive = not args.no_input and sys.stdin.isatty()
    try:
        path = create_story(args, interactive)
    except StoryInputError as err:
        print(f"new_story: {err}", file=sys.stderr)
        return 1
    print(f"created {path}")
    return 0


def create_story(args, interactive: bool) -> Path:
    settings = load_settings(args.settings, args.content)
    content = Path(settings["PATH"])
    ctx, problems = story_context(settings)
    if problems:
        raise StoryInputError(report(problems))
    registry = ctx.registry

    def need(value, prompt):
        if value is None and interactive:
            value = ask(prompt)
        if not (value or "").strip():
            raise StoryInputError(f"{prompt} is required (give it as an argument or run in a terminal)")
        return value.strip()

    title = need(args.title, "หัวข้อ (headline)")
    reporter = need(args.reporter, "ข่าวโดย (reporter)")
    if args.agency is None and interactive:
        for i, a in enumerate(registry.agencies, 1):
            print(f"  {i}. {a.abbr}  {a.name}")
    agency_text = need(args.agency, "หน่วยงาน (number or name)")
    if agency_text.isdigit() and 1 <= int(agency_text) <= len(registry.agencies):
        agency = registry.agencies[int(agency_text) - 1]
    else:
        agency = registry.find_agency(agency_text)
    if agency is None:
        close = registry.suggest_agencies(agency_text)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise StoryInputError(f"unknown agency {agency_text!r}{hint}")

    def optional(value, prompt, default=""):
        if value is not None:
            return value
        return ask(prompt, default) if interactive else default

    editor = optional(args.editor, "บรรณาธิการ (editor, may be empty)")
    category = optional(args.category, "หมวด (category)", "ข่าวภูมิภาค")
    tags = optional(args.tags, "ป้ายกำกับ (tags, comma-separated)")

    now = parse_thai_date(args.date) if args.date else datetime.now(BANGKOK).replace(second=0, microsecond=0)
    taken = existing_ids(content / "news")
    sid = optional(args.id, "รหัส (ASCII id for the URL)", suggest_id(title, taken))
    if not is_valid_id(sid):
        raise StoryInputError(f"รหัส {sid!r} must be lowercase a-z, 0-9 and hyphens, e.g. hang-chat-gecc")
    if sid in taken:
        raise StoryInputError(f"รหัส {sid!r} is already used by another story; choose another")

    path = content / "news" / str(now.year + BE_OFFSET) / f"{sid}.md"
    if path.exists():
        raise StoryInputError(f"{path} already exists; not overwriting it")
    fields = {
        "title": title, "date": format_thai_date(now, "full_time"), "reporter": reporter, "editor": editor,
        "agency": agency.abbr, "province": agency.province, "category": category, "tags": tags,
        "summary": args.summary, "id": sid, "status": "เผยแพร่" if args.publish else "ร่าง",
    }
    text = story_text(fields, args.body)
    story = read_story(parse_header(text), str(path.relative_to(content.parent)), ctx)
    if story.problems:
        raise StoryInputError("the story would not be valid:\n" + report(story.problems))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as f:  # "x": never overwrite
        f.write(text)
    return path


def existing_ids(folder: Path) -> set[str]:
    """Ids already used: each story's รหัส/id, else its file name."""
    ids = set()
    for p in folder.rglob("*.md"):
        fields = parse_header(p.read_text(encoding="utf-8", errors="replace")).fields
        declared = [f.value.strip() for f in fields if canonical_key(f.key) == "id" and f.value.strip()]
        ids.add(declared[0] if declared else p.stem)
    return ids


if __name__ == "__main__":
    sys.exit(main())
