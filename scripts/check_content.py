#!/usr/bin/env python3
"""Report every content problem at once (`make check`): file:line: field: message. Exits 1 on any problem."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

import markdown  # noqa: E402
from images.content_checks import photo_alt_problems, photo_file_problems  # noqa: E402
from thai_metadata.checks import check_content, display_path  # noqa: E402
from thai_metadata.problems import Problem, report  # noqa: E402


def photo_problems(settings: dict):
    """A check for check_content: photos without alt text, missing, of an unaccepted format or too large."""
    def check(path, story, body) -> list[Problem]:
        html = markdown.markdown(body)
        shown = display_path(path, settings["PATH"])
        messages = photo_alt_problems(path, story.values, html) + photo_file_problems(
            path, settings["PATH"], story.values, html)
        return [Problem(shown, 1, "ภาพ (image)", m.removeprefix(f"{path}: ")) for m in messages]

    return check


def load_settings(conf: Path, content: Path | None) -> dict:
    import logging

    from pelican.settings import read_settings

    logging.getLogger("pelican").setLevel(logging.ERROR)  # its settings warnings are not content problems
    override = {"PATH": str(content.resolve())} if content else None
    return read_settings(str(conf) if conf.exists() else None, override=override)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py", help="Pelican settings file")
    parser.add_argument("--content", type=Path, help="content folder (default: PATH from the settings)")
    args = parser.parse_args(argv)
    settings = load_settings(args.settings, args.content)
    problems, count = check_content(settings, extra_checks=[photo_problems(settings)])
    if problems:
        print(report(problems), file=sys.stderr)
        n = len(problems)
        print(f"{n} problem{'s' if n != 1 else ''} ({count} stories checked); fix them and run `make check` again.",
              file=sys.stderr)
        return 1
    print(f"{count} stories checked, no problems.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
