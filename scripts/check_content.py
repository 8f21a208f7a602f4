#!/usr/bin/env python3
"""Report every content problem at once (`make check`): file:line: field: message. Exits 1 when a story going out
(published, or scheduled and due) has a problem; problems of drafts are listed too, marked, and do not fail."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nuea.checks import ContentCheck, check_content
from nuea.clock import build_now
from nuea.problems import report
from nuea.site_settings import ROOT, load_settings
from plugins.images.content_checks import story_photo_rule


def run_checks(settings: dict) -> ContentCheck:
    return check_content(settings, build_now(settings), rules=[story_photo_rule(settings)])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py", help="Pelican settings file")
    parser.add_argument("--content", type=Path, help="content folder (default: PATH from the settings)")
    args = parser.parse_args(argv)
    result = run_checks(load_settings(args.settings, args.content))
    count = len(result.checks)
    if not result.problems:
        print(f"{count} stories checked, no problems.")
        return 0
    print(report(result.problems), file=sys.stderr)
    blocking, waiting = len(result.blocking), len(result.problems) - len(result.blocking)
    in_drafts = f"{waiting} in stories not published, which do not stop the build" if waiting else ""
    if blocking:
        also = f"; {in_drafts}" if in_drafts else ""
        print(f"{blocking} problem{'s' if blocking != 1 else ''} ({count} stories checked){also}; "
              "fix them and run `make check` again.", file=sys.stderr)
        return 1
    print(f"{count} stories checked, no problems in stories going out; {in_drafts}.")
    return 0

if __name__ == "__main__":
    sys.exit(main())
