"""The fast path: publish added, corrected or withdrawn story files in seconds, after a full build wrote output/.

    from sitebuild.publish import publish
    report = publish(["content/news/2569/x.md"], "publishconf.py")   # RunReport; report.summary() is one line

Safe to call from a background job: runs are serialized by the build lock (a publish during a full build waits for
it). It raises (nothing written, the site as it was):
- nuea.problems.ContentError: the story has problems (the `file:line: field: message` list of `make check`);
- NotAStory: a path that is not a story file (nor a photo of one);
- NeedsFullBuild: a change it cannot judge alone (a page, the registry, the theme, settings, code, or no full build
  yet); with full_if_needed=True it runs the full build instead and returns that report.
A photo path publishes the stories that show it.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

from nuea.checks import is_story_file, setting
from nuea.site_settings import ROOT
from nuea.statuses import Status

from .lock import build_lock
from .pipeline import NeedsFullBuild, NotAStory, Run, RunReport, full_build, model_path
from .records import PageRecord, StoryRecord, file_stamp

log = logging.getLogger(__name__)
CODE_FOLDERS = ("nuea", "plugins", "sitebuild", "theme")


def _settings(settings_file, settings: dict | None) -> dict:
    if settings is not None:
        return settings
    from pelican.settings import read_settings

    path = Path(settings_file or ROOT / "pelicanconf.py")
    return read_settings(str(path if path.is_absolute() else ROOT / path))


def _resolve(path: str | Path) -> Path:
    path = Path(path)
    return (path if path.is_absolute() else ROOT / path).resolve()


def classify(paths, settings: dict, settings_file=None) -> tuple[list[str], list[str], list[str]]:
    """(story files, photo files, reasons a full build is needed), content-relative; raises NotAStory."""
    content = Path(settings["PATH"]).resolve()
    theme = Path(settings["THEME"]).resolve()
    conf = {_resolve(settings_file or ROOT / "pelicanconf.py"), ROOT / "pelicanconf.py", ROOT / "publishconf.py"}
    stories, photos, full, wrong = [], [], [], []
    for given in paths:
        path = _resolve(given)
        if path in conf:
            full.append(f"{given}: the settings")
        elif path.is_relative_to(theme) or any(path.is_relative_to(ROOT / f) for f in CODE_FOLDERS):
            full.append(f"{given}: the theme or the build's code")
        elif not path.is_relative_to(content):
            wrong.append(f"{given}: not a story file (it is not in the content folder {content})")
        else:
            rel = path.relative_to(content).as_posix()
            if is_story_file(path, settings):
                stories.append(rel)
            elif rel == setting(settings, "AGENCY_REGISTRY"):
                full.append(f"{given}: the agency registry")
            elif any(rel.startswith(p.rstrip("/") + "/") for p in settings.get("PAGE_PATHS", [])):
                full.append(f"{given}: a page (not a story)")
            elif rel.startswith(settings.get("IMAGES_SOURCE_DIR", "images") + "/"):
                photos.append(rel)
            else:
                wrong.append(f"{given}: not a story file (stories are Markdown files under "
                             f"{', '.join(setting(settings, 'THAI_STORY_PATHS'))}/ of the content folder)")
    if wrong:
        raise NotAStory("\n".join(wrong))
    return sorted(set(stories)), sorted(set(photos)), full


def _story_notes(run: Run, merged, stories: list[str]) -> list[str]:
    notes = []
    for rel in stories:
        source = merged.get(rel)
        outcome = source.outcome if source else None
        record = outcome.record if outcome else None
        if source is None:
            notes.append(f"{rel}: removed from the site")
        elif isinstance(record, StoryRecord) and record.live:
            notes.append(f"{rel}: live at /{record.url}")
        elif isinstance(record, StoryRecord):
            where = f"preview at /{record.url}" if record.save_as else "not on the site"
            notes.append(f"{rel}: {record.story.status.thai} ({record.story.status.value}), {where}")
        elif outcome and outcome.withdrawn is not None:
            notes.append(f"{rel}: {Status.WITHDRAWN.thai} (withdrawn): its addresses answer 410")
        else:
            notes.append(f"{rel}: not published (a story that is not going out, with problems: see make check)")
    return notes


def publish(paths, settings_file=None, *, settings: dict | None = None, full_if_needed: bool = False,
            lock_timeout: float | None = None) -> RunReport:
    """Publish the given story files (see the module docstring). Returns the run's report."""
    settings = _settings(settings_file, settings)
    stories, photos, full = classify(paths, settings, settings_file)
    if not stories and not photos and not full:
        raise NotAStory("no story file given")
    cache = Path(settings.get("CACHE_PATH") or "cache") / "sitebuild"
    try:
        with build_lock(cache, lock_timeout, on_wait=lambda p: log.warning("publish: waiting for the build (%s)", p)):
            return _publish(settings, stories, photos, full)
    except NeedsFullBuild as reason:
        if not full_if_needed:
            raise
        report = full_build(settings)
        report.notes.insert(0, f"a full build ran: {reason}")
        return report


def _publish(settings: dict, stories: list[str], photos: list[str], full: list[str]) -> RunReport:
    run = Run(settings, "publish")
    try:
        if full:
            raise NeedsFullBuild("a full build is needed (make html / make publish):\n" + "\n".join(full))
        if run.model.get("site_inputs") is None:
            raise NeedsFullBuild(f"no full build has written {run.output} yet: run make html (or make publish) first")
        if run.model.get("read_key") != run.read_key or run.model.get("site_inputs") != run.site_inputs:
            raise NeedsFullBuild("the settings, the theme, the agency registry or the build's code changed since the "
                                 "last full build: run make html (or make publish)")
        pages = run.content_files(stories=False)
        known = {rel for rel, src in run.sources.items() if isinstance(src.outcome.record, PageRecord)}
        changed_pages = sorted(set(known) ^ set(pages)) + [
            rel for rel in sorted(set(known) & set(pages)) if run.sources[rel].file_digest != file_stamp(pages[rel])]
        if changed_pages:
            raise NeedsFullBuild("pages changed since the last full build (" + ", ".join(sorted(changed_pages))
                                 + "): run make html (or make publish)")
        for photo in photos:  # a photo publishes the stories that show it
            stories += [rel for rel, src in run.sources.items() if photo in src.outcome.photos]
        content = Path(run.settings["PATH"])
        present = [rel for rel in stories if (content / rel).is_file()]
        removed = [rel for rel in stories if rel not in present and rel in run.sources]
        changed = sorted(set(present) | set(run.due()))
        outcomes = run.read(changed, static=False)
        merged = run.merge(outcomes, removed)
        run.check(merged)
        run.store(merged, outcomes)
        plan = run.plan_and_apply(merged, check_files=False, touched=run.touched(merged, changed + removed))
        if plan.scope.everything:
            run.report.notes.append("the site-wide inputs changed (e.g. a new section): every page was planned")
        from .search_step import SiteSearch

        started = time.perf_counter()
        run.report.search = SiteSearch(run.settings, model_path(run.settings)).after_publish(
            run.sources, merged, changed + removed, run.model)
        run.report.seconds["search"] = time.perf_counter() - started
        run.report.notes += _story_notes(run, merged, sorted(set(stories)))
        return run.report
    finally:
        run.close()
