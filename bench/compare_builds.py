#!/usr/bin/env python3
"""Build the real content with an earlier commit and with this checkout, then compare the outputs file by file.

    .venv/bin/python bench/compare_builds.py --base aeac5e5 [--settings pelicanconf.py publishconf.py]

Both builds run with SOURCE_DATE_EPOCH and the read-count source pinned, in fresh output and cache folders, so any
difference is a change of behaviour. `pagefind/` is left out (its files are not byte-stable between runs).
Differences are listed by kind; an HTML file whose differences vanish once both sides are parsed and serialised
the same way (the sanitizer re-serialises `<br />` as `<br>`) is reported as "same markup, re-serialised".
Exit status 0 when every difference is in --allow (glob patterns), 1 otherwise.
"""
from __future__ import annotations

import argparse
import fnmatch
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1796112000"  # 2026-12-01T08:00:00Z: a fixed "now" for both builds, after every real story
SKIP = ("pagefind/",)


def build(tree: Path, settings: str, out: Path, cache: Path, python: str) -> None:
    extra = {"PATH": str(tree / "content"), "OUTPUT_PATH": str(out), "CACHE_PATH": str(cache),
             "READ_COUNTS_SOURCE": str(out.parent / "no-counter.sqlite3")}
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "SITEURL": "https://nuea-news.example.go.th"}
    overrides = [f"{k}={json.dumps(v)}" for k, v in extra.items()]
    if (tree / "sitebuild").is_dir():  # the site build (since issue 14) is how this tree builds
        argv = [python, str(tree / "scripts" / "build.py"), "-s", str(tree / settings), "-o", str(out),
                "-e", *overrides]
    else:
        argv = [python, "-m", "pelican", str(tree / "content"), "-o", str(out), "-s", str(tree / settings),
                "--fatal", "errors", "-e", *overrides]
    result = subprocess.run(argv, cwd=tree, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"build of {tree} with {settings} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def files(root: Path) -> dict[str, Path]:
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if not rel.startswith(SKIP):
                found[rel] = path
    return found


def same_markup(a: bytes, b: bytes) -> bool:
    """True when two HTML documents are equal once both are parsed and serialised by the same parser."""
    import lxml.html

    def canon(data: bytes) -> bytes:
        return lxml.html.tostring(lxml.html.document_fromstring(data), encoding="utf-8")

    try:
        return canon(a) == canon(b)
    except Exception:  # noqa: BLE001 - not HTML after all
        return False


def compare(old: Path, new: Path) -> dict[str, list[str]]:
    before, after = files(old), files(new)
    report = {"only before": sorted(set(before) - set(after)), "only after": sorted(set(after) - set(before)),
              "different": [], "same markup, re-serialised": []}
    for rel in sorted(set(before) & set(after)):
        a, b = before[rel].read_bytes(), after[rel].read_bytes()
        if a == b:
            continue
        if rel.endswith(".html") and same_markup(a, b):
            report["same markup, re-serialised"].append(rel)
        else:
            report["different"].append(rel)
    report["identical"] = [str(len(set(before) & set(after)) - len(report["different"])
                               - len(report["same markup, re-serialised"]))]
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="the earlier commit (e.g. aeac5e5)")
    parser.add_argument("--settings", nargs="+", default=["pelicanconf.py", "publishconf.py"])
    parser.add_argument("--allow", nargs="*", default=[], help="glob patterns of files allowed to differ")
    parser.add_argument("--keep", type=Path, help="keep both outputs in this folder")
    args = parser.parse_args(argv)
    python = str(ROOT / ".venv" / "bin" / "python")
    work = Path(args.keep or tempfile.mkdtemp(prefix="compare-builds-"))
    base_tree = work / "base"
    if not base_tree.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(base_tree), args.base], cwd=ROOT, check=True,
                       capture_output=True)
    ok = True
    try:
        for settings in args.settings:
            name = Path(settings).stem
            build(base_tree, settings, work / f"before-{name}", work / f"cache-before-{name}", python)
            build(ROOT, settings, work / f"after-{name}", work / f"cache-after-{name}", python)
            report = compare(work / f"before-{name}", work / f"after-{name}")
            print(f"== {settings}: {report.pop('identical')[0]} files identical")
            for kind, names in report.items():
                allowed = [n for n in names if any(fnmatch.fnmatch(n, p) for p in args.allow)]
                print(f"  {kind}: {len(names)} ({len(allowed)} allowed)")
                for n in names:
                    print(f"    {'allowed ' if n in allowed else ''}{n}")
                if kind != "same markup, re-serialised" and len(allowed) < len(names):
                    ok = False
    finally:
        if not args.keep:
            subprocess.run(["git", "worktree", "remove", "--force", str(base_tree)], cwd=ROOT, capture_output=True)
    print("OK: only allowed differences" if ok else "DIFFERENT: see the lists above")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
