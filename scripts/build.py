#!/usr/bin/env python3
"""Build the site (`make html`, `make publish`): the site build (sitebuild) with the site's settings: Pelican and
the plugins read what changed, the pages whose inputs changed are written.

A build stopped by bad content prints the plain list `make check` prints (one problem a line, whole paths) and
exits 1, with no traceback; any other failure is a bug and keeps its traceback.

  .venv/bin/python -m scripts.build [-s publishconf.py] [-o output] [-e KEY=JSON ...]
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from nuea.problems import ContentFailure
from nuea.site_settings import ROOT
from plugins.build_guard import BuildFailed


def build(settings_file: str | Path, output: str | Path | None = None, extra: dict | None = None):
    """Run one full build; raises ContentFailure for bad content. Returns the build's report."""
    from pelican.log import init as init_logging
    from pelican.settings import read_settings

    from sitebuild import full_build

    init_logging(level=logging.WARNING)
    override = dict(extra or {})
    if output:
        override["OUTPUT_PATH"] = str(Path(output).resolve())
    return full_build(read_settings(str(settings_file), override=override or None))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-s", "--settings", default=str(ROOT / "pelicanconf.py"), help="Pelican settings file")
    parser.add_argument("-o", "--output", help="output folder (default: OUTPUT_PATH of the settings)")
    parser.add_argument("-e", "--extra", nargs="*", default=[], metavar="KEY=JSON", help="override settings")
    parser.add_argument("--report", type=Path, help="also write the build's report (times, files) as JSON here")
    args = parser.parse_args(argv)
    extra = {}
    for item in args.extra:
        key, _, value = item.partition("=")
        extra[key] = json.loads(value)
    try:
        report = build(args.settings, args.output, extra)
    except (ContentFailure, BuildFailed) as failure:
        report = failure.report() if isinstance(failure, ContentFailure) else str(failure)
        print(report, file=sys.stderr)
        return 1
    print(report.summary())
    if args.report:
        args.report.write_text(report.to_json(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
