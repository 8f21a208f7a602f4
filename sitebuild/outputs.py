"""Applying a plan to output/: make the files whose fingerprint changed, write those whose bytes changed, delete
the owned files no longer planned; journaled, so an interrupted run is repaired by the next one.

Order: files pages link to (photos, cards, static files) first, then story pages, then lists, feeds, sitemaps and
maps; deletions last. Every write is a temporary file renamed over the old one (nuea.files), so a reader, nginx or
rsync sees each file old or new, never torn; the journal (the model's `journal` table, committed before the first
write) names every file the run may touch, so the next run (publish or full build) checks each of them again.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from nuea.files import write_atomic

from .model import SiteModel
from .plan import Job

# Folders (and root files) of output/ the build owns entirely: on a first run, files already there are adopted, so a
# stale one (a withdrawn story's page, an old card, a feed of a tag no story has any more) is removed.
OWNED = ("news", "drafts", "cards", "photos", "feeds", "tag", "section", "province", "agency", "reporter", "archive",
         "page", "api/stories", "images")
OWNED_ROOT_PREFIXES = ("sitemap", "news-sitemap")
COMMIT_EVERY = 500


@dataclass
class ApplyReport:
    planned: int = 0  # files in the plan
    made: int = 0  # files rendered or copied because an input changed
    written: list[str] = field(default_factory=list)  # files whose bytes changed
    deleted: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_size, st.st_mtime_ns


def adopt_owned(output: Path, model: SiteModel) -> int:
    """Register the files already in the owned folders as owned (unknown fingerprint)."""
    known, count = model.outputs(), 0
    folders = [output / f for f in OWNED if (output / f).is_dir()]
    files = [p for folder in folders for p in folder.rglob("*") if p.is_file() and not p.name.endswith((".gz", ".br"))]
    files += [p for p in output.glob("*") if p.is_file() and p.name.startswith(OWNED_ROOT_PREFIXES)
              and not p.name.endswith((".gz", ".br"))]
    for path in files:
        rel = path.relative_to(output).as_posix()
        if rel not in known:
            model.set_output(rel, None, None, None)
            count += 1
    return count


def recover(model: SiteModel, output: Path) -> list[str]:
    """After an interrupted run: every file it meant to write or delete is checked again by this one, and the
    temporary files it was writing (never visible under a real name) are removed."""
    journal = model.journal()
    if not journal:
        return []
    model.begin()
    for path in journal:
        model.set_output(path, None, None, None)
        target = output / path
        for tmp in target.parent.glob(f".{target.name}.*.tmp") if target.parent.is_dir() else ():
            tmp.unlink(missing_ok=True)
    model.clear_journal()
    model.commit()
    return sorted(journal)


def _crash_point() -> int | None:
    """SITEBUILD_CRASH_AFTER=N stops the process dead after N files were written (tests of the repair)."""
    value = os.environ.get("SITEBUILD_CRASH_AFTER")
    return int(value) if value else None


def _write_if_changed(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        raise RuntimeError(f"{path} is a folder; the build would write a file there") from None
    write_atomic(path, data)
    return True


def apply(jobs: list[Job], model: SiteModel, output: Path, check_files: bool, on_written=None,
          scope=None) -> ApplyReport:
    """Make what changed. check_files=True (full builds) also remakes a file that is missing or was touched;
    a fast publish trusts the model for files whose inputs did not change. Owned files no longer planned are
    deleted, within the sections the `scope` planned (plan.Scope; None: all)."""
    report = ApplyReport(planned=len(jobs))
    started = time.perf_counter()
    stored = model.outputs()
    todo = []
    for job in jobs:
        known = stored.get(job.path)
        if known is None or known[0] != job.fingerprint or known[3] != job.section:
            todo.append(job)
        elif check_files and _stat(output / job.path) != (known[1], known[2]):
            todo.append(job)
    planned = {job.path for job in jobs}
    covered = (lambda section: True) if scope is None else (lambda section: section is None or scope.covers(section))
    deletions = sorted(path for path, known in stored.items() if path not in planned and covered(known[3]))
    report.seconds["compare"] = time.perf_counter() - started
    if not todo and not deletions:
        return report
    actions = {job.path: "write" for job in todo}
    actions.update({path: "delete" for path in deletions})
    model.plan_journal(actions)

    started = time.perf_counter()
    model.begin()
    done, crash = 0, _crash_point()
    for phase in (1, 2, 3):
        for job in (j for j in todo if j.phase == phase):
            target = output / job.path
            data = Path(job.source).read_bytes() if job.source else job.make()
            if isinstance(data, str):
                data = data.encode("utf-8")
            if _write_if_changed(target, data):
                report.written.append(job.path)
                if on_written:
                    on_written(target)
                if crash is not None and len(report.written) >= crash:
                    os._exit(70)
            stat = _stat(target)
            model.set_output(job.path, job.fingerprint, *stat, job.section)
            report.made += 1
            done += 1
            if done % COMMIT_EVERY == 0:
                model.commit()
                model.begin()
    report.seconds["make"] = time.perf_counter() - started

    for path in deletions:
        target = output / path
        for twin in (target, target.with_name(target.name + ".gz"), target.with_name(target.name + ".br")):
            if twin.is_file() or twin.is_symlink():
                twin.unlink()
        _remove_empty_parents(target.parent, output)
        model.remove_output(path)
        report.deleted.append(path)
    model.clear_journal()
    model.commit()
    return report


def _remove_empty_parents(folder: Path, output: Path) -> None:
    output = output.resolve()
    folder = folder.resolve()
    while folder != output and folder.is_relative_to(output):
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = folder.parent
