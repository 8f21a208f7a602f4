"""The one place the build talks to search (issue 18's service and its static fallback, plugins/search).

  full build   sync the service's index (searchservice.store.IndexWriter) with the records of every live story
               (only new, changed and withdrawn stories are cut into words again), then rebuild the static Pagefind
               fallback (the newest SEARCH_FALLBACK_STORIES) when one of its records changed;
  fast publish put each new or corrected story and remove each withdrawn (or unpublished, or moved) one in the
               live index, one transaction each: found by /api/search, and old text no longer matching, the moment
               the publish returns; then the fallback is rebuilt in a background process (one at a time; a publish
               meanwhile asks it to run once more), swapped in by rename.

What is indexed comes from the model's story records through the search plugin's one adapter
(plugins.search.story_records.record_from_article), never from built pages.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from nuea.files import write_atomic

log = logging.getLogger(__name__)


class _Article:
    """What the search plugin's adapter reads of a story: its contract, address and rendered body."""

    def __init__(self, story, url: str, content: str):
        self.story, self.url, self.content = story, url, content


def search_record(record, model, source: str):
    """The search record of a live story record of the model."""
    from plugins.search.story_records import record_from_article

    body = model.body(source)
    return record_from_article(_Article(record.story, record.url, body[0] if body else ""))


def _indexed(record) -> bool:
    from .records import StoryRecord

    return isinstance(record, StoryRecord) and record.live and bool(record.save_as)


class SiteSearch:
    def __init__(self, settings: dict, model_path: Path):
        from plugins.search.service_index import index_folder
        from plugins.search.settings import search_settings
        from searchservice.store import IndexWriter

        self.settings, self.model_path = settings, Path(model_path)
        self.options = search_settings(settings)
        self.output = Path(settings["OUTPUT_PATH"])
        self.writer = IndexWriter(index_folder(settings, self.output), workers=self.options["SEARCH_WORKERS"])
        self.bundle = self.output / self.options["SEARCH_BUNDLE_DIR"]
        self.folder = Path(settings.get("CACHE_PATH") or "cache") / "search"
        self.stamp_file = self.folder / "fallback.json"

    @property
    def enabled(self) -> bool:
        return bool(self.options["SEARCH_INDEX"])

    def since(self) -> int:
        """The index's change counter, noted before a full build reads anything."""
        return self.writer.last_change() if self.enabled else 0

    # --- full build -----------------------------------------------------------------------------------------
    def after_full_build(self, plan, since: int) -> str:
        if not self.enabled:
            return "search: off"
        model = plan.renderer.model
        records = sorted((search_record(item.record, model, item.source.source) for item in plan.newest_first
                          if _indexed(item.record)), key=lambda r: r.url)
        result = self.writer.sync(records, since=since)
        text = (f"search: {len(records)} stories indexed ({'rebuilt' if result.rebuilt else 'synced'}; "
                f"{result.added} added, {result.replaced} replaced, {result.removed} removed, "
                f"{result.unchanged} unchanged)")
        log.info(text)
        if self.options["SEARCH_FALLBACK"] and records:
            text += "; " + self.fallback(records)
        return text

    def fallback(self, records) -> str:
        """Rebuild the static Pagefind fallback from `records` unless it holds them already."""
        from plugins.search import static_index
        from plugins.search.service_index import extra_terms_of

        opts = self.options
        records = static_index.newest(records, opts["SEARCH_FALLBACK_STORIES"])
        terms = extra_terms_of(records, opts["SEARCH_TERM_SPAN"]) if opts["SEARCH_EXTRA_TERMS"] else [""] * len(records)
        stamp = static_index.fingerprint(records, terms, {"chars": opts["SEARCH_FALLBACK_CHARS"],
                                                          "stories": opts["SEARCH_FALLBACK_STORIES"]})
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / "fallback.lock", "a") as lock:  # a full build and the background run: one at a time
            fcntl.flock(lock, fcntl.LOCK_EX)
            if static_index.is_current(self.stamp_file, self.bundle, stamp):
                return f"fallback of {len(records)} stories unchanged"
            count = static_index.build_bundle(records, self.bundle, terms, max_chars=opts["SEARCH_FALLBACK_CHARS"])
            static_index.remember(self.stamp_file, self.bundle, stamp)
        return f"fallback (Pagefind) of {count} stories written"

    # --- fast publish ---------------------------------------------------------------------------------------
    def after_publish(self, before: dict, after: dict, changed: list[str], model) -> str:
        """`before`/`after`: the model's sources (content path -> Source) before and after this publish."""
        from searchservice.store import IndexMissing

        if not self.enabled or not changed:
            return ""
        put, removed = 0, 0
        try:
            for rel in changed:
                old = before.get(rel)
                new = after.get(rel)
                old_url = "/" + old.outcome.record.url if old and _indexed(old.outcome.record) else None
                new_record = new.outcome.record if new and _indexed(new.outcome.record) else None
                if old_url and (new_record is None or "/" + new_record.url != old_url):
                    removed += self.writer.remove(old_url)
                if new_record is not None:
                    self.writer.put(search_record(new_record, model, rel))
                    put += 1
        except IndexMissing as missing:
            return f"search: not updated ({missing})"
        text = f"search: {put} stories indexed, {removed} removed (live at once)"
        if self.options["SEARCH_FALLBACK"]:
            self.start_fallback()
            text += "; fallback update started in the background"
        return text

    def start_fallback(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "pending").write_text("1")
        job = {"settings": {k: v for k, v in self.settings.items() if k.startswith("SEARCH_")
                            or k in ("OUTPUT_PATH", "CACHE_PATH", "PATH")}, "model": str(self.model_path)}
        write_atomic(self.folder / "job.json", json.dumps(job, default=str))
        with open(self.folder / "last.log", "w") as log_file:
            subprocess.Popen([sys.executable, "-m", "sitebuild.search_step", str(self.folder / "job.json")],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log_file,
                             start_new_session=True, cwd=Path(__file__).resolve().parent.parent)


def run_pending(job_file: Path) -> None:
    """The background run: rebuild the fallback from the model until no publish asked for another run meanwhile."""
    from .model import SiteModel

    job = json.loads(Path(job_file).read_text())
    step = SiteSearch(job["settings"], Path(job["model"]))
    lock = open(step.folder / "fallback-runner.lock", "a")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return  # the running one will see `pending` and run again
    pending = step.folder / "pending"
    while pending.exists():
        pending.unlink()
        model = SiteModel(Path(job["model"]))
        try:
            records = sorted((search_record(src.outcome.record, model, src.source)
                              for src in model.sources().values() if _indexed(src.outcome.record)),
                             key=lambda r: r.url)
            print("search: " + (step.fallback(records) if records else "no story"), file=sys.stderr)
        finally:
            model.close()


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    os.nice(5)
    run_pending(Path(sys.argv[1]))
