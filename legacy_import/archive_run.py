"""Import a whole saved mirror: find every page, group the pages of each story, import the groups in parallel,
record every outcome in the state file, and write the report. Rerunning reads only new or changed pages.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import re
import signal
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nuea.files import remove_temp_files
from nuea.header import parse_header
from nuea.keys import canonical_key

from . import archive_group
from .archive_group import GroupImporter, GroupResult, GroupTask, ImportConfigError, ImportSettings, PageTask
from .archive_report import ReportFiles, write_report
from .archive_state import ArchiveState, PageRow, StateMismatch
from .mirror_paths import normal_address, old_address, shown_path, story_address

# files that are not pages (photos, styles, scripts, documents): counted, never read as pages
ASSET_SUFFIXES = {".jpg", ".jpeg", ".jpe", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".ico", ".svg",
                  ".css", ".js", ".swf", ".flv", ".mp3", ".mp4", ".wmv", ".avi", ".pdf", ".doc", ".docx", ".xls",
                  ".xlsx", ".ppt", ".pptx", ".zip", ".rar", ".txt", ".xml", ".json", ".woff", ".woff2", ".ttf",
                  ".eot"}
_QUERY_START = re.compile(r"[?@]")


@dataclass(frozen=True)
class MirrorPage:
    page: str  # below the mirror folder, as text (bytes that are not UTF-8 as \\xNN)
    file: str  # the same, as the file system has it
    host: str
    address: str
    size: int
    mtime_ns: int
    key: str  # "lampang/41236" for a story address, else ""


@dataclass
class MirrorScan:
    pages: list[MirrorPage] = field(default_factory=list)
    other_files: int = 0  # photos, styles... below a host folder
    outside: list[str] = field(default_factory=list)  # files not below a host folder (ignored)


def is_page_name(name: str) -> bool:
    base = _QUERY_START.split(name, 1)[0]
    return os.path.splitext(base)[1].lower() not in ASSET_SUFFIXES


def scan_mirror(mirror: Path) -> MirrorScan:
    """Every file of MIRROR/<host>/...: pages (by name) with their old address, and the count of other files."""
    scan = MirrorScan()
    for entry in sorted(os.scandir(mirror), key=lambda e: e.name):
        if not entry.is_dir():
            scan.outside.append(entry.name)
            continue
        host = entry.name
        for folder, dirs, files in os.walk(entry.path):
            dirs.sort()
            rel_folder = os.path.relpath(folder, entry.path)
            for name in sorted(files):
                if not is_page_name(name):
                    scan.other_files += 1
                    continue
                rel = name if rel_folder == "." else f"{rel_folder}/{name}"
                st = os.stat(os.path.join(folder, name))
                address = old_address(os.fsencode(rel))
                found = story_address(address)
                shown = shown_path(f"{host}/{rel}")
                scan.pages.append(MirrorPage(shown, f"{host}/{rel}", host, address, st.st_size, st.st_mtime_ns,
                                             found.key if found else ""))
    return scan


@dataclass
class HandStories:
    """Stories under content/news not written by the importer: their ids and old addresses."""

    ids: dict[str, str] = field(default_factory=dict)  # id -> content/news/.../x.md
    addresses: dict[str, tuple[str, str]] = field(default_factory=dict)  # old address -> (id, content/news/...)


def scan_hand_stories(content: Path, ours: set[str]) -> HandStories:
    found = HandStories()
    for folder, _, names in os.walk(content / "news"):
        rel_folder = Path(folder).relative_to(content).as_posix()
        for name in names:
            rel = f"{rel_folder}/{name}"
            if not name.endswith(".md") or rel in ours:
                continue
            try:
                header = parse_header((Path(folder) / name).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
            values = {canonical_key(f.key): f.value.strip() for f in header.fields}
            sid = values.get("id") or name[:-3]
            found.ids[sid] = f"content/{rel}"
            urls = [u for f in header.fields if canonical_key(f.key) == "legacy_url" for u in f.value.split(",")]
            for url in urls:  # ที่อยู่เดิม: comma-separated, or on repeated lines (the story contract)
                if url.strip():
                    found.addresses[normal_address(url)] = (sid, f"content/{rel}")
    return found


def remove_part_files(content: Path) -> None:
    """Temporary files a killed run left behind (never a story: Pelican reads .md files only)."""
    for folder in ("news", "images"):
        remove_temp_files(content / folder, archive_group.TEMP_TAG)


@dataclass
class RunResult:
    report: ReportFiles
    interrupted: bool = False
    read: int = 0  # pages read by this run
    skipped: int = 0  # pages unchanged since the last run (not read)
    actions: dict[str, int] = field(default_factory=dict)  # story files this run: new / updated / same


def plan_tasks(scan: MirrorScan, rows: dict[str, PageRow], files: dict[str, tuple[str, str]],
               hand: HandStories, importer: GroupImporter, reread: bool = False) -> tuple[list[GroupTask], list]:
    """(groups to read, pages skipped because nothing about them changed); reread: skip none."""
    groups: dict[str, list[MirrorPage]] = defaultdict(list)  # story id (or "?section/id") -> its pages
    lone = []
    for page in scan.pages:
        if page.key:
            groups[importer.story_id(page.key) or "?" + page.key].append(page)
        else:
            lone.append(page)
    members: dict[str, set[str]] = defaultdict(set)
    for row in rows.values():
        if row.group_key:
            members[row.group_key].add(row.page)
    story_files: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for path, (sha, sid) in files.items():
        story_files[sid].append((path, sha))
    tasks, skipped = [], []

    def page_task(p: MirrorPage) -> PageTask:
        row = rows.get(p.page)
        return PageTask(p.page, p.file, p.host, p.address, p.size, p.mtime_ns, row.sha256 if row else "")

    def unchanged(pages: list[MirrorPage]) -> tuple[bool, bool]:
        """(same stat, same configuration) for every page."""
        prev = [rows.get(p.page) for p in pages]
        same_config = not reread and all(r is not None and r.fingerprint == importer.fingerprint for r in prev)
        same_stat = same_config and all(r.size == p.size and r.mtime_ns == p.mtime_ns
                                        for r, p in zip(prev, pages, strict=True))
        return same_stat, same_config

    for page in lone:
        same_stat, same_config = unchanged([page])
        if same_stat:
            skipped.append(page)
        else:
            tasks.append(GroupTask("", (page_task(page),), force=not same_config))
    for key, pages in groups.items():
        same_stat, same_config = unchanged(pages)
        same_members = members.get(key, set()) == {p.page for p in pages}
        if same_stat and same_members:
            skipped.extend(pages)
            continue
        sid = "" if key.startswith("?") else key
        # a file with the story's own id is no other story: an earlier run stopped before recording it (adopted
        # when identical) or a hand-made one (a conflict); the group decides once it knows the story's path
        claims = [hand.addresses[p.address] for p in pages if p.address in hand.addresses]
        claimed = next((f"{cid} ({path})" for cid, path in claims if cid != sid), "")
        tasks.append(GroupTask(key, tuple(page_task(p) for p in pages), sid, force=not (same_config and same_members),
                               prev_files=tuple(sorted(story_files.get(sid, []))), claimed_by=claimed,
                               id_taken_by=hand.ids.get(sid, "")))
    tasks.sort(key=lambda t: (-len(t.pages), t.pages[0].page))  # big groups first: the pool ends evenly
    return tasks, skipped


def _record(state: ArchiveState, result: GroupResult, fingerprint: str) -> None:
    if result.unchanged:
        for p in result.pages:
            state.touch_page(p.page, p.size, p.mtime_ns)
        return
    for p in result.pages:
        state.record_page(PageRow(p.page, p.size, p.mtime_ns, p.sha256, fingerprint, result.key, p.outcome,
                                  p.story_id, p.story_file, p.reason, p.line,
                                  json.dumps(p.details, ensure_ascii=False), state.run_id))
    sid = next((p.story_id for p in result.pages if p.outcome == "imported"), "")
    for path, sha in result.files.items():
        state.record_file(path, sha, sid)
    for path in result.removed:
        state.forget_file(path)


def run_archive_import(config: ImportSettings, state_path: Path, report_dir: Path, workers: int = 0,
                       progress: Callable[[int, int], None] | None = None, reread: bool = False) -> RunResult:
    """Import config.mirror into config.content. progress(done, total) is called as pages are accounted for;
    reread reads every page again (a photo replaced in the mirror while its page stayed the same)."""
    importer = GroupImporter(config)
    state = ArchiveState(state_path)
    try:
        state.claim_content(importer.content.resolve())
    except StateMismatch as err:
        state.close()
        raise ImportConfigError(str(err)) from None
    run_id = state.start_run(str(config.mirror))
    remove_part_files(importer.content)
    scan = scan_mirror(config.mirror)
    rows, files = state.pages(), state.files()
    hand = scan_hand_stories(importer.content, set(files))
    tasks, skipped = plan_tasks(scan, rows, files, hand, importer, reread)
    total = len(scan.pages)
    done = len(skipped)
    this_run = {p.page: "unchanged" for p in skipped}
    result = RunResult(report=None, skipped=len(skipped))
    if progress:
        progress(done, total)

    stop: list[int] = []  # Ctrl-C or kill: finish recording the group at hand, then stop (never half a group)
    previous = {sig: signal.signal(sig, lambda signum, frame: stop.append(signum))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    pool = None
    try:
        if tasks:
            workers = workers or os.cpu_count() or 1
            pool = multiprocessing.get_context("fork").Pool(workers, archive_group.init_worker, (config,))
            for group in pool.imap_unordered(archive_group.import_group, tasks, chunksize=8):
                _record(state, group, importer.fingerprint)
                for p in group.pages:
                    this_run[p.page] = "unchanged" if group.unchanged else "read"
                if group.action:
                    result.actions[group.action] = result.actions.get(group.action, 0) + 1
                done += len(group.pages)
                state.maybe_commit()
                if progress:
                    progress(done, total)
                if stop:
                    break
        result.interrupted = bool(stop)
    finally:
        if pool is not None:
            pool.terminate()  # workers write through temporary files: a stopped one leaves no half file
            pool.join()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        state.commit()
    result.read = sum(1 for v in this_run.values() if v == "read")
    result.skipped = sum(1 for v in this_run.values() if v == "unchanged")
    rows = state.pages()
    current = [rows[p.page] if p.page in this_run and p.page in rows else _pending(p) for p in scan.pages]
    result.report = write_report(report_dir, current, this_run, scan, result.actions, run_id,
                                 interrupted=result.interrupted)
    state.finish_run(result.report.totals)
    state.close()
    return result


def _pending(page: MirrorPage) -> PageRow:
    return PageRow(page.page, page.size, page.mtime_ns, "", "", page.key, "pending", "", "",
                   "not read yet: the run was interrupted; run it again to resume", None,
                   json.dumps({"address": page.address}, ensure_ascii=False), 0)
