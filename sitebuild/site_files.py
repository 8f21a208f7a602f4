"""The site's files that are not theme pages, planned from the model with the plugins' own builders: feeds and the
ติดตามข่าว page, sitemaps (an index with parts), the Google News sitemap, robots.txt, the counter's manifest (an
index with parts), old-address redirects (nginx map and pages), withdrawn.map, the search page.

Files that grow with the archive are split by month of publication, so one story rewrites one small part and the
index naming the parts: `sitemap-news-2026-11.xml` beside `sitemap.xml`, `api/stories/2026-11.json` beside
`api/stories.json`.
"""
from __future__ import annotations

import json
import logging
import posixpath
import xml.etree.ElementTree as ET
from collections import defaultdict
from importlib import resources
from pathlib import Path

from nuea.site import site_url
from nuea.story import Term

from .plan import SITEMAP_LIMIT, SitePlan, fingerprint

FEEDS_LOG = logging.getLogger("plugins.feeds")
LEGACY_LOG = logging.getLogger("plugins.legacy_redirects")


def feed_groups(plan: SitePlan, kind) -> dict[str, tuple[str, list]]:
    """slug -> (Thai name, live stories newest first) of one kind of feed (kinds.py), from the plan's groups."""
    stories = {"province": plan.by_province, "agency": plan.by_agency, "section": plan.by_section,
               "tag": {slug: members for slug, (_, members) in plan.tags.items()}}
    if kind.name == "all":
        return {"all": ("", plan.newest_first)} if plan.newest_first else {}
    if kind.name not in stories:  # a kind added to kinds.py later: its own membership rule, O(stories)
        found: dict[str, tuple[str, list]] = {}
        for item in plan.newest_first:
            for term in kind.terms(item.record.story):
                found.setdefault(term.slug, (term.name, []))[1].append(item)
        return found
    found = {}
    for slug, members in stories[kind.name].items():
        term = next(t for t in kind.terms(members[0].record.story) if t.slug == slug)  # named by the newest story
        found[slug] = (term.name, members)
    return found


def feed_specs(plan: SitePlan) -> list:
    """Every feed of the site (feeds.catalog.group_spec for each group), in a stable order; none without the feeds
    plugin."""
    if not enabled(plan.settings, "plugins.feeds"):
        return []
    from plugins.feeds.catalog import FeedInputError, check_slug, group_spec
    from plugins.feeds.kinds import enabled_kinds
    from plugins.feeds.settings import setting

    s = plan.settings
    kinds = enabled_kinds(s)
    page_paths = {k.name: s.get(*k.page) if k.page[0] else "" for k in kinds}
    max_items = int(setting(s, "FEEDS_MAX_ITEMS"))
    if max_items < 1:
        raise FeedInputError(f"FEEDS_MAX_ITEMS must be at least 1, not {max_items!r}")
    specs = []
    for kind in kinds:
        groups = feed_groups(plan, kind)
        for slug in sorted(groups):
            name, members = groups[slug]
            check_slug(members[0].record.story, kind.name, Term(name, slug))
            specs.append(group_spec(kind, slug, name, [i.record.story for i in members[:max_items]],
                                    max_items=max_items, site_name=s.get("SITENAME", ""),
                                    site_description=setting(s, "FEEDS_DESCRIPTION"), page_paths=page_paths))
    return specs


def enabled(settings: dict, plugin: str) -> bool:
    """Whether `plugin` is one of the build's PLUGINS: a file family whose plugin is off is not written (as in a
    plain Pelican build, where the plugin would not run)."""
    return any((p if isinstance(p, str) else getattr(p, "__name__", "")) == plugin
               for p in settings.get("PLUGINS", ()))


def plan_site_files(plan: SitePlan) -> None:
    s = plan.settings
    for plugin, step in (("plugins.feeds", _feeds), ("plugins.seo_sitemaps", _sitemaps),
                         ("plugins.read_counts", _manifest), ("plugins.legacy_redirects", _legacy),
                         ("plugins.withdrawn", _withdrawn), ("plugins.search", _search_page)):
        if enabled(s, plugin):
            step(plan)


# --- feeds ----------------------------------------------------------------------------------------------------
def _feeds(plan: SitePlan) -> None:
    from plugins.feeds import channel
    from plugins.feeds.build_feed import FORMATS, build_feed
    from plugins.feeds.entries import feed_entry
    from plugins.feeds.settings import setting
    from plugins.feeds.write_feeds import SHIPPED, XSL_NAME, code_version, feed_url, stylesheet, xsl_href

    s, r = plan.settings, plan.renderer
    feeds_dir = setting(s, "FEEDS_DIR")
    base = site_url(s)
    chan = channel(s)
    entries: dict = {}

    def entry(story_id: str):
        if story_id not in entries:
            view = r.story(story_id)
            entries[story_id], warnings = feed_entry(
                view.story, view.get_content(base), str(view.summary or ""), f"{base}/{view.url}", site_url=base,
                tag_authority=setting(s, "FEEDS_TAG_AUTHORITY"), content_root=s["PATH"], output_root=s["OUTPUT_PATH"])
            for warning in warnings:
                FEEDS_LOG.warning("feeds: %s", warning)
        return entries[story_id]

    fixed = (code_version(), repr(chan))
    for spec in r.feed_specs:
        if not plan.enter(f"feed:{spec.key}"):
            continue
        held = tuple(plan.story_key(i) for i in spec.story_ids)
        shown = (spec.kind, spec.term.name, spec.term.slug, spec.title, spec.description, spec.page_path,
                 spec.newest_update)
        for fmt in FORMATS:
            path = spec.path(feeds_dir, fmt)
            fp = fingerprint("feed", fixed, shown, held, fmt, feed_url(chan, path), xsl_href(path, feeds_dir))
            plan.add(path, fp, lambda spec=spec, fmt=fmt, path=path: build_feed(
                spec, tuple(entry(i) for i in spec.story_ids), chan, fmt, feed_url(chan, path),
                xsl_href(path, feeds_dir)), phase=3)
    plan.enter("site")
    plan.add(f"{feeds_dir}/{XSL_NAME}", fingerprint("xsl", code_version()), stylesheet, phase=1)
    for name in SHIPPED:
        data = resources.files("plugins.feeds").joinpath(name).read_bytes()
        plan.add(f"{feeds_dir}/{name}", fingerprint("shipped", name, data), lambda data=data: data, phase=1)
    save_as = setting(s, "FEEDS_PAGE_SAVE_AS")
    links = tuple(r.catalog.links)
    plan.add(save_as, fingerprint("feeds-page", plan.site_hash, links, setting(s, "FEEDS_MAX_ITEMS")),
             lambda: r.template_page("feeds", save_as, page_name=save_as.removesuffix("index.html").rstrip("/")
                                     or "index", url=setting(s, "FEEDS_PAGE_URL"), feed_catalog=r.catalog,
                                     feeds_max_items=setting(s, "FEEDS_MAX_ITEMS")), phase=3)


# --- sitemaps -------------------------------------------------------------------------------------------------
def _newest(items):
    return max((i.record.story.updated for i in items), default=None)


def sitemap_parts(plan: SitePlan, months: set[str] | None = None) -> dict[str, list]:
    """Part file name -> its entries: the site's pages in one part, stories by month of publication (only the
    months in `months`, when given)."""
    from plugins.seo_sitemaps.entries import Entry

    pages = [Entry("", _newest(plan.newest_first))]
    pages += [Entry(rec.url, None) for _, rec in plan.pages if rec.status == "published"]
    s, reg = plan.settings, plan.state.registry
    pages += [Entry(term.url, _newest(members)) for term, members in plan.category_list()]
    for province in reg.provinces:
        members = plan.by_province.get(province.slug, [])
        pages.append(Entry(s["PROVINCE_URL"].format(slug=province.slug), _newest(members)))
    for agency in reg.agencies:
        pages.append(Entry(s["AGENCY_URL"].format(slug=agency.slug), _newest(plan.by_agency.get(agency.slug, []))))
    if s.get("REPORTER_SAVE_AS"):
        pages += [Entry(s["REPORTER_URL"].format(slug=slug), _newest(members))
                  for slug, members in plan.by_reporter.items()]
    parts: dict[str, list] = {"sitemap-pages.xml": sorted(set(pages), key=lambda e: e.url)}
    for month, items in _by_month(plan).items():
        if months is not None and month not in months:
            parts.update({name: None for name in _month_part_names(month, len(items))})
            continue
        entries = sorted((Entry(i.record.url, i.record.story.updated) for i in items), key=lambda e: e.url)
        for n, name in enumerate(_month_part_names(month, len(entries))):
            parts[name] = entries[n * SITEMAP_LIMIT:(n + 1) * SITEMAP_LIMIT]
    return parts


def _by_month(plan: SitePlan) -> dict[str, list]:
    months: dict[str, list] = defaultdict(list)
    for item in plan.newest_first:
        date = item.record.story.date
        months[f"{date.year:04d}-{date.month:02d}"].append(item)
    return dict(sorted(months.items()))


def _month_part_names(month: str, count: int) -> list[str]:
    parts = max(1, -(-count // SITEMAP_LIMIT))
    return [f"sitemap-news-{month}.xml"] if parts == 1 else [f"sitemap-news-{month}-{n}.xml"
                                                           for n in range(1, parts + 1)]


def sitemap_index_xml(parts: list[tuple[str, object]], siteurl: str) -> bytes:
    from plugins.seo_sitemaps.sitemap_xml import SITEMAP_NS, absolute, w3c_datetime

    ET.register_namespace("", SITEMAP_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    for name, lastmod in parts:
        node = ET.SubElement(root, f"{{{SITEMAP_NS}}}sitemap")
        ET.SubElement(node, f"{{{SITEMAP_NS}}}loc").text = absolute(siteurl, name)
        if lastmod is not None:
            ET.SubElement(node, f"{{{SITEMAP_NS}}}lastmod").text = w3c_datetime(lastmod)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _sitemaps(plan: SitePlan) -> None:
    from plugins.seo_sitemaps.news_sitemap import news_sitemap_xml
    from plugins.seo_sitemaps.robots import robots_txt
    from plugins.seo_sitemaps.settings import DEFAULTS
    from plugins.seo_sitemaps.sitemap_xml import sitemap_xml

    s = plan.settings
    plan.enter("site")

    def setting(key):
        return s.get(key, DEFAULTS[key])

    base = site_url(s)
    index_name = setting("SEO_SITEMAP_SAVE_AS")
    names = []
    if index_name:
        folder = posixpath.dirname(index_name)
        scope = plan.scope
        months = None if scope.everything else {k.split(":", 1)[1] for k in scope.sections
                                                if k.startswith("sitemap:")}
        parts = sitemap_parts(plan, months)
        by_month = _by_month(plan)
        listed = []
        for name, entries in parts.items():
            path = posixpath.join(folder, name)
            month = name.removeprefix("sitemap-news-")[:7] if name.startswith("sitemap-news-") else None
            if month:
                items = by_month[month]  # a part's lastmod: its newest change, known without its entries
                cut = _month_part_names(month, len(items))
                if len(cut) > 1:  # several parts: each one's own stories
                    ordered = sorted(items, key=lambda i: i.record.url)
                    n = cut.index(name)
                    items = ordered[n * SITEMAP_LIMIT:(n + 1) * SITEMAP_LIMIT]
                listed.append((path, max(i.record.story.updated for i in items)))
            else:
                lastmods = [e.lastmod for e in entries if e.lastmod is not None]
                listed.append((path, max(lastmods) if lastmods else None))
            if entries is None or not plan.enter(f"sitemap:{month}" if month else "site"):
                continue
            plan.add(path, fingerprint("sitemap", tuple(entries), base), lambda e=entries: sitemap_xml(e, base),
                     phase=3)
        plan.enter("site")
        plan.add(index_name, fingerprint("sitemap-index", tuple(listed), base),
                 lambda: sitemap_index_xml(listed, base), phase=3)
        names.append(index_name)
    news_name = setting("SEO_NEWS_SITEMAP_SAVE_AS")
    now = plan.state.now
    days = setting("SEO_NEWS_DAYS")
    if news_name and any(0 <= (now - i.record.story.date).total_seconds() <= days * 86400
                         for i in plan.newest_first):  # no story in the window: no file (an empty one is invalid)
        limit = setting("SEO_NEWS_MAX")
        window = [i for i in plan.newest_first if 0 <= (now - i.record.story.date).total_seconds() <= days * 86400]
        window = sorted(window, key=lambda i: (i.record.story.date, i.record.url), reverse=True)[:limit]
        publication = setting("SEO_NEWS_PUBLICATION") or s["SITENAME"]
        key = tuple((i.record.url, i.record.story.date, i.record.story.title) for i in window)
        plan.add(news_name, fingerprint("news-sitemap", key, base, publication, s.get("DEFAULT_LANG")),
                 lambda: news_sitemap_xml([_Linked(i.record) for i in window], base, publication,
                                          s.get("DEFAULT_LANG", "th")), phase=3)
        names.append(news_name)
    robots = setting("SEO_ROBOTS_SAVE_AS")
    if robots:
        text = robots_txt(base, setting("SEO_ROBOTS_DISALLOW"), names).encode()
        plan.add(robots, fingerprint("robots", text), lambda: text, phase=3)


class _Linked:
    """What the news sitemap reads of a story: its URL and its story."""

    __slots__ = ("url", "story")

    def __init__(self, record):
        self.url, self.story = record.url, record.story


# --- the counter's manifest -----------------------------------------------------------------------------------
def manifest_parts(plan: SitePlan) -> dict[str, dict]:
    """Month (2026-11) -> {story id: entry} of the live stories (format: readcounter/manifest.py)."""
    prefix = plan.settings.get("SITEURL", "")
    parts: dict[str, dict] = defaultdict(dict)
    for item in sorted(plan.live.values(), key=lambda i: i.id):
        date = item.record.story.date
        parts[f"{date.year:04d}-{date.month:02d}"][item.id] = {
            "legacy_reads": item.record.story.legacy_reads, "title": item.record.story.title,
            "url": f"{prefix}/{item.record.url}"}
    return dict(sorted(parts.items()))


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def _manifest(plan: SitePlan) -> None:
    name = plan.settings.get("READ_COUNTS_MANIFEST_SAVE_AS", "api/stories.json")
    if not name:
        return
    folder = posixpath.splitext(name)[0]  # api/stories.json -> parts in api/stories/
    listed = {}
    for month, stories in manifest_parts(plan).items():
        rel = f"{posixpath.basename(folder)}/{month}.json"
        fp = fingerprint("manifest-part", tuple((k, tuple(v.items())) for k, v in stories.items()))
        listed[rel] = fp[:16]  # changes with the part's content: the counter watches the index only
        if plan.enter(f"manifest:{month}"):
            plan.add(posixpath.join(posixpath.dirname(name), rel), fp,
                     lambda stories=stories: _json({"stories": stories}), phase=3)
    plan.enter("site")
    plan.add(name, fingerprint("manifest", tuple(listed.items())),
             lambda: _json({"parts": listed, "stories": {}}), phase=3)


# --- old addresses and withdrawn stories ----------------------------------------------------------------------
def _legacy(plan: SitePlan) -> None:
    from plugins.legacy_redirects import LegacyRedirectError, exact_map, id_map
    from plugins.legacy_redirects.nginx_map import nginx_map
    from plugins.legacy_redirects.redirect_pages import is_ours, render_redirect_page
    from plugins.legacy_redirects.settings import DEFAULTS

    s = plan.settings
    siteurl = s.get("SITEURL", "")

    def target(record) -> str:
        return f"{siteurl.rstrip('/')}/{record.url}" if siteurl else f"/{record.url}"

    addresses = plan.legacy_addresses()
    planned = {job.path for job in plan.jobs}
    output = Path(s["OUTPUT_PATH"])

    def taken(page_file: str) -> bool:
        """A page of the new site is there (planned now, or on disk and not one of our redirect pages)."""
        if page_file in planned:
            return True
        return (output / page_file).is_file() and not is_ours(output / page_file)
    if s.get("LEGACY_REDIRECT_PAGES", DEFAULTS["LEGACY_REDIRECT_PAGES"]):
        from markupsafe import Markup

        for address, item in addresses:
            if not address.page_file:
                continue
            if taken(address.page_file):
                raise LegacyRedirectError(
                    f"{item.record.story.source_path}: legacy_url {address.request_uri!r}: the old address "
                    f"/{address.page_file} is a page of the new site; a redirect there would hide it")
            title = Markup(item.record.title).striptags()
            args = (target(item.record), title, s["SITENAME"])
            plan.add(address.page_file, fingerprint("redirect", args, plan.site_hash),
                     lambda args=args: render_redirect_page(*args).encode(), phase=3)
    map_name = s.get("LEGACY_MAP_SAVE_AS", DEFAULTS["LEGACY_MAP_SAVE_AS"])
    if map_name:
        redirects = exact_map(addresses, lambda item: target(item.record))
        plan.add(map_name, fingerprint("legacy-map", tuple(sorted(redirects.items()))),
                 lambda: nginx_map(redirects).encode(), phase=3)
    id_map_name = s.get("LEGACY_ID_MAP_SAVE_AS", DEFAULTS["LEGACY_ID_MAP_SAVE_AS"])
    if id_map_name:
        live = [(item.record.story, target(item.record)) for item in sorted(plan.live.values(), key=lambda i: i.id)]
        by_id, shared = id_map(live, [story for _, story in plan.withdrawn])
        if shared and plan.scope.everything:  # said once per full build, not by every publish
            examples = "; ".join(f"{key} ({', '.join(sorted(ids))})" for key, ids in sorted(shared.items())[:5])
            LEGACY_LOG.warning("legacy_redirects: %d old path+id keys are shared by several stories, so only their "
                               "exact addresses redirect: %s", len(shared), examples)
        plan.add(id_map_name, fingerprint("legacy-id-map", tuple(sorted(by_id.items()))),
                 lambda: nginx_map(by_id).encode(), phase=3)


def _withdrawn(plan: SitePlan) -> None:
    from plugins.withdrawn import DEFAULTS, gone_id_keys, gone_paths
    from plugins.withdrawn.gone import gone_map

    s = plan.settings
    withdrawn = [story for _, story in plan.withdrawn]
    name = s.get("WITHDRAWN_MAP_SAVE_AS", DEFAULTS["WITHDRAWN_MAP_SAVE_AS"])
    if name:
        paths = tuple(sorted(set(gone_paths(withdrawn, s["ARTICLE_URL"]))))
        plan.add(name, fingerprint("gone", paths), lambda: gone_map(paths).encode(), phase=3)
    id_name = s.get("WITHDRAWN_ID_MAP_SAVE_AS", DEFAULTS["WITHDRAWN_ID_MAP_SAVE_AS"])
    if id_name:
        live = [item.record.story for item in sorted(plan.live.values(), key=lambda i: i.id)]
        keys = tuple(gone_id_keys(live, withdrawn))
        plan.add(id_name, fingerprint("gone-ids", keys), lambda: gone_map(keys).encode(), phase=3)


def _search_page(plan: SitePlan) -> None:
    s = plan.settings
    save_as = s.get("SEARCH_SAVE_AS", "search/index.html")
    if save_as:
        plan.add(save_as, fingerprint("search-page", plan.site_hash),
                 lambda: plan.renderer.template_page("search", save_as, url=s.get("SEARCH_URL", "search/"),
                                                     template_name="search"), phase=3)
