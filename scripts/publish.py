#!/usr/bin/env python3
"""Publish added, corrected or withdrawn stories in seconds (`make publish-story FILES=...`), after a full build.

  .venv/bin/python scripts/publish.py content/news/2569/x.md [more files...] [--settings publishconf.py]

Rewrites only the output files the change affects (the story page, its lists, related neighbours, feeds, sitemap
and manifest parts, redirects, share card, photos; with publishconf.py also their .gz/.br twins) and prints one line.
Exit 0: the site is updated. 1: a story has problems (listed as `make check` lists them; nothing written).
2: a path is not a story file. 3: a full build is needed (a page, the registry, the theme, settings or code changed;
--full-if-needed runs it). 4: another build held the lock longer than --wait seconds.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from nuea.problems import ContentFailure
from nuea.site_settings import ROOT


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", help="story files (relative to the project folder, or absolute)")
    parser.add_argument("--settings", "-s", default=str(ROOT / "pelicanconf.py"), help="Pelican settings file")
    parser.add_argument("--full-if-needed", action="store_true", help="run a full build when a publish cannot")
    parser.add_argument("--wait", type=float, default=None, help="give up after this many seconds of waiting")
    parser.add_argument("--report", type=Path, help="also write the report (times, files) as JSON here")
    args = parser.parse_args(argv)

    from pelican.log import init as init_logging

    from sitebuild.publish import publish

    init_logging(level=logging.WARNING)
    try:
        report = publish(args.files, Path(args.settings), full_if_needed=args.full_if_needed, lock_timeout=args.wait)
    except ContentFailure as failure:
        print(failure.report(), file=sys.stderr)
        return getattr(failure, "exitcode", 1)
    except TimeoutError as failure:
        print(f"publish: {failure}", file=sys.stderr)
        return 4
    print(report.summary())
    if args.report:
        args.report.write_text(report.to_json(), encoding="utf-8")
    return 0


def exit_now(code: int) -> None:
    """Exit without freeing the site model object by object (~0.3 s at 10,000 stories): every file is written and
    closed by then; only the output streams and log handlers need flushing."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_now(main())
