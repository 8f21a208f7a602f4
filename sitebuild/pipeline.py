"""One run of the site build, full or fast: the same steps, only the set of content files read differs.

  lock → model (repair an interrupted run) → which files changed (a full build scans content/; a publish is told)
  → read them through Pelican and the plugins (read_phase) → cross-story checks (duplicate ids, old addresses)
  → store the records → plan every output file from the model (plan) → make the files whose inputs changed, write
  those whose bytes changed, delete what is no longer planned (outputs) → search → precompressed twins.

A full build with nothing changed reads nothing and renders nothing; a cold one reads everything in batches on
every core. A publish refuses what it cannot judge alone (a page, the registry, the theme, settings, code): those
need a full build.
"""
from __future__ import annotations

import copy
import fnmatch
import gc
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from nuea.checks import MARKDOWN_SUFFIXES, assess, is_story_file, setting, story_files
from nuea.clock import build_now
from nuea.problems import ContentError, ContentFailure
from nuea.registry import load_registry

from .inputs import code_digest, read_key, settings_digest, theme_digest
from .lock import build_lock
from .model import SiteModel, Source
from .outputs import ApplyReport, adopt_owned, apply, recover
from .plan import SitePlan, SiteState, story_checks
from .read_phase import ReadFailed, read_files
from .records import StoryRecord, digest, file_stamp
from .spill import BodySpill, stored_outcome

log = logging.getLogger(__name__)


class NeedsFullBuild(ContentFailure):
    """A change a publish cannot judge alone; the message says which and what to run."""

    exitcode = 3


class NotAStory(ContentFailure):
    exitcode = 2


@dataclass
class RunReport:
    kind: str  # "full" or "publish"
    read: list[str] = field(default_factory=list)  # content files read in this run
    removed: list[str] = field(default_factory=list)
    applied: ApplyReport = field(default_factory=ApplyReport)
    photos_made: int = 0  # photos whose sizes were made during this run
    photo_seconds: float = 0.0
    search: str = ""
    seconds: dict[str, float] = field(default_factory=dict)
    repaired: list[str] = field(default_factory=list)  # files an interrupted run had planned
    notes: list[str] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)  # inside the read step, summed over its processes

    @property
    def written(self) -> list[str]:
        return self.applied.written

    def to_json(self) -> str:
        a = self.applied
        return json.dumps({"kind": self.kind, "read": len(self.read), "removed": len(self.removed),
                           "planned": a.planned, "made": a.made, "written": len(a.written), "deleted": len(a.deleted),
                           "photos_made": self.photos_made, "seconds": self.seconds, "phases": self.phases,
                           "search": self.search, "summary": self.summary()}, ensure_ascii=False)

    def summary(self) -> str:
        a = self.applied
        total = sum(self.seconds.values())
        parts = [f"{len(a.written)} files written", f"{len(a.deleted)} deleted",
                 f"{a.made - len(a.written)} made but unchanged", f"{a.planned - a.made} untouched",
                 f"{len(self.read)} content files read"]
        if self.photos_made:
            parts.append(f"{self.photos_made} new photo(s) sized in {self.photo_seconds:.1f} s")
        if self.repaired:
            parts.append(f"{len(self.repaired)} files of an interrupted run checked again")
        text = f"{self.kind}: " + ", ".join(parts) + f" in {total:.1f} s"
        if self.search:
            text += f"; {self.search}"
        return text + "".join(f"; {n}" for n in self.notes)


def model_path(settings: dict) -> Path:
    return Path(settings.get("CACHE_PATH") or "cache") / "sitebuild" / "model.sqlite3"


def _site_inputs(settings: dict) -> str:
    return "\0".join((code_digest(), theme_digest(settings), settings_digest(settings)))


class Run:
    """The state of one run (see the module docstring)."""

    def __init__(self, settings: dict, kind: str, workers: int | None = None):
        from pelican import Pelican

        self.kind, self.report = kind, RunReport(kind)
        started = time.perf_counter()
        from pelican.generators import Generator

        self.given = copy.deepcopy(settings)  # as read from the settings file: what worker processes start from
        self.pelican = Pelican(copy.deepcopy(settings))  # plugins registered, their defaults and filters set
        self.settings = s = self.pelican.settings
        # the templates' environment, made as Pelican's generators make it (its readers also complete MARKDOWN)
        self.env = Generator(context={}, settings=s, path=s["PATH"], theme=s["THEME"], output_path=s["OUTPUT_PATH"]).env
        from .theme_files import ThemeFiles

        self.theme_files = ThemeFiles(s)  # fonts, hashed asset names, icons: named before any page is rendered
        self.env.filters["asset"] = self.theme_files.url
        self.output = Path(self.settings["OUTPUT_PATH"])
        self.cache = Path(self.settings.get("CACHE_PATH") or "cache")
        self.workers = workers or os.cpu_count() or 1
        self.spill = None  # a full build's parked bodies (spill.py)
        self.now = build_now(self.settings)
        self.model = SiteModel(model_path(self.settings))
        if self.model.get("output") != str(self.output.resolve()):
            self.model.reset()
            self.model.set("output", str(self.output.resolve()))
        self.report.repaired = recover(self.model, self.output)
        self.sources = self.model.sources()
        gc.freeze()  # the model's records live for the whole run: the collector need not walk them again
        self.read_key = read_key(self.settings)
        self.site_inputs = _site_inputs(self.settings)
        self.report.seconds["start"] = time.perf_counter() - started

    # --- which content files -------------------------------------------------------------------------------
    def content_files(self, stories: bool = True) -> dict[str, Path]:
        """Every story and page file (content-relative path -> file), as Pelican would read them."""
        content = Path(self.settings["PATH"])
        ignores = self.settings.get("IGNORE_FILES", [])
        files = {}
        for path in story_files(self.settings) if stories else ():
            files[path.relative_to(content).as_posix()] = path
        for folder in self.settings.get("PAGE_PATHS", []):
            for path in sorted((content / folder).rglob("*")):
                if path.is_file() and path.suffix in MARKDOWN_SUFFIXES:
                    files[path.relative_to(content).as_posix()] = path
        return {rel: p for rel, p in files.items() if not any(fnmatch.fnmatch(p.name, i) for i in ignores)}

    def photo_digest(self, rel: str) -> str:
        path = Path(self.settings["PATH"]) / rel
        try:
            st = path.stat()
        except FileNotFoundError:
            return ""
        found = self.model.stat_digest(rel, st.st_size, st.st_mtime_ns, st.st_ino)
        if found is None:
            found = file_stamp(path)
            self.model.set_stat_digest(rel, st.st_size, st.st_mtime_ns, st.st_ino, found)
        return found

    def is_current(self, source: Source, file_digest: str) -> bool:
        """Whether a stored outcome still holds: same bytes, same photos, and the clock has not made it due."""
        if source.file_digest != file_digest:
            return False
        if any(self.photo_digest(p) != d for p, d in source.photos):
            return False
        outcome = source.outcome
        record = outcome.record
        if isinstance(record, StoryRecord):
            return record.story.is_live(self.now) == record.live
        if record is None and outcome.withdrawn is None:
            return not outcome.going_out  # gave nothing: read again only if it was due (it then fails loudly)
        return True

    def scan(self) -> tuple[list[str], list[str]]:
        """(files to read, sources gone) of a full build."""
        files = self.content_files()
        if self.model.get("read_key") != self.read_key:
            return sorted(files), sorted(set(self.sources) - set(files))
        changed = [rel for rel, path in sorted(files.items())
                   if rel not in self.sources or not self.is_current(self.sources[rel], file_stamp(path))]
        return changed, sorted(set(self.sources) - set(files))

    def due(self) -> list[str]:
        """Stories whose liveness the clock changed since they were read (a scheduled story whose time came)."""
        found = []
        for source in self.sources.values():
            record = source.outcome.record
            if isinstance(record, StoryRecord) and record.story.is_live(self.now) != record.live:
                found.append(source.source)
        return found

    # --- reading -------------------------------------------------------------------------------------------
    def read(self, changed: list[str], static: bool) -> list:
        """Read the changed files; returns their outcomes with digests (nothing stored yet)."""
        started = time.perf_counter()
        content = Path(self.settings["PATH"])
        stories = [rel for rel in changed if is_story_file(content / rel, self.settings)]
        pages = [rel for rel in changed if rel not in stories]
        on_batch = None
        if self.kind == "full" and stories:  # bodies parked on disk until stored: memory holds heads only
            self.spill = BodySpill(self.cache / "sitebuild" / "spill.sqlite3")
            on_batch = self._park
        result = read_files(self.settings, stories, pages, self.cache / "sitebuild" / "stage", static=static,
                            workers=self.workers, worker_settings=self.given, on_batch=on_batch)
        outcomes = {o.source: o for o in result.outcomes}
        for rel in changed:  # a file Pelican skipped without a word (e.g. not a story file after all)
            outcomes.setdefault(rel, None)
        self.result = result
        self.report.phases = dict(result.seconds)
        self.report.read = sorted(changed)
        self.report.photos_made = sum(o.photos_made for o in outcomes.values() if o)
        self.report.seconds["read"] = time.perf_counter() - started
        if self.report.photos_made:
            self.report.photo_seconds = self.report.seconds["read"]
        return [(rel, outcomes[rel]) for rel in sorted(outcomes)]

    def _park(self, result):
        result.outcomes = [self.spill.park(o) for o in result.outcomes]
        return result

    def merge(self, outcomes, removed: list[str]) -> dict[str, Source]:
        from .records import ReadOutcome

        content = Path(self.settings["PATH"])
        merged = dict(self.sources)
        for rel in removed:
            merged.pop(rel, None)
        for rel, outcome in outcomes:
            if outcome is None:
                outcome = ReadOutcome(rel)
            photos = tuple((p, self.photo_digest(p)) for p in outcome.photos)
            stored = stored_outcome(outcome)
            parked = self.spill.digests.get(rel) if self.spill else None
            merged[rel] = Source(rel, file_stamp(content / rel), photos, parked or digest(stored), stored)
        self.report.removed = sorted(removed)
        return merged

    def check(self, merged: dict[str, Source]) -> None:
        """Problems only the whole site shows: two stories with one id, one old address claimed twice."""
        result = assess(story_checks(merged, self.settings), self.now)
        if result.blocking:
            raise ContentError(result.blocking)

    def store(self, merged: dict[str, Source], changed_sources) -> None:
        self.model.begin()
        for rel in self.report.removed:
            self.model.remove_source(rel)
        for rel, _ in changed_sources:
            src = merged[rel]
            parked = self.spill.body(rel) if self.spill and rel in self.spill.digests else None
            self.model.put_source(rel, src.file_digest, src.photos, src.digest, src.outcome, parked)
        self.model.set("read_key", self.read_key)
        self.model.commit()

    # --- planning and writing ------------------------------------------------------------------------------
    def renderer(self):
        from .render import Renderer

        card = self.model.get("site_card")
        renderer = Renderer(self.settings, self.env, self.model, card.share_site if card else None)
        renderer.theme_files = self.theme_files
        return renderer

    def state(self, merged: dict[str, Source], touched=None) -> SiteState:
        registry = load_registry(Path(self.settings["PATH"]) / setting(self.settings, "AGENCY_REGISTRY"))
        return SiteState(self.settings, self.now, merged, registry, self.model.get("site_card"),
                         self.model.get("static_files", []), self.model.get("counts"), touched,
                         self.model.get("site_hash"))

    def touched(self, merged: dict[str, Source], changed: list[str]) -> list:
        """The read outcomes of the changed files, before and after: what a publish plans."""
        found = []
        for rel in changed:
            for sources in (self.sources, merged):
                if rel in sources:
                    found.append(sources[rel].outcome)
        return found

    def plan_and_apply(self, merged: dict[str, Source], check_files: bool, touched=None) -> SitePlan:
        started = time.perf_counter()
        renderer = self.renderer()
        plan = SitePlan(self.state(merged, touched), renderer)
        self.report.seconds["plan"] = time.perf_counter() - started
        started = time.perf_counter()
        twins = self.twins()
        self.report.applied = apply(plan.jobs, self.model, self.output, check_files,
                                    on_written=twins.add if twins else None,
                                    scope=None if plan.scope.everything else plan.scope)
        self.model.set("site_hash", plan.site_hash)
        self.report.seconds["write"] = time.perf_counter() - started
        if twins:
            started = time.perf_counter()
            twins.finish(self.report.applied.deleted)
            self.report.seconds["compress"] = time.perf_counter() - started
        self.model.set("site_inputs", self.site_inputs)
        return plan

    def twins(self):
        from .twins import Twins

        return Twins.for_settings(self.settings) if self.kind == "publish" else None

    def close(self) -> None:
        self.model.close()
        if self.spill:
            self.spill.close()


def _load_counts(run: Run, merged: dict[str, Source]):
    """The counter's counts for every live story (full builds; a publish keeps the last build's)."""
    from plugins.read_counts.sources import load_counts

    s = run.settings
    legacy = {src.outcome.record.story.id: src.outcome.record.story.legacy_reads for src in merged.values()
              if isinstance(src.outcome.record, StoryRecord) and src.outcome.record.live}
    base = Path(s["PATH"]).resolve().parent
    return load_counts(s.get("READ_COUNTS_SOURCE", ""), legacy, run.now.date(), base, s.get("READ_COUNTS_TIMEOUT", 3.0))


def full_build(settings: dict, workers: int | None = None) -> RunReport:
    """Build the whole site (make html / make publish): read what changed, write what changed."""
    from pelican import signals

    cache = Path(settings.get("CACHE_PATH") or "cache") / "sitebuild"
    with build_lock(cache, on_wait=lambda p: log.warning("sitebuild: waiting for the build running (%s)", p)):
        run = Run(settings, "full", workers)
        try:
            if run.model.get("site_inputs") is None or run.model.outputs() == {}:
                adopt_owned(run.output, run.model)
            from .search_step import SiteSearch

            search = SiteSearch(run.settings, model_path(run.settings))
            since = search.since()  # a story put into the index while this build runs is replayed, never lost
            changed, removed = run.scan()
            outcomes = run.read(changed, static=True)
            merged = run.merge(outcomes, removed)
            result = run.result
            run.model.set("site_card", result.site_card)
            run.model.set("static_files", result.static_files)
            run.model.set("counts", _load_counts(run, merged))
            run.check(merged)
            run.store(merged, outcomes)
            plan = run.plan_and_apply(merged, check_files=True)
            started = time.perf_counter()
            run.report.search = search.after_full_build(plan, since)
            run.report.seconds["search"] = time.perf_counter() - started
            started = time.perf_counter()
            signals.finalized.send(run.pelican)  # fonts, precompressed twins of every text file, build_guard
            run.report.seconds["finalize"] = time.perf_counter() - started
            return run.report
        finally:
            run.close()


__all__ = ["full_build", "RunReport", "NeedsFullBuild", "NotAStory", "ReadFailed", "Run", "model_path"]
