"""One story of the mirror (every page saved from its addresses) -> one story file and its photos. Runs in a worker.

A group is the pages of one (section, old id): the copy at the preferred address (detail_new.php, fewest extra
parameters) that reads as a story is imported; other readable copies are duplicates; every address of the group
becomes one of the story's old addresses. Pages at no story address are groups of one (not a story, or a failure).
Nothing is written when any file of the story was edited since the importer wrote it (a conflict).
"""
from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from nuea.checks import display_path, story_context
from nuea.checks import setting as thai_setting
from nuea.files import write_atomic
from nuea.problems import report
from nuea.registry import fold_name
from nuea.story import section_term
from nuea.thai_dates import BE_OFFSET
from plugins.images.settings import setting as images_setting

from .mirror_paths import STORY_SCRIPTS, address_rank, shown_path, story_address
from .mirror_photos import PhotoUnusable, locate_photo, ready_photo
from .page_text import looks_like_html
from .story_file import PlacedPhoto, imported_story, story_file_text
from .story_page import LegacyPageError, LegacyStory, NotAStoryPage, read_legacy_page

IMPORTER_VERSION = "2"  # change it when the importer reads or writes differently: every page is then read again
TEMP_TAG = "import-archive"  # marks its temporary files (nuea.files); a run removes those a killed run left
OUTCOMES = ("imported", "duplicate", "existing", "not_a_story", "failed", "conflict")


class ImportConfigError(ValueError):
    """The site settings or the registry cannot be used: nothing is imported."""


@dataclass(frozen=True)
class ImportSettings:
    """What every worker needs (picklable)."""

    mirror: Path
    content: Path
    settings_file: Path
    category: str = "ข่าวภูมิภาค"


@dataclass(frozen=True)
class PageTask:
    page: str  # path below the mirror folder as text (bytes that are not UTF-8 as \\xNN): the report's name
    file: str  # the same path as the file system has it (os.fsdecode)
    host: str
    address: str  # the old address it was saved from
    size: int
    mtime_ns: int
    prev_sha: str = ""


@dataclass(frozen=True)
class GroupTask:
    key: str  # the story id ("lpg-41236"), "?lampang/41236" for an unknown section, "" for no story address
    pages: tuple[PageTask, ...]
    story_id: str = ""  # "" when the section is not in agencies.toml
    force: bool = False  # read again even when the bytes are the same (configuration or group changed)
    prev_files: tuple[tuple[str, str], ...] = ()  # (path under content/, SHA-256 written) of this story
    claimed_by: str = ""  # a story not written by the importer already has one of these addresses
    id_taken_by: str = ""  # a story file the state does not know already has this story's id (content/news/...)


@dataclass
class PageOutcome:
    page: str
    size: int
    mtime_ns: int
    sha256: str
    outcome: str
    story_id: str = ""
    story_file: str = ""
    reason: str = ""
    line: int | None = None
    details: dict = field(default_factory=dict)


@dataclass
class GroupResult:
    key: str
    pages: list[PageOutcome]
    unchanged: bool = False  # same bytes as last time: nothing read, nothing written
    action: str = ""  # new / updated / same (the story file), "" when no story was written
    files: dict[str, str] = field(default_factory=dict)  # the story's files now: path under content/ -> SHA-256
    removed: list[str] = field(default_factory=list)  # files the story no longer has (deleted)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class GroupImporter:
    """Imports groups with one configuration: the site settings, registry, aliases and accepted photo formats."""

    def __init__(self, config: ImportSettings):
        from pelican.settings import read_settings

        logging.getLogger("pelican").setLevel(logging.ERROR)  # settings warnings are not import problems
        self.config = config
        settings = read_settings(str(config.settings_file), override={"PATH": str(config.content.resolve())})
        self.content = Path(settings["PATH"])
        ctx, problems = story_context(settings)
        if problems:
            raise ImportConfigError(report(problems))
        self.ctx = replace(ctx, content_root=None)  # photos are checked here, before they are written
        self.registry = ctx.registry  # with its aliases and legacy_sections (checked by nuea.registry)
        self.section = section_term(config.category, ctx.slugger)
        registry_file = self.content / thai_setting(settings, "AGENCY_REGISTRY")
        self.accepted = tuple(images_setting(settings, "IMAGES_ACCEPTED_FORMATS"))
        self.max_pixels = int(images_setting(settings, "IMAGES_MAX_PIXELS"))
        self.fingerprint = sha256(repr((IMPORTER_VERSION, config.category, self.accepted, self.max_pixels,
                                        registry_file.read_bytes())).encode())[:16]

    def story_id(self, key: str) -> str:
        """"lampang/41236" -> "lpg-41236": the section's agency code and the old id; "" for an unknown section.

        Keyed by agency, not by folder: two folders of one agency (legacy_sections) are one numbering."""
        section, old_id = key.rsplit("/", 1)
        agency = self.registry.agency_of_section(section)
        return f"{agency.code.lower()}-{old_id}" if agency else ""

    # -- one group -------------------------------------------------------------------------------------------

    def run(self, task: GroupTask) -> GroupResult:
        datas, outcomes = {}, {}
        for p in task.pages:
            try:
                data = (self.config.mirror / p.file).read_bytes()
            except OSError as err:
                outcomes[p.page] = PageOutcome(p.page, p.size, p.mtime_ns, "", "failed", reason=f"cannot read: {err}")
                continue
            datas[p.page] = data
        shas = {page: sha256(data) for page, data in datas.items()}
        if not task.force and not outcomes and all(shas[p.page] == p.prev_sha for p in task.pages):
            return GroupResult(task.key, [PageOutcome(p.page, p.size, p.mtime_ns, p.prev_sha, "")
                                          for p in task.pages], unchanged=True)

        def outcome(p: PageTask, kind: str, **kw) -> PageOutcome:
            details = {"address": p.address, **kw.pop("details", {})}
            return PageOutcome(p.page, p.size, p.mtime_ns, shas.get(p.page, ""), kind, details=details, **kw)

        if not task.key:
            [p] = task.pages
            if p.page not in outcomes:
                outcomes[p.page] = self._lone_page(p, datas[p.page], outcome)
            return GroupResult(task.key, [outcomes[p.page]])
        return self._story_group(task, datas, outcomes, outcome)

    def _lone_page(self, p: PageTask, data: bytes, outcome) -> PageOutcome:
        """A page at no story address: not a story, or a story page the importer cannot place (a failure)."""
        if not data.strip():
            return outcome(p, "not_a_story", reason="an empty file")
        if not looks_like_html(data):
            return outcome(p, "not_a_story", reason="not an HTML page")
        try:
            story = read_legacy_page(data, p.page, story_address=False)
        except NotAStoryPage as err:
            login = b'type="password"' in data.lower() or b"type=password" in data.lower()
            return outcome(p, "not_a_story", reason=str(err) + (" — a page with a login form" if login else ""))
        except LegacyPageError as err:
            return outcome(p, "failed", reason=f"{err} (a story-like page at an address that is not a story's)",
                           line=err.line)
        scripts = " or ".join(f"/<section>/{s}?id=N" for s in STORY_SCRIPTS)
        return outcome(p, "failed", line=story.lines.get("title"),
                       reason=f"a story page at an address the importer does not recognise (expected {scripts})",
                       details={"title": story.title})

    def _story_group(self, task: GroupTask, datas: dict, outcomes: dict, outcome) -> GroupResult:
        pages = sorted(task.pages, key=lambda p: address_rank(p.address))
        addresses = list(dict.fromkeys(p.address for p in pages))
        sid = task.story_id
        if not sid:
            section = story_address(pages[0].address).section
            reason = (f"section {section!r} of the old site is not in agencies.toml "
                      "(add it to legacy_sections of its agency)")
            return GroupResult(task.key, [outcomes.get(p.page) or outcome(p, "failed", reason=reason)
                                          for p in pages])
        parsed: list[tuple[PageTask, LegacyStory]] = []
        for p in pages:
            if p.page in outcomes:
                continue
            try:
                parsed.append((p, read_legacy_page(datas[p.page], p.page, story_address=True)))
            except LegacyPageError as err:
                outcomes[p.page] = outcome(p, "failed", story_id=sid, reason=str(err), line=err.line)
        if not parsed:
            return GroupResult(task.key, [outcomes[p.page] for p in pages])

        def all_pages(kind: str, reason: str, line_of=None, details=None) -> GroupResult:
            for p, story in parsed:
                outcomes[p.page] = outcome(p, kind, story_id=sid, reason=reason,
                                           line=story.lines.get(line_of) if line_of else None,
                                           details=dict(details or {}))
            return GroupResult(task.key, [outcomes[p.page] for p in pages])

        if task.claimed_by:
            return all_pages("existing", f"already on the new site as {task.claimed_by}")
        main_page, story = parsed[0]
        agency, how = self.registry.match_agency(story.agency)
        if agency is None:
            return all_pages("failed", f"unknown agency {story.agency!r} (not in agencies.toml, nor an alias there)",
                             "หน่วยงาน", {"unknown_agency": story.agency})
        story_rel = f"news/{story.date.year + BE_OFFSET}/{sid}.md"
        if task.id_taken_by and task.id_taken_by != f"content/{story_rel}":
            return all_pages("conflict", f"story id {sid} is already used by {task.id_taken_by}")
        story.reads = max(s.reads for _, s in parsed)  # counts only grow: the highest is the latest save
        lead, body, photo_reports, photo_files = self._photos(story, main_page, sid)
        made = imported_story(story, story_id=sid, agency=agency, legacy_urls=addresses, section=self.section,
                              lead=lead, body_photos=body,
                              source_path=display_path(self.content / story_rel, self.content))
        text, problems = story_file_text(made, self.ctx)
        if problems:
            first = problems[0].field.split(" (")[0]  # 'ข่าวโดย (reporter)' -> the page's ข่าวโดย line
            return all_pages("failed", "the imported story would not be valid: " + report(problems),
                             first if first in story.lines else "title")
        plan = {**photo_files, story_rel: text.encode("utf-8")}
        conflicts, writes, removed = self._plan_writes(plan, dict(task.prev_files))
        if conflicts:
            return all_pages("conflict", "; ".join(conflicts))
        for rel, data in writes.items():  # photos first, the story last: it never refers to a file not there
            write_atomic(self.content / rel, data, tag=TEMP_TAG)
        for rel in removed:
            (self.content / rel).unlink(missing_ok=True)
        known = any(rel.startswith("news/") for rel, _ in task.prev_files)  # recorded by an earlier run
        action = "new" if not known else "updated" if writes or removed else "same"

        base = {"title": story.title, "addresses": addresses, "agency_page": story.agency, "agency": agency.abbr,
                "agency_how": how}
        for p, copy in parsed:
            if p is main_page:
                outcomes[p.page] = outcome(p, "imported", story_id=sid, story_file=story_rel,
                                           details={**base, "photos": photo_reports, "action": action})
            else:
                differs = [name for name, a, b in _compared(story, copy) if a != b]
                outcomes[p.page] = outcome(p, "duplicate", story_id=sid, story_file=story_rel,
                                           reason=f"another address of {sid}",
                                           details={**base, "differs": differs})
        for p in pages:
            if outcomes[p.page].outcome == "failed":
                outcomes[p.page].details["address_kept_on"] = sid
        files = {rel: sha256(data) for rel, data in plan.items()}
        return GroupResult(task.key, [outcomes[p.page] for p in pages], action=action, files=files, removed=removed)

    def _photos(self, story: LegacyStory, page: PageTask, sid: str):
        folder = f"images/{story.date.year + BE_OFFSET}/{story.date.month:02d}"
        placed, reports, files = [], [], {}
        for photo in story.photos:
            rep = {"src": photo.src, "line": photo.line}
            reports.append(rep)
            path, why = locate_photo(photo.src, page.address, page.host, self.config.mirror)
            if path is None:
                rep.update(status="missing", reason=why)
                continue
            rep["source"] = shown_path(os.path.relpath(path, self.config.mirror))
            try:
                ready = ready_photo(path, self.accepted, self.max_pixels)
            except PhotoUnusable as err:
                rep.update(status="unusable", reason=str(err))
                continue
            n = len(placed) + 1
            rel = f"{folder}/{sid}{'' if n == 1 else f'-{n}'}{ready.suffix}"
            flagged = not photo.alt and not photo.caption
            alt = f"ภาพประกอบข่าว: {story.title}" if flagged else photo.alt
            placed.append(PlacedPhoto(rel, alt, photo.caption, photo.position))
            files[rel] = ready.data
            rep.update(status="converted" if ready.converted_from else "copied", file=rel, alt_flagged=flagged,
                       converted_from=ready.converted_from, note=ready.note)
        return (placed[0] if placed else None), placed[1:], reports, files

    def _plan_writes(self, plan: dict[str, bytes], prev: dict[str, str]):
        """(conflicts, files to write, files to delete): never over a file changed since the importer wrote it."""
        conflicts, writes, removed = [], {}, []
        for rel, data in plan.items():
            path = self.content / rel
            try:
                current = path.read_bytes()
            except FileNotFoundError:
                if rel not in prev:
                    writes[rel] = data
                elif prev[rel] != sha256(data):  # removed by someone, and the page now says something new
                    conflicts.append(f"content/{rel} was removed since it was imported; not re-created")
                continue
            if current == data or prev.get(rel) == sha256(data):
                continue  # nothing new from the page (an edit made since import is kept)
            if prev.get(rel) == sha256(current):
                writes[rel] = data
            elif rel in prev:
                conflicts.append(f"content/{rel} was edited since it was imported; not overwritten")
            else:
                conflicts.append(f"content/{rel} exists and was not written by the importer; not overwritten")
        for rel, sha in prev.items():
            if rel in plan:
                continue
            path = self.content / rel
            if path.exists():
                if sha256(path.read_bytes()) != sha:
                    conflicts.append(f"content/{rel} (no longer part of the story) was edited since it was imported")
                else:
                    removed.append(rel)
        return conflicts, writes, removed


def _compared(a: LegacyStory, b: LegacyStory):
    return [("title", a.title, b.title), ("date", a.date, b.date), ("text", a.paragraphs, b.paragraphs),
            ("reporter", a.reporter, b.reporter), ("editor", a.editor, b.editor),
            ("agency", fold_name(a.agency), fold_name(b.agency))]


_importer: GroupImporter | None = None


def init_worker(config: ImportSettings) -> None:
    """Pool initializer: one GroupImporter per worker; Ctrl-C is the main process's to handle; die with it."""
    import signal

    global _importer
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the main process's handler is not ours (fork copies it)
    _die_with_parent()
    _importer = GroupImporter(config)


def import_group(task: GroupTask) -> GroupResult:
    return _importer.run(task)


def _die_with_parent() -> None:
    """A worker whose main process was killed (kill -9) exits instead of waiting forever for work (Linux)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass
