"""Reading content files through Pelican and the plugins, without Pelican's output phase.

This is the one place stories and pages are read: the reader (the story contract), the photo derivatives, the share
cards and every other per-story plugin run exactly as in a Pelican build, on the files given (one story for a fast
publish, the changed ones for a warm build, all of them in batches for a cold one). What they made is kept as
records; the site itself is written from records by the renderer, never by Pelican's writer.
"""
from __future__ import annotations

import copy
import logging
import os
import posixpath
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from nuea.problems import ContentError, ContentFailure

from .records import PAGE_ATTRIBUTES, STORY_ATTRIBUTES, PageRecord, ReadOutcome, ReadResult, SiteCard, StoryRecord, Term

BATCH = 800  # stories read by one Pelican run (SITEBUILD_READ_BATCH): bounds each reading process's memory
PHASES = {"plugins.images": "photos", "plugins.sharing": "share cards", "plugins.thai_metadata": "content checks"}


class ReadFailed(ContentFailure):
    """Reading stopped: a content problem the plugins found (photos, cards) or errors Pelican logged."""

    def __init__(self, message: str, problems=(), original: Exception | None = None):
        super().__init__(message)
        self.problems = list(problems)
        self.original = original  # the plugin's own failure (e.g. images.PhotoProblems), raised as it is

    def __reduce__(self):  # from a worker process, whole
        return type(self), (str(self), self.problems, self.original)

    def report(self) -> str:
        return str(self)


class _Errors(logging.Handler):
    """Error records logged while reading (Pelican logs a file it cannot read and goes on)."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextmanager
def _collect_errors():
    handler = _Errors()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler.messages
    finally:
        root.removeHandler(handler)


def reading_settings(settings: dict, stories, pages, static: bool, stage: Path, workers: int | None = None) -> dict:
    """The settings of one reading run: only the given files, nothing written to output/."""
    s = copy.deepcopy(settings)
    s.update(
        ARTICLE_PATHS=list(stories), PAGE_PATHS=list(pages),
        STATIC_PATHS=list(settings.get("STATIC_PATHS", [])) if static else [],
        OUTPUT_PATH=str(stage), DELETE_OUTPUT_DIRECTORY=False,
        READ_COUNTS_SOURCE="",  # read counts are a site-wide fact, loaded once by the build
        IMAGES_PUBLISH=False, SHARE_CARD_PUBLISH=False,  # the renderer copies what records name
        SITEBUILD_READING=True,
    )
    if workers is not None:
        s.update(IMAGES_WORKERS=workers, SHARE_CARD_WORKERS=workers)
    return s


def _term(wrapper) -> Term | None:
    if wrapper is None:
        return None
    return Term(str(wrapper.name), str(wrapper.slug), str(wrapper.url), str(wrapper.save_as))


def _relative(path: str, content: str) -> str:
    return Path(os.path.relpath(path, content)).as_posix()


def _card_file(article, settings) -> tuple[str, str] | None:
    share = getattr(article, "share", None)
    if share is None:
        return None
    from plugins.sharing import settings as share_conf

    name = share.card_url.rsplit("/", 1)[1]
    cache = Path(settings.get("CACHE_PATH") or "cache") / share_conf.get(settings, "SHARE_CARD_CACHE")
    return f"{share_conf.get(settings, 'SHARE_CARD_DIR')}/{name}", str(cache / name)


def story_record(article, settings: dict, live: bool) -> StoryRecord:
    return StoryRecord(
        source=_relative(article.source_path, settings["PATH"]),
        story=article.story, live=live, url=article.url, save_as=article.save_as or "",
        template=article.template, title=article.title, content=article.content or "",
        summary=str(article.summary or ""), category=_term(getattr(article, "category", None)),
        tags=tuple(_term(t) for t in getattr(article, "tags", ()) or ()),
        extra=tuple((a, getattr(article, a)) for a in STORY_ATTRIBUTES if hasattr(article, a)),
        photo_files=tuple(getattr(article, "photo_files", ())), card_file=_card_file(article, settings),
    )


def page_record(page, settings: dict) -> PageRecord:
    return PageRecord(
        source=_relative(page.source_path, settings["PATH"]), title=page.title, slug=page.slug, url=page.url,
        save_as=page.save_as or "", template=page.template, status=page.status, content=page.content or "",
        summary=str(page.summary or ""),
        extra=tuple((a, getattr(page, a)) for a in PAGE_ATTRIBUTES if hasattr(page, a)),
        photo_files=tuple(getattr(page, "photo_files", ())),
    )


def _photo_sources(content, settings) -> tuple[str, ...]:
    return tuple(sorted(_relative(p, settings["PATH"]) for p in getattr(content, "photo_sources", ())))


def _read_batch(settings: dict, stories, pages, static: bool, stage: str, workers: int | None) -> ReadResult:
    from pelican import Pelican, signals
    from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator

    s = reading_settings(settings, stories, pages, static, Path(stage), workers)
    result = ReadResult()
    with _collect_errors() as errors:
        pelican = Pelican(s)
        context = s.copy()
        context.update(generated_content={}, static_links=set(), static_content={}, localsiteurl=s["SITEURL"])
        generators = [cls(context=context, settings=s, path=pelican.path, theme=pelican.theme,
                          output_path=pelican.output_path) for cls in pelican._get_generator_classes()]
        times = result.seconds
        try:
            started = time.perf_counter()
            for generator in generators:
                if hasattr(generator, "generate_context"):
                    generator.generate_context()
            times["pelican"] = time.perf_counter() - started
            # what signal.send does, one plugin at a time, so the build can say what each costs
            for receiver in signals.all_generators_finalized.receivers_for(generators):
                started = time.perf_counter()
                receiver(generators)
                name = PHASES.get(receiver.__module__, receiver.__module__)
                times[name] = times.get(name, 0.0) + time.perf_counter() - started
        except ContentFailure as failure:
            raise ReadFailed(failure.report(), getattr(failure, "problems", ()), failure) from None
        for generator in generators:
            if hasattr(generator, "refresh_metadata_intersite_links"):
                generator.refresh_metadata_intersite_links()
        if errors:
            raise ReadFailed(f"reading the content logged {len(errors)} error(s):\n" + "\n".join(errors))

    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    content_root = s["PATH"]
    for article in articles.articles:
        result.outcomes.append(ReadOutcome(_relative(article.source_path, content_root),
                                           story_record(article, s, True), photos=_photo_sources(article, s),
                                           photos_made=getattr(article, "photos_made", 0)))
    for draft in articles.drafts:
        result.outcomes.append(ReadOutcome(_relative(draft.source_path, content_root),
                                           story_record(draft, s, False), photos=_photo_sources(draft, s),
                                           photos_made=getattr(draft, "photos_made", 0)))
    parent = Path(content_root).parent
    for story in context.get("WITHDRAWN_STORIES", ()):
        result.outcomes.append(ReadOutcome(_relative(parent / story.source_path, content_root), withdrawn=story))
    pages_gen = next(g for g in generators if isinstance(g, PagesGenerator))
    for page in [*pages_gen.pages, *pages_gen.hidden_pages, *pages_gen.draft_pages]:
        result.outcomes.append(ReadOutcome(_relative(page.source_path, content_root), page_record(page, s),
                                           photos=_photo_sources(page, s)))
    # story files that gave nothing (a draft with problems, or one left out for its photos): kept as such, with
    # whether they were due, so the build reads them again when their time comes
    now = _reader_now(generators)
    seen = {o.source for o in result.outcomes}
    for check in _reader_checks(generators):
        source = display_to_source(check.path, content_root)
        if source not in seen:
            result.outcomes.append(ReadOutcome(source, going_out=check.going_out(now) if now else True))
            seen.add(source)
    share_site = context.get("SHARE_SITE")
    if share_site is not None:
        from plugins.sharing import settings as share_conf

        cache = Path(s.get("CACHE_PATH") or "cache") / share_conf.get(s, "SHARE_CARD_CACHE")
        result.site_card = SiteCard(share_site, (f"{share_conf.get(s, 'SHARE_CARD_DIR')}/{share_site.card_name}",
                                                 str(cache / share_site.card_name)))
    if static:
        static_gen = next(g for g in generators if isinstance(g, StaticGenerator))
        result.static_files = sorted((sf.save_as, str(Path(content_root) / sf.source_path))
                                     for sf in static_gen.staticfiles)
    return result


def _reader_checks(generators) -> list:
    from plugins.thai_metadata import thai_readers

    return [c for r in thai_readers(generators) for c in r.checks]


def _reader_now(generators):
    from plugins.thai_metadata import thai_readers

    readers = thai_readers(generators)
    return readers[0].now if readers else None


def read_files(settings: dict, stories: list[str], pages: list[str], stage: Path, static: bool = False,
               workers: int = 1, worker_settings: dict | None = None, on_batch=None) -> ReadResult:
    """Read `stories` and `pages` (content-relative paths) and, with static=True, list the static files. More
    stories than one batch are read in batches, in `workers` processes at once (given `worker_settings`, the
    settings before Pelican's plugins added their functions: default `settings`); problems of every batch are
    reported together. `on_batch(result)`, when given, is applied to each batch's result as it arrives (a full build
    parks the records' bodies on disk with it)."""
    keep = on_batch or (lambda result: result)
    stories, size = sorted(stories), int(settings.get("SITEBUILD_READ_BATCH") or BATCH)
    batches = [stories[i:i + size] for i in range(0, len(stories), size)] or [[]]
    stage.mkdir(parents=True, exist_ok=True)
    if workers <= 1 or len(batches) == 1:
        results, failures = [], []
        for n, batch in enumerate(batches):
            try:
                results.append(keep(_read_batch(settings, batch, pages if n == 0 else [], static and n == 0,
                                                str(stage), None)))
            except ReadFailed as failure:
                failures.append(failure)
    else:
        results, failures = _parallel(worker_settings or settings, batches, pages, static, stage, workers, keep)
    if failures:
        problems = [p for f in failures for p in f.problems]
        if len(failures) == 1 and failures[0].original is not None:
            raise failures[0].original
        if all(f.problems for f in failures):
            raise ContentError(problems)  # the plain file:line: field: message list, as `make check` prints
        raise ReadFailed("\n".join(str(f) for f in failures), problems)
    merged = ReadResult()
    for result in results:
        merged.outcomes += result.outcomes
        merged.site_card = merged.site_card or result.site_card
        merged.static_files += result.static_files
        for name, seconds in result.seconds.items():
            merged.seconds[name] = merged.seconds.get(name, 0.0) + seconds
    return merged


def _parallel(settings, batches, pages, static, stage, workers, keep):
    """Each batch in a fresh process started from nothing (spawn) and given only its inputs: a worker holds one
    batch's Pelican run, never a forked copy of this process nor what earlier batches left behind."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    results, failures = [], []
    with ProcessPoolExecutor(workers, mp_context=context, max_tasks_per_child=1) as pool:
        futures = [pool.submit(_read_batch, settings, batch, pages if n == 0 else [], static and n == 0, str(stage), 1)
                   for n, batch in enumerate(batches)]
        for future in futures:
            try:
                results.append(keep(future.result()))
            except ReadFailed as failure:
                failures.append(failure)
    return results, failures


def display_to_source(display: str, content: str) -> str:
    """content/news/2569/x.md (as problems name files) -> news/2569/x.md (relative to the content folder)."""
    return posixpath.relpath(posixpath.join(Path(content).parent.as_posix(), display), Path(content).as_posix())
