"""The page plan: every file of output/ the build owns, each with the fingerprint of exactly what it is made from,
computed from the site model without rendering anything.

A full build and a fast publish make the same plan from the same model; each then renders only the files whose
fingerprint differs from the one stored when the file was last written (or whose file is missing or was touched).
So which pages a change affects is never guessed: a story's page, the list pages holding it, its related-story
neighbours, the feeds, sitemap and manifest parts holding it are exactly the files whose inputs include it.

A fingerprint is made from the values a file's template (or builder) is given; the template is given nothing
else (views.Withheld), so a page cannot depend on something its fingerprint leaves out.
"""
from __future__ import annotations

import hashlib
import os
import posixpath
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from nuea.legacy_urls import LegacyUrlError, parse_legacy_url
from nuea.registry import Registry
from nuea.site import site_url
from nuea.story import Story

from .inputs import code_digest, settings_digest, theme_digest
from .model import Source
from .pagination import PlannedPage, Slot, paginate
from .records import PageRecord, SiteCard, StoryRecord, Term
from .related import RelatedIndex, Tagged

TEXT_SUFFIXES = (".html", ".xml", ".json", ".txt", ".map", ".css", ".js", ".svg", ".xsl")
SITEMAP_LIMIT = 50_000  # URLs per sitemap file (sitemaps.org)


def fingerprint(*parts) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


@dataclass
class Job:
    """One output file: how to make it and what it is made from."""

    path: str  # relative to output/
    fingerprint: str
    make: Callable[[], bytes] | None = None  # renders the bytes
    source: str | None = None  # or: copy this file
    phase: int = 2  # 1 files pages link to (photos, cards, static), 2 pages, 3 lists, feeds, maps
    section: str = "site"  # the part of the site it belongs to (see Scope)


@dataclass
class SiteState:
    """Everything the plan is made from."""

    settings: dict
    now: datetime
    sources: dict[str, Source]
    registry: Registry
    site_card: SiteCard | None = None
    static_files: list[tuple[str, str]] = field(default_factory=list)
    counts: object = None  # read_counts.sources.Counts
    touched: list | None = None  # a publish: read outcomes of what it changed, before and after (None: all)
    last_site_hash: str | None = None  # the site-wide inputs of the last run


class Live:
    """A story on the site (or a draft preview) as the plan uses it."""

    __slots__ = ("source", "record", "id", "key", "stamp", "tag_slugs")

    def __init__(self, source: Source, record: StoryRecord):
        story = record.story
        self.source, self.record, self.id = source, record, story.id
        self.key = (story.date, story.id)  # the order of every list, oldest first
        self.stamp = story.date.timestamp()
        self.tag_slugs = frozenset(t.slug for t in record.tags)


@dataclass(frozen=True)
class Touched:
    """A story a publish changed, as it was or as it is now: what decides which parts of the site it is in."""

    story: Story
    category: str | None  # the slug of its section list (Pelican's category)
    tags: frozenset[str]


class Scope:
    """The parts of the site a run plans. Every output file belongs to one section:
    story:<id> (its page and card), list:<kind>:<slug> (every page of a list), month:<YYYY-MM>, feed:<key>,
    sitemap:<YYYY-MM>, manifest:<YYYY-MM>, photos (every photo and static file) and site (the rest: indexes, maps,
    the ติดตามข่าว page, sitemap and manifest indexes...). A full build plans them all; a publish plans the sections
    its stories are or were in, their related-story neighbours, photos and site (site-wide files that depend on
    every story are cheap to plan), and deletes only within those. A change of the site-wide inputs (navigation,
    settings, theme, code) plans everything."""

    def __init__(self, sections: set[str] | None = None):
        self.sections = sections  # None: everything

    @property
    def everything(self) -> bool:
        return self.sections is None

    def covers(self, section: str) -> bool:
        return self.sections is None or section in self.sections


class SitePlan:
    """The jobs of one run (see module docstring); `renderer` makes the bytes of the jobs that must be made."""

    def __init__(self, state: SiteState, renderer):
        self.state, self.settings, self.renderer = state, state.settings, renderer
        s = self.settings
        self.per_page = int(s.get("DEFAULT_PAGINATION") or 10)
        self.patterns = s.get("PAGINATION_PATTERNS")
        self.siteurl = site_url(s)
        self.jobs: list[Job] = []
        self.section = "site"  # the section the jobs being added belong to
        self._collect()
        self.site_hash = self._site_hash()
        everything = state.touched is None or state.last_site_hash != self.site_hash
        self.scope = Scope(None if everything else self._sections([t for o in state.touched
                                                                    for t in self._touched(o)]))
        renderer.bind(self)
        self._plan()

    # --- what the model holds -------------------------------------------------------------------------------
    def _collect(self) -> None:
        self.live: dict[str, Live] = {}
        self.drafts: list[Live] = []
        self.withdrawn: list[tuple[Source, Story]] = []
        self.pages: list[tuple[Source, PageRecord]] = []
        for source in sorted(self.state.sources.values(), key=lambda s: s.source):
            outcome = source.outcome
            record = outcome.record
            if isinstance(record, StoryRecord):
                item = Live(source, record)
                (self.live.__setitem__(item.id, item) if record.live else self.drafts.append(item))
            elif isinstance(record, PageRecord):
                self.pages.append((source, record))
            elif outcome.withdrawn is not None:
                self.withdrawn.append((source, outcome.withdrawn))
        self.newest_first = sorted(self.live.values(), key=lambda i: i.key, reverse=True)
        self.draft_ids = {d.id: d for d in self.drafts}
        counts = self.state.counts
        total = getattr(counts, "total", {}) or {}
        self.reads = {i.id: i.record.story.legacy_reads + total.get(i.id, 0) for i in [*self.live.values(),
                                                                                        *self.drafts]}
        self.categories = self._terms(lambda r: [r.category] if r.category else [])
        self.tags = self._terms(lambda r: list(r.tags))
        self.by_province: dict[str, list[Live]] = {}
        self.by_agency: dict[str, list[Live]] = {}
        self.by_section: dict[str, list[Live]] = {}  # by the story's หมวด (feeds), not Pelican's category
        self.by_reporter: dict[str, list[Live]] = {}  # by the byline's slug (nuea.reporters)
        for item in self.newest_first:
            story = item.record.story
            self.by_province.setdefault(story.province.slug, []).append(item)
            self.by_agency.setdefault(story.agency.slug, []).append(item)
            if story.reporter_slug:
                self.by_reporter.setdefault(story.reporter_slug, []).append(item)
            if story.section:
                self.by_section.setdefault(story.section.slug, []).append(item)
        s = self.settings
        self.related_index = RelatedIndex([Tagged(i.id, i.key, i.tag_slugs, i.stamp) for i in self.live.values()],
                                          window=int(s.get("SITEBUILD_RELATED_WINDOW", 3)),
                                          limit=int(s.get("RELATED_POSTS_MAX", 4)))
        self._related: dict[str, list[str]] = {}
        self._keys: dict[str, tuple] = {}
        self._cards: dict[str, str] = {}
        self._feed_links: dict[tuple, tuple] = {}

    def _terms(self, of) -> dict[str, tuple[Term, list[Live]]]:
        """slug -> (term as the newest story names it, its live stories newest first)."""
        found: dict[str, tuple[Term, list[Live]]] = {}
        for item in self.newest_first:
            for term in of(item.record):
                found.setdefault(term.slug, (term, []))[1].append(item)
        return found

    def related(self, story_id: str) -> list[str]:
        """The related stories of a live story or draft (computed when first asked)."""
        found = self._related.get(story_id)
        if found is None:
            item = self.item(story_id)
            found = self._related[story_id] = self.related_index.related(
                Tagged(item.id, item.key, item.tag_slugs, item.stamp))
        return found

    def _touched(self, outcome) -> list[Touched]:
        """A changed file's story (as a read outcome, old or new) as the sections see it."""
        if outcome is None:
            return []
        record = outcome.record
        if isinstance(record, StoryRecord):
            return [Touched(record.story, record.category.slug if record.category else None,
                            frozenset(t.slug for t in record.tags))]
        if outcome.withdrawn is not None:
            story = outcome.withdrawn
            return [Touched(story, self.withdrawn_category(story), frozenset(t.slug for t in story.tags))]
        return []

    def _sections(self, touched: list[Touched]) -> set[str]:
        """The sections a publish of these stories (each as it was and as it is) can change."""
        sections = {"site", "photos"}
        window = self.related_index.window
        for t in touched:
            story = t.story
            month = f"{story.date.year:04d}-{story.date.month:02d}"
            sections |= {f"story:{story.id}", "list:index:", f"list:province:{story.province.slug}",
                         f"list:agency:{story.agency.slug}", f"month:{month}", f"sitemap:{month}",
                         f"manifest:{month}", "feed:all", f"feed:province/{story.province.slug}",
                         f"feed:agency/{story.agency.slug}"}
            if t.category:
                sections.add(f"list:category:{t.category}")
            if story.reporter_slug:
                sections.add(f"list:reporter:{story.reporter_slug}")
            if story.section:
                sections.add(f"feed:section/{story.section.slug}")
            key = (story.date, story.id)
            for tag in t.tags:
                sections |= {f"list:tag:{tag}", f"feed:tag/{tag}"}
                # the stories whose related-story windows hold (or held) it: `window` on each side, in this tag
                keys, items = self.related_index.keys.get(tag, []), self.related_index.by_tag.get(tag, [])
                i = bisect_left(keys, key)
                sections |= {f"story:{o.story_id}" for o in items[max(0, i - window):i + window + 1]}
        sections |= {f"story:{d.id}" for d in self.drafts}  # few; their related lists and feed links may move
        return sections

    # --- site-wide inputs -----------------------------------------------------------------------------------
    def navigation(self) -> tuple:
        s = self.settings
        provinces = tuple((p.name, p.slug) for p in self.state.registry.provinces)
        categories = tuple((t.name, t.slug, t.url) for t, _ in self.category_list())
        pages = tuple((src.digest, rec.slug) for src, rec in self.pages)
        card = self.state.site_card.card_file[0] if self.state.site_card else None
        return provinces, categories, pages, card, s.get("PROVINCE_URL"), s.get("AGENCY_URL")

    def _site_hash(self) -> str:
        theme_files = getattr(self.renderer, "theme_files", None)
        return fingerprint(code_digest(), theme_digest(self.settings), settings_digest(self.settings),
                           self.navigation(), theme_files.key() if theme_files else ())

    def category_list(self) -> list[tuple[Term, list[Live]]]:
        reverse = bool(self.settings.get("REVERSE_CATEGORY_ORDER"))
        return sorted(self.categories.values(), key=lambda pair: pair[0].slug, reverse=reverse)

    # --- per-story facts ------------------------------------------------------------------------------------
    def item(self, story_id: str) -> Live:
        return self.live.get(story_id) or self.draft_ids[story_id]

    def story_key(self, story_id: str) -> tuple:
        """What a card or a related link shows of a story: its record and its reads."""
        key = self._keys.get(story_id)
        if key is None:
            key = self._keys[story_id] = (story_id, self.item(story_id).source.digest, self.reads.get(story_id, 0))
        return key

    def card_fingerprint(self, story_id: str) -> str:
        fp = self._cards.get(story_id)
        if fp is None:
            fp = self._cards[story_id] = fingerprint("card", self.site_hash, self.story_key(story_id))
        return fp

    # --- the plan -------------------------------------------------------------------------------------------
    def add(self, path: str, fp: str, make=None, source=None, phase: int = 2) -> None:
        if not path:
            return
        self.jobs.append(Job(path, fp, make, source, phase, self.section))

    def enter(self, section: str) -> bool:
        """Make `section` the one jobs are added to; False when this run does not plan it."""
        self.section = section
        return self.scope.covers(section)

    def _plan(self) -> None:
        self.enter("photos")
        self._copies()
        self._story_pages()
        self.enter("site")
        self._content_pages()
        self._lists()
        self.enter("site")
        self._indexes()
        from .site_files import plan_site_files

        plan_site_files(self)
        self.enter("site")
        seen: dict[str, Job] = {}
        for job in self.jobs:
            other = seen.get(job.path)
            if other is not None and (other.fingerprint, other.source) != (job.fingerprint, job.source):
                raise PlanError(f"two different files would be written to {job.path}")
            seen[job.path] = job
        self.jobs = list(seen.values())

    def _copies(self) -> None:
        files: dict[str, str] = {}
        for item in [*self.live.values(), *self.drafts]:
            files.update(item.record.photo_files)
        for _, record in self.pages:
            files.update(record.photo_files)
        if self.state.site_card:
            files[self.state.site_card.card_file[0]] = self.state.site_card.card_file[1]
        files.update(dict(self.state.static_files))
        theme = Path(self.settings["THEME"])
        static_dir = self.settings.get("THEME_STATIC_DIR", "theme")
        for folder in self.settings.get("THEME_STATIC_PATHS", ["static"]):
            base = theme / folder
            for path in sorted(p for p in base.rglob("*") if p.is_file()):
                files[posixpath.join(static_dir, path.relative_to(base).as_posix())] = str(path)
        # files of the content-addressed caches never change under their name; others are compared by stat
        stable = tuple(os.path.join(os.path.abspath(p), "") for p in self._content_addressed())
        self._stable = stable
        for path, source in sorted(files.items()):
            self.copy(path, source)
        theme_files = getattr(self.renderer, "theme_files", None)
        if theme_files is not None:
            theme_files.plan(self)

    def copy(self, path: str, source: str) -> None:
        signature = None if source.startswith(self._stable) else _file_signature(source)
        self.add(path, fingerprint("copy", source, signature), source=source, phase=1)

    def _content_addressed(self) -> list[str]:
        """The caches whose file names carry the digest of their content: photo derivatives, share cards."""
        from plugins.images.settings import setting as images_setting
        from plugins.sharing import settings as share_conf

        s = self.settings
        images = Path(images_setting(s, "IMAGES_CACHE_DIR"))
        images = images if images.is_absolute() else Path(s["PATH"]).parent / images
        cards = Path(s.get("CACHE_PATH") or "cache") / share_conf.get(s, "SHARE_CARD_CACHE")
        return [str(images), str(cards)]

    def _story_pages(self) -> None:
        r = self.renderer
        for item in [*self.live.values(), *self.drafts]:
            rec = item.record
            if not self.enter(f"story:{item.id}"):
                continue
            if rec.card_file and rec.live:
                self.copy(*rec.card_file)
            if not rec.save_as:
                continue
            related = tuple(self.story_key(i) for i in self.related(item.id))
            feeds = self.feed_links({"article": StoryOnly(rec.story)})
            fp = fingerprint("story", self.site_hash, rec.template, self.story_key(item.id), related, feeds)
            self.add(rec.save_as, fp, lambda item=item: r.story_page(item))

    def _content_pages(self) -> None:
        r = self.renderer
        for source, rec in self.pages:
            if rec.save_as:
                self.add(rec.save_as, fingerprint("page", self.site_hash, rec.template, source.digest),
                         lambda rec=rec: r.content_page(rec))

    def list_slots(self, members: list[Live], withdrawn: list[Story]) -> list[Slot]:
        return ([Slot(i.key, i.id, True) for i in members]
                + [Slot((s.date, s.id), s.id, False) for s in withdrawn])

    def feed_links(self, values: dict) -> tuple:
        """What head_feeds.html shows on a page with these values (memoized: most pages share a few answers)."""
        args = self.renderer.feed_args(values)
        article = args["article"]
        story = getattr(article, "story", None)
        key = (story.province.slug, story.agency.slug, story.section.slug if story.section else None) if story \
            else None
        key = (key, *(getattr(args[k], "slug", args[k]) for k in ("category", "tag", "agency")), args["province_slug"])
        found = self._feed_links.get(key)
        if found is None:  # what the template prints of each link: its title and addresses
            found = self._feed_links[key] = tuple((f.title, f.rss_path, f.atom_path)
                                                  for f in self.renderer.feed_links(**args))
        return found

    def _withdrawn_in(self, test) -> list[Story]:
        return [story for _, story in self.withdrawn if test(story)] if self.withdrawn else []

    def _list(self, template: str, save_as: str, url: str, members: list[Live], withdrawn, extra: dict,
              extra_key: tuple, home: bool = False, slug: str = "") -> None:
        r = self.renderer
        if not save_as or not self.enter(f"list:{template}:{slug}"):
            return
        withdrawn = withdrawn() if callable(withdrawn) else withdrawn
        most_read = r.most_read_key() if home else None
        feeds = self.feed_links(extra)  # the same on every page of a list
        extra_key = tuple(_plain(v) for v in extra_key)
        for planned in paginate(self.list_slots(members, withdrawn), save_as, url, self.per_page, self.patterns):
            cards = tuple(self.card_fingerprint(i) for i in planned.story_ids)
            page = (planned.save_as, planned.url, planned.number, planned.newer, planned.older)
            fp = fingerprint("list", self.site_hash, template, page, cards, extra_key, most_read, feeds)
            self.add(planned.save_as, fp, lambda p=planned: r.list_page(template, p, extra, home), phase=3)

    def _lists(self) -> None:
        s, reg = self.settings, self.state.registry
        if "index" in s.get("DIRECT_TEMPLATES", ()):
            save_as = s.get("INDEX_SAVE_AS", "index.html")
            self._list("index", save_as, s.get("INDEX_URL", ""), self.newest_first, [st for _, st in self.withdrawn],
                       {"page_name": "index"}, (), home=True)
        from .views import Group, Members

        for province in reg.provinces:
            group = Group(province.name, province.slug, s["PROVINCE_URL"].format(slug=province.slug),
                          s["PROVINCE_SAVE_AS"].format(slug=province.slug))
            members = self.by_province.get(province.slug, [])
            self._list("province", group.save_as, group.url, members,
                       lambda p=province: self._withdrawn_in(lambda st: st.province.slug == p.slug),
                       {"province": group, "page_name": group.page_name}, (group,), slug=province.slug)
        for agency in reg.agencies:
            group = Group(agency.abbr, agency.slug, s["AGENCY_URL"].format(slug=agency.slug),
                          s["AGENCY_SAVE_AS"].format(slug=agency.slug), agency.name, agency.province)
            members = self.by_agency.get(agency.slug, [])
            self._list("agency", group.save_as, group.url, members,
                       lambda a=agency: self._withdrawn_in(lambda st: st.agency.slug == a.slug),
                       {"agency": group, "page_name": group.page_name}, (group,), slug=agency.slug)
        if s.get("REPORTER_SAVE_AS"):
            for slug, members in sorted(self.by_reporter.items()):
                story = members[0].record.story  # named as the reporter's newest story writes the byline
                group = Group(story.reporter, slug, s["REPORTER_URL"].format(slug=slug),
                              s["REPORTER_SAVE_AS"].format(slug=slug))
                self._list("reporter", group.save_as, group.url, members,
                           lambda slug=slug: self._withdrawn_in(lambda st: st.reporter_slug == slug),
                           {"reporter": group, "page_name": group.page_name, "articles": Members(len(members))},
                           (group, len(members)), slug=slug)
        for term, members in self.categories.values():
            self._list("category", term.save_as, term.url, members,
                       lambda t=term: self._withdrawn_in(lambda st: self.withdrawn_category(st) == t.slug),
                       {"category": term, "page_name": term.page_name}, (term,), slug=term.slug)
        for term, members in self.tags.values():
            self._list("tag", term.save_as, term.url, members,
                       lambda t=term: self._withdrawn_in(lambda st: any(x.slug == t.slug for x in st.tags)),
                       {"tag": term, "page_name": term.page_name}, (term,), slug=term.slug)
        self._months()

    def withdrawn_category(self, story: Story) -> str:
        """The section slug a withdrawn story had (Pelican's rule: its หมวด, else its folder, else the default)."""
        if story.section:
            return story.section.slug
        return self.renderer.fallback_category_slug(story)

    def _months(self) -> None:
        s, r = self.settings, self.renderer
        pattern, url_pattern = s.get("MONTH_ARCHIVE_SAVE_AS"), s.get("MONTH_ARCHIVE_URL")
        if not pattern:
            return
        months: dict[tuple[int, int], list[Live]] = {}
        for item in self.newest_first:
            date = item.record.story.date
            months.setdefault((date.year, date.month), []).append(item)
        for (year, month), members in months.items():
            if not self.enter(f"month:{year:04d}-{month:02d}"):
                continue
            date = members[0].record.story.date
            save_as, url = pattern.format(date=date), url_pattern.format(date=date)
            cards = tuple((i.id, i.record.story.date, self.card_fingerprint(i.id)) for i in members)
            fp = fingerprint("month", self.site_hash, save_as, cards)
            self.add(save_as, fp, lambda m=members, y=year, mo=month, u=url, sa=save_as:
                     r.month_page(m, y, mo, u, sa), phase=3)

    def _indexes(self) -> None:
        s, r = self.settings, self.renderer
        for name in s.get("DIRECT_TEMPLATES", ()):
            if name == "index":
                continue
            save_as = s.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
            if not save_as:
                continue
            key: tuple = ()
            if name == "categories":
                key = tuple((t, len(m)) for t, m in self.category_list())
            elif name == "tags":
                key = tuple((t, len(m)) for t, m in self.tags.values())
            elif name == "archives":
                key = tuple(sorted(i.record.story.date for i in self.newest_first))
            self.add(save_as, fingerprint("direct", self.site_hash, name, key),
                     lambda n=name, sa=save_as: r.direct_page(n, sa), phase=3)
        agencies_save_as = s.get("AGENCIES_SAVE_AS")
        if agencies_save_as:
            key = tuple((a.slug, len(self.by_agency.get(a.slug, ()))) for a in self.state.registry.agencies)
            self.add(agencies_save_as, fingerprint("agencies", self.site_hash, key),
                     lambda: r.agencies_page(agencies_save_as), phase=3)

    # --- facts other parts need -----------------------------------------------------------------------------
    def legacy_addresses(self) -> list[tuple[object, Live]]:
        """(LegacyAddress, live story) for every old address of every live story, in a stable order."""
        found = []
        for item in sorted(self.live.values(), key=lambda i: i.id):
            for value in item.record.story.legacy_urls:
                try:
                    found.append((parse_legacy_url(value), item))
                except LegacyUrlError:
                    continue  # the content checks refused it before anything was read
        return found


def story_checks(sources: dict[str, Source], settings: dict) -> list:
    """The model's stories as the cross-story content checks (duplicate ids, shared old addresses) see them."""
    from nuea.story import StoryCheck

    checks = []
    parent = Path(settings["PATH"]).name
    for source in sources.values():
        record = source.outcome.record
        story = record.story if isinstance(record, StoryRecord) else source.outcome.withdrawn
        if story is None:
            continue
        checks.append(StoryCheck(f"{parent}/{source.source}", story, status=story.status, date=story.date,
                                 story_id=story.id))
    return checks


class PlanError(RuntimeError):
    pass


class StoryOnly:
    """What feeds_for reads of a page's article: its story."""

    __slots__ = ("story",)

    def __init__(self, story):
        self.story = story


def _plain(value):
    """A dataclass (a group, a term) as a plain tuple: cheaper to fingerprint than its repr."""
    from dataclasses import astuple, is_dataclass

    return astuple(value) if is_dataclass(value) else value


def _file_signature(path: str) -> tuple:
    """Size and mtime of a file to copy (cache files never change in place; theme and static files may)."""
    try:
        st = Path(path).stat()
    except FileNotFoundError:
        return (None,)
    return (st.st_size, st.st_mtime_ns)


__all__ = ["SitePlan", "SiteState", "Job", "PlanError", "PlannedPage", "story_checks"]
