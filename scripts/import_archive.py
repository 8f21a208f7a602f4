#!/usr/bin/env python3
"""Import the whole old-site archive from a saved copy (`make import-archive MIRROR=path`).

MIRROR is a folder as `wget --mirror` leaves it: MIRROR/<host>/<section>/detail_new.php?id=N (or the
--restrict-file-names=windows form detail_new.php@id=N, with or without the .html of --adjust-extension), with the
photos the pages show. Every story page becomes content/news/<BE year>/<id>.md (id: the section's agency code and
the old id, e.g. lpg-41236) with its photos under content/images/<BE year>/<MM>/, its old addresses (ที่อยู่เดิม)
and old read count. Running it again reads only new or changed pages and never overwrites a story edited since
it was imported; an interrupted run (Ctrl-C, kill) resumes where it stopped. The report goes to var/import-report/.

Exit status: 0 every page accounted for without a problem, 1 some pages failed or conflicted (see the report),
2 bad arguments or settings, 130 interrupted.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from legacy_import.archive_group import ImportConfigError, ImportSettings
from legacy_import.archive_run import run_archive_import
from nuea.site_settings import ROOT


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mirror", type=Path, help="the saved copy: a folder holding one folder per host")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    parser.add_argument("--content", type=Path, help="content folder (default: PATH from the settings)")
    parser.add_argument("--state", type=Path, default=ROOT / "var" / "import-archive" / "state.sqlite3",
                        help="what earlier runs read and wrote (resume, reruns)")
    parser.add_argument("--report", type=Path, default=ROOT / "var" / "import-report",
                        help="folder for index.html, pages.csv, photos.csv (never under output/)")
    parser.add_argument("--workers", type=int, default=0, help="processes reading pages (default: one per CPU)")
    parser.add_argument("--category", default="ข่าวภูมิภาค", help="หมวด of every imported story")
    parser.add_argument("--reread", action="store_true",
                        help="read every page again, changed or not (e.g. photos replaced in the mirror)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    if not args.mirror.is_dir():
        print(f"import_archive: {args.mirror} is not a folder", file=sys.stderr)
        return 2
    content, output = _paths_of(args.settings, args.content)
    report = args.report.resolve()
    if report == output or output in report.parents:
        print(f"import_archive: the report must not go under output/ ({output}): it is published", file=sys.stderr)
        return 2
    config = ImportSettings(mirror=args.mirror.resolve(), content=content.resolve(), settings_file=args.settings,
                            category=args.category)
    try:
        result = _run(config, args)
    except ImportConfigError as err:
        print(f"import_archive: {err}", file=sys.stderr)
        return 2
    print(result.report.summary)
    if result.interrupted:
        return 130
    totals = result.report.totals
    return 1 if totals["failed"] or totals["conflict"] else 0


def _paths_of(settings: Path, content: Path | None) -> tuple[Path, Path]:
    """(content folder, output folder) of the site settings."""
    from nuea.site_settings import load_settings

    values = load_settings(settings, content)
    return Path(values["PATH"]).resolve(), Path(values["OUTPUT_PATH"]).resolve()


def _run(config: ImportSettings, args):
    if args.quiet or not sys.stderr.isatty():
        return run_archive_import(config, args.state, args.report, args.workers, reread=args.reread)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("นำเข้าคลังข่าว"), BarColumn(), MofNCompleteColumn(), TextColumn("pages"),
               TimeRemainingColumn())
    with Progress(*columns, transient=False) as bar:
        task = bar.add_task("import", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return run_archive_import(config, args.state, args.report, args.workers, progress, args.reread)


if __name__ == "__main__":
    sys.exit(main())
