"""The one place the build talks to search.

Today (main): the static Pagefind index of the story pages with PyThaiNLP sub-word terms (plugins/search's
modules). A full build indexes synchronously when an indexed page or term changed; a fast publish starts the same
indexing in a background process (one at a time; a publish during it asks for one more run), which builds the new
bundle beside the live one and swaps it in by rename, so readers never load a half-written index. A story is found
once that run ends (minutes at 10,000 stories: the bench measures it); withdrawn or corrected text stops matching
at the same moment.

When the search service (branch `search`: SQLite FTS5, `searchservice.store.IndexWriter`) lands, this module is the
switch: `after_full_build` calls `IndexWriter.sync(records)` (+ the static fallback), `after_publish` calls
`put(record)` / `remove(url)` for the stories the publish changed, visible at once.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from nuea.files import write_atomic

log = logging.getLogger(__name__)


def _options(settings: dict) -> dict:
    from plugins.search.settings import DEFAULTS

    return {key: settings.get(key, default) for key, default in DEFAULTS.items()}


class PagefindSearch:
    def __init__(self, settings: dict, model_path: Path):
        self.settings, self.model_path = settings, Path(model_path)
        self.options = _options(settings)
        self.output = Path(settings["OUTPUT_PATH"])
        self.bundle = self.output / self.options["SEARCH_BUNDLE_DIR"]
        self.folder = Path(settings.get("CACHE_PATH") or "cache") / "search"

    @property
    def enabled(self) -> bool:
        return bool(self.options["SEARCH_INDEX"])

    # --- what is indexed ------------------------------------------------------------------------------------
    def pages(self, live: list) -> list[tuple[str, Path, str]]:
        """(url, story page file, extra terms) of every live story (`live`: (record, content) pairs)."""
        from plugins.search.index_cache import TermsCache
        from plugins.search.story_text import searchable_text

        span = self.options["SEARCH_TERM_SPAN"]
        cache = TermsCache(self.folder / "terms.json", span)

        def compute(text: str) -> str:
            from plugins.search.extra_terms import extra_terms  # imports PyThaiNLP (~1 s): only for new texts

            return " ".join(extra_terms(text, span=span))

        pages = []
        for record, content in live:
            terms = cache.terms(searchable_text(_Article(record.story, content)), compute) \
                if self.options["SEARCH_EXTRA_TERMS"] else ""
            pages.append(("/" + record.url, self.output / record.save_as, terms))
        cache.save()
        return sorted(pages)

    def index(self, live: list) -> str:
        """Index the live stories unless nothing Pagefind reads changed; the new bundle replaces the old by rename."""
        from plugins.search.index_cache import index_fingerprint, index_is_current, remember_index
        from plugins.search.pagefind_run import index_pages

        if not self.enabled or not live:
            return "search: off" if not self.enabled else "search: no story to index"
        pages = self.pages(live)
        exclude = self.options["SEARCH_EXCLUDE_SELECTORS"]
        stamp = self.folder / "index.json"
        fp = index_fingerprint(pages, exclude)
        if index_is_current(stamp, self.bundle, fp):
            return f"search: index of {len(pages)} stories unchanged"
        new, old = self.bundle.with_name(self.bundle.name + ".new"), self.bundle.with_name(self.bundle.name + ".old")
        count = index_pages(pages, new, exclude)
        shutil.rmtree(old, ignore_errors=True)
        if self.bundle.exists():
            self.bundle.rename(old)
        new.rename(self.bundle)
        shutil.rmtree(old, ignore_errors=True)
        remember_index(stamp, self.bundle, fp)
        return f"search: Pagefind indexed {count} stories"

    # --- after a build or a publish -------------------------------------------------------------------------
    def after_full_build(self, plan) -> str:
        return self.index([(item.record, plan.renderer.story(item.id).content) for item in plan.newest_first])

    def after_publish(self, plan, changed: list[str]) -> str:
        """Start (or ask for another) background index run; returns what the publish summary says."""
        if not self.enabled or not changed:
            return ""
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "pending").write_text("1")
        job = {"settings": {k: v for k, v in self.settings.items() if k.startswith("SEARCH_")
                            or k in ("OUTPUT_PATH", "CACHE_PATH", "PATH")}, "model": str(self.model_path)}
        write_atomic(self.folder / "job.json", json.dumps(job, default=str))
        subprocess.Popen([sys.executable, "-m", "sitebuild.search_step", str(self.folder / "job.json")],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=open(self.folder / "last.log", "w"),
                         start_new_session=True, cwd=Path(__file__).resolve().parent.parent)
        return "search: index update started in the background"


class _Article:
    """What searchable_text reads of a story."""

    def __init__(self, story, content):
        self.story, self.content = story, content


def run_pending(job_file: Path) -> None:
    """The background run: index from the model until no publish asked for another run meanwhile."""
    from .model import SiteModel
    from .records import StoryRecord

    job = json.loads(Path(job_file).read_text())
    settings = job["settings"]
    step = PagefindSearch(settings, Path(job["model"]))
    lock = open(step.folder / "index.lock", "a")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return  # the running one will see `pending` and run again
    pending = step.folder / "pending"
    while pending.exists():
        pending.unlink()
        model = SiteModel(Path(job["model"]))
        try:
            live = []
            for source in model.sources().values():
                record = source.outcome.record
                if isinstance(record, StoryRecord) and record.live and record.save_as:
                    body = model.body(source.source) or ("",)
                    live.append((record, body[0]))
        finally:
            model.close()
        print(step.index(live), file=sys.stderr)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    os.nice(5)
    run_pending(Path(sys.argv[1]))
