#!/usr/bin/env python3
"""Turn a legacy story page of the old office website into a story file.

Input: the page captured as text, or saved as HTML (any charset the page declares, e.g. windows-874).
Output: content/news/<BE year>/<id>.md (written by nuea.story.write_story) with headline, date, paragraphs,
reporter, editor, agency, the old read count (ยอดอ่านเดิม) and the old address(es) (ที่อยู่เดิม, for a redirect).
Site debris (heading, `echo Out`, LINE button, login box, footer) is dropped. Never overwrites an existing file.

  scripts/import_legacy.py page.txt --id hang-chat-gecc --legacy-url '/news/detail.php?id=1234' \\
      --category ข่าวภูมิภาค --tags 'ศูนย์ราชการสะดวก, GECC, กฟภ.'
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from legacy_import.story_file import PlacedPhoto, imported_story, story_file_text
from legacy_import.story_page import LegacyPageError, LegacyStory, read_legacy_page
from nuea.checks import display_path, story_context
from nuea.problems import report
from nuea.site_settings import ROOT, load_settings
from nuea.story import section_term, tag_terms
from nuea.story_ids import existing_ids, suggest_id
from nuea.thai_dates import BE_OFFSET


def read_page(path: Path) -> LegacyStory:
    """The story of one saved page (HTML in any charset the old site used, or captured text)."""
    return read_legacy_page(path.read_bytes(), path.name)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("page", type=Path, help="the legacy page: captured text (.txt) or saved HTML (.html)")
    parser.add_argument("--id", help="รหัส: ASCII story id (default: from the headline)")
    parser.add_argument("--legacy-url", default="", help="the page's old address, e.g. /news/detail.php?id=1234")
    parser.add_argument("--category", default="", help="หมวด, e.g. ข่าวภูมิภาค")
    parser.add_argument("--tags", default="", help="ป้ายกำกับ, comma-separated")
    parser.add_argument("--image", default="", help="ภาพ: images/<BE year>/<MM>/<name>.jpg (must exist)")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    parser.add_argument("--content", type=Path, help="content folder (default: PATH from the settings)")
    parser.add_argument("--output", type=Path, help="story file to write (default: content/news/<BE year>/<id>.md)")
    args = parser.parse_args(argv)
    try:
        path = import_page(args)
    except (LegacyPageError, OSError) as err:
        print(f"import_legacy: {args.page}: {err}", file=sys.stderr)
        return 1
    print(f"created {path}")
    return 0


def import_page(args) -> Path:
    settings = load_settings(args.settings, args.content)
    content = Path(settings["PATH"])
    story = read_page(args.page)
    ctx, problems = story_context(settings)
    if problems:
        raise LegacyPageError(report(problems))
    agency = ctx.registry.find_agency(story.agency)  # its name, or one of its aliases (content/agencies.toml)
    if agency is None:
        close = ctx.registry.suggest_agencies(story.agency)
        hint = f"; did you mean {', '.join(close)}?" if close else "; add the name to aliases of its agency"
        raise LegacyPageError(f"unknown agency {story.agency!r} (not in agencies.toml, nor an alias there){hint}")
    if story.photos and not args.image:
        print(f"import_legacy: {args.page}: the page shows {len(story.photos)} photo(s); this command does not "
              "copy them (give --image, or import the saved mirror with make import-archive)", file=sys.stderr)
    taken = existing_ids(content / "news")
    sid = args.id or suggest_id(story.title, taken)
    path = args.output or content / "news" / str(story.date.year + BE_OFFSET) / f"{sid}.md"
    if path.exists():
        raise LegacyPageError(f"{path} already exists; not overwriting it")
    if sid in taken and not args.output:
        raise LegacyPageError(f"story id {sid!r} is already used by another story; give --id")
    made = imported_story(story, story_id=sid, agency=agency, source_path=display_path(path, content),
                          legacy_urls=[u.strip() for u in args.legacy_url.split(",")],
                          section=section_term(args.category, ctx.slugger), tags=tag_terms(args.tags, ctx.slugger),
                          lead=PlacedPhoto(args.image, "") if args.image else None)
    text, problems = story_file_text(made, ctx)
    if problems:
        raise LegacyPageError("the imported story would not be valid:\n" + report(problems))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as f:  # "x": never overwrite, even in a race
        f.write(text)
    return path


if __name__ == "__main__":
    sys.exit(main())
