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
    def _terms(self, stories) -> dict[str, str]:
        """Extra Thai terms per story digest, kept between runs (only new or changed stories are segmented)."""
        from plugins.search.story_text import searchable_text

        if not self.options["SEARCH_EXTRA_TERMS"]:
            return {}
        span = self.options["SEARCH_TERM_SPAN"]
        path = self.folder / "terms-by-story.json"
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            old = stored["terms"] if stored.get("span") == span else {}
        except (OSError, ValueError, KeyError):
            old = {}
        terms = {}
        for story in stories:
            found = old.get(story.digest)
            if found is None:
                from plugins.search.extra_terms import extra_terms  # PyThaiNLP (~1 s): only for new texts

                found = " ".join(extra_terms(searchable_text(_Article(story.record.story, story.content())),
                                             span=span))
            terms[story.digest] = found
        if terms != old:
            write_atomic(path, json.dumps({"span": span, "terms": terms}, ensure_ascii=False))
        return terms

    def key(self, stories, site_inputs: str) -> str:
        """What the index is made of: each story's record (its page's indexed part follows from it and the site)."""
        import hashlib
        from importlib.metadata import version

        h = hashlib.blake2b(repr((site_inputs, sorted(self.options.items()), version("pagefind_bin_extended")))
                            .encode(), digest_size=16)
        for story in sorted(stories, key=lambda st: st.record.url):
            h.update(f"\0{story.record.url}\0{story.digest}".encode())
        return h.hexdigest()

    def index(self, stories, site_inputs: str) -> str:
        """Index the live stories unless their records and the site are the ones last indexed; the new bundle is
        built beside the live one and swapped in by rename."""
        from plugins.search.index_cache import index_is_current, remember_index
        from plugins.search.pagefind_run import index_pages

        if not self.enabled or not stories:
            return "search: off" if not self.enabled else "search: no story to index"
        stamp = self.folder / "index.json"
        key = self.key(stories, site_inputs)
        if index_is_current(stamp, self.bundle, key):
            return f"search: index of {len(stories)} stories unchanged"
        terms = self._terms(stories)
        pages = sorted(("/" + st.record.url, self.output / st.record.save_as, terms.get(st.digest, ""))
                       for st in stories)
        new, old = self.bundle.with_name(self.bundle.name + ".new"), self.bundle.with_name(self.bundle.name + ".old")
        count = index_pages(pages, new, self.options["SEARCH_EXCLUDE_SELECTORS"])
        shutil.rmtree(old, ignore_errors=True)
        if self.bundle.exists():
            self.bundle.rename(old)
        new.rename(self.bundle)
        shutil.rmtree(old, ignore_errors=True)
        remember_index(stamp, self.bundle, key)
        return f"search: Pagefind indexed {count} stories"

    # --- after a build or a publish -------------------------------------------------------------------------
    def after_full_build(self, plan, site_inputs: str) -> str:
        model = plan.renderer.model
        return self.index([Indexed(item.record, item.source.digest, model, item.source.source)
                           for item in plan.newest_first if item.record.save_as], site_inputs)

    def after_publish(self, plan, changed: list[str]) -> str:
        """Start (or ask for another) background index run; returns what the publish summary says."""
        if not self.enabled or not changed:
            return ""
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "pending").write_text("1")
        job = {"settings": {k: v for k, v in self.settings.items() if k.startswith("SEARCH_")
                            or k in ("OUTPUT_PATH", "CACHE_PATH", "PATH")}, "model": str(self.model_path)}
        write_atomic(self.folder / "job.json", json.dumps(job, default=str))
        with open(self.folder / "last.log", "w") as log_file:
            subprocess.Popen([sys.executable, "-m", "sitebuild.search_step", str(self.folder / "job.json")],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log_file,
                             start_new_session=True, cwd=Path(__file__).resolve().parent.parent)
        return "search: index update started in the background"


class _Article:
    """What searchable_text reads of a story."""

    def __init__(self, story, content):
        self.story, self.content = story, content


class Indexed:
    """A live story as the index sees it: its record, its digest, and its body HTML when needed."""

    def __init__(self, record, digest: str, model, source: str):
        self.record, self.digest, self._model, self._source = record, digest, model, source

    def content(self) -> str:
        body = self._model.body(self._source)
        return body[0] if body else ""


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
            live = [Indexed(src.outcome.record, src.digest, model, src.source) for src in model.sources().values()
                    if isinstance(src.outcome.record, StoryRecord) and src.outcome.record.live
                    and src.outcome.record.save_as]
            print(step.index(live, model.get("site_inputs", "")), file=sys.stderr)
        finally:
            model.close()


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    os.nice(5)
    run_pending(Path(sys.argv[1]))
