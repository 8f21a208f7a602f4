"""Bringing the public site up to date after stories changed: the one place a publish reaches the site.

`update_site(paths, settings_file, htdocs)` is the whole of it. It runs the fast path (sitebuild.publish.publish,
the same code as `make publish-story`): only the output files the changed stories affect are rewritten; when the
fast path says it cannot judge the change (a page, the registry, the theme, settings, no full build yet) or a path
is not a story, it runs a full build (scripts.build.build, the same code as `make html` / `make publish`). With
`htdocs` (production: the folder nginx serves) the output is then copied there, atomically (temp file + rename),
new files before the pages that use them, removed files last, the .gz/.br twins of `make publish` with their pages:
after a fast publish only the files it wrote or deleted, after a full build every changed file. A changed nginx map
(withdrawn*.map, legacy-*.map) is then noticed by deploy/systemd/nuea-nginx-maps.path, which reloads nginx.

Run by the newsroom's job worker in a child process (Pelican keeps global state, and a build must not share the
server's memory): `python -m newsroom.site_update SETTINGS [--htdocs DIR] [PATH...]` (paths under content/, as
the newsroom names stories: news/2569/x.md). It prints the publish's one-line summary.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import sys
import tempfile
from pathlib import Path

from nuea.problems import ContentFailure
from nuea.site_settings import load_settings
from plugins.build_guard import BuildFailed
from scripts.build import build


def update_site(paths: list[str], settings_file: str | Path, htdocs: str | Path | None = None) -> str:
    """Make the site show the current content/ (`paths`: the story files that changed, under content/); returns
    the summary line of what was done."""
    from sitebuild import NeedsFullBuild, NotAStory
    from sitebuild.publish import publish

    settings = load_settings(settings_file)
    content = Path(settings["PATH"])
    files = [p if Path(p).is_absolute() else content / p for p in paths]
    report, fast, why = None, bool(files), ""
    if fast:
        try:
            report = publish(files, settings_file, settings=settings)
        except (NeedsFullBuild, NotAStory) as reason:
            report, fast = None, False
            why = str(reason).splitlines()[0]
    if not fast:
        report = build(settings_file)
        if files:
            report.notes.insert(0, f"a full build ran: {why}")
    if htdocs:
        output = Path(settings["OUTPUT_PATH"])
        if fast:
            sync_files(output, Path(htdocs), report.written, report.applied.deleted)
        else:
            sync_tree(output, Path(htdocs))
    return report.summary()


def _copy_atomic(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        shutil.copy2(source, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _order(rel: str) -> tuple:
    """Assets first, pages after them, the maps last of all (so nginx reloads onto a complete site)."""
    name = Path(rel).name
    base = name.removesuffix(".gz").removesuffix(".br")
    return (name.endswith(".map"),  # nginx maps, read at (re)load only: last
            base.endswith((".html", ".xml", ".json", ".rss", ".atom")), rel)


def sync_tree(source: Path, target: Path) -> dict[str, int]:
    """Copy `source` over `target`: changed and new files (atomically), then remove what `source` no longer has.
    Returns counts {'copied': n, 'removed': n}."""
    source, target = Path(source), Path(target)
    target.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for dirpath, _dirs, files in os.walk(source):
        for name in files:
            wanted.add(os.path.relpath(os.path.join(dirpath, name), source).replace(os.sep, "/"))
    copied = 0
    for rel in sorted(wanted, key=_order):
        src, dst = source / rel, target / rel
        if dst.is_file() and dst.stat().st_size == src.stat().st_size and filecmp.cmp(src, dst, shallow=False):
            continue
        _copy_atomic(src, dst)
        copied += 1
    removed = 0
    for dirpath, _subdirs, files in os.walk(target, topdown=False):
        for name in files:
            rel = os.path.relpath(os.path.join(dirpath, name), target).replace(os.sep, "/")
            if rel not in wanted:
                os.unlink(os.path.join(dirpath, name))
                removed += 1
        if Path(dirpath) != target and not os.listdir(dirpath):
            os.rmdir(dirpath)
    return {"copied": copied, "removed": removed}


TWINS = ("", ".gz", ".br")


def sync_files(source: Path, target: Path, written: list[str], deleted: list[str]) -> dict[str, int]:
    """Copy the files a publish wrote (with their twins) from `source` to `target`, then remove the ones it
    deleted (and their twins). Returns counts {'copied': n, 'removed': n}."""
    copies = {rel + twin for rel in written for twin in TWINS if (source / (rel + twin)).is_file()}
    copied = 0
    for rel in sorted(copies, key=_order):
        _copy_atomic(source / rel, target / rel)
        copied += 1
    removed = 0
    for rel in sorted(deleted, key=_order):
        for twin in TWINS:
            path = target / (rel + twin)
            if path.is_file() and not (source / (rel + twin)).exists():
                path.unlink()
                removed += 1
    return {"copied": copied, "removed": removed}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("settings")
    parser.add_argument("--htdocs", default="")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args(argv)
    try:
        print(update_site(args.paths, args.settings, args.htdocs or None))
    except (ContentFailure, BuildFailed) as failure:
        print(failure.report() if isinstance(failure, ContentFailure) else str(failure), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
