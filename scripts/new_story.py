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

from nuea.checks import story_context
from nuea.problems import report
from nuea.site_settings import ROOT, load_settings
from nuea.statuses import Status
from nuea.story import Story, read_story, section_term, tag_terms, write_story
from nuea.story_ids import existing_ids, is_valid_id, suggest_id
from nuea.thai_dates import BANGKOK, BE_OFFSET, parse_thai_date

BODY_PLACEHOLDER = "<!-- เขียนเนื้อข่าวต่อจากบรรทัดนี้ ย่อหน้าละหนึ่งบรรทัด เว้นบรรทัดว่างระหว่างย่อหน้า -->"


class StoryInputError(Exception):
    pass


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
    shown = str(path.relative_to(content.parent))
    draft = Story(id=sid, title=" ".join(title.split()), date=now, reporter=" ".join(reporter.split()),
                  agency=agency, province=agency.home_province, body=args.body.strip() or BODY_PLACEHOLDER,
                  editor=" ".join(editor.split()), section=section_term(category, ctx.slugger),
                  tags=tag_terms(tags, ctx.slugger), summary=args.summary.strip(),
                  status=Status.PUBLISHED if args.publish else Status.DRAFT, source_path=shown)
    text = write_story(draft, template=True)
    check = read_story(text, shown, ctx)  # read back as the build will
    if check.problems:
        raise StoryInputError("the story would not be valid:\n" + report(check.problems))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as f:  # "x": never overwrite
        f.write(text)
    return path


if __name__ == "__main__":
    sys.exit(main())
