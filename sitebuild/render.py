"""Rendering planned pages with the theme's templates: one Jinja environment, made by Pelican the way its own
generators make it (theme loaders, the plugins' filters and globals), and a context built from views.

The same function renders a page in a full build and in a fast publish; the context holds the settings, the
site-wide values every page shows (navigation, footer pages, the site's share data), and the values of that page
alone. Cards are rendered once per story and fingerprint and kept in the model, so a list page of ten stories
renders no card it already has.
"""
from __future__ import annotations

import os
from pathlib import Path

from jinja2 import pass_context
from markupsafe import Markup

from nuea.site import site_url

from .pagination import PlannedPage
from .views import Group, ListPageView, Members, PageLink, PageView, StoryView, Withheld

CARD_TEMPLATE = "partials/story_card.html"
WITHHELD = ("articles", "dates", "drafts", "hidden_articles", "tags", "authors", "period_archives", "agencies",
            "most_read", "related_posts", "WITHDRAWN_STORIES", "FEED_CATALOG", "static_content",
            "generated_content", "static_links", "staticfiles", "hidden_pages", "draft_pages")


class Renderer:
    def __init__(self, settings: dict, env, model, share_site=None):
        self.settings, self.env, self.model, self.share_site = settings, env, model, share_site
        self.plan = None
        self._views: dict[str, StoryView] = {}
        self._cards: dict[tuple, Markup] = {}
        self.cards_rendered = 0
        self._most_read = None
        env.globals["story_card"] = self._story_card

    def bind(self, plan) -> None:
        """Called by the plan once it knows the site: the feed catalog and the site-wide context."""
        self.plan = plan
        from plugins.feeds.page_links import FeedCatalog

        from .site_files import feed_specs

        self.feed_specs = feed_specs(plan)
        self.catalog = FeedCatalog(self.feed_specs, self._feeds_dir(), site_url(self.settings))
        self.base = self._base_context()

    def _feeds_dir(self) -> str:
        from plugins.feeds.settings import setting

        return setting(self.settings, "FEEDS_DIR")

    # --- views ----------------------------------------------------------------------------------------------
    def story(self, story_id: str) -> StoryView:
        view = self._views.get(story_id)
        if view is None:
            plan = self.plan
            item = plan.item(story_id)

            def body(source=item.source.source):
                content, summary, extra = self.model.body(source) or ("", "", ())
                return content, summary, dict(extra)

            view = StoryView(item.record, plan.reads.get(story_id, 0), body,
                             lambda: [self.story(i) for i in plan.related(story_id)])
            self._views[story_id] = view
        return view

    def page(self, record) -> PageView:
        source = next(src for src, rec in self.plan.pages if rec is record)
        body = self.model.body(source.source) or ("", "", ())
        return PageView(record, body[0], body[1], dict(body[2]))

    # --- context --------------------------------------------------------------------------------------------
    def _base_context(self) -> dict:
        s, plan = self.settings, self.plan
        context = {k: v for k, v in s.items()}
        context.update({name: Withheld(name) for name in WITHHELD})
        context["localsiteurl"] = s.get("SITEURL", "")
        context["provinces"] = [(Group(p.name, p.slug, s["PROVINCE_URL"].format(slug=p.slug),
                                       s["PROVINCE_SAVE_AS"].format(slug=p.slug)), Withheld("provinces' stories"))
                                for p in plan.state.registry.provinces]
        context["categories"] = [(term, Withheld("categories' stories")) for term, _ in plan.category_list()]
        context["pages"] = [self.page(rec) for _, rec in plan.pages if rec.status == "published"]
        context["feeds_for"] = self.catalog.feeds_for
        if self.share_site is not None:
            from plugins.sharing.json_ld import script_json
            from plugins.sharing.site_json_ld import home_graph

            context["SHARE_SITE"] = self.share_site
            search_url = f"{self.share_site.site.siteurl}/{s.get('SEARCH_URL', 'search/')}"
            context["HOME_JSON_LD"] = Markup(script_json(home_graph(self.share_site.site, s.get("OFFICE", {}),
                                                                    search_url)))
        context.setdefault("READ_COUNTS_API", s.get("READ_COUNTS_API", "/api"))
        context.setdefault("READ_COUNTS_MOST_READ", s.get("READ_COUNTS_MOST_READ", 5))
        return context

    def _context(self, save_as: str, **values) -> dict:
        context = dict(self.base)
        if self.settings.get("RELATIVE_URLS"):
            from pelican.utils import get_relative_path, path_to_url

            relative = path_to_url(get_relative_path(save_as))
            context["SITEURL"] = context["localsiteurl"] = relative
        context["output_file"] = save_as
        context.update(values)
        return context

    def _render(self, template: str, save_as: str, **values) -> bytes:
        name = template if template.endswith(".html") else f"{template}.html"
        html = self.env.get_template(name).render(self._context(save_as, **values))
        return html.encode("utf-8")

    # --- feeds on pages (<link rel=alternate>) --------------------------------------------------------------
    @staticmethod
    def feed_args(values: dict) -> dict:
        """The arguments head_feeds.html passes to feeds_for, from a page's values."""
        province = values.get("province")
        return {"article": values.get("article"), "category": values.get("category"), "tag": values.get("tag"),
                "province_slug": province.slug if province else None, "agency": values.get("agency")}

    def feed_links(self, **kwargs) -> tuple:
        return tuple(self.catalog.feeds_for(**kwargs))

    # --- cards ----------------------------------------------------------------------------------------------
    @pass_context
    def _story_card(self, ctx, article) -> Markup:
        siteurl = ctx.get("SITEURL")
        story_id = article.story.id
        fp = self.plan.card_fingerprint(story_id)
        key = (story_id, siteurl)
        hit = self._cards.get(key)
        if hit is not None and hit[0] == fp:
            return hit[1]
        stored = self.model.card(story_id) if siteurl == self.settings.get("SITEURL") else None
        if stored is not None and stored[0] == fp:
            html = Markup(stored[1])
        else:
            card_context = {**self.base, "SITEURL": siteurl, "localsiteurl": siteurl, "article": article}
            html = Markup(self.env.get_template(CARD_TEMPLATE).render(card_context))
            self.cards_rendered += 1
            if siteurl == self.settings.get("SITEURL"):
                self.model.set_card(story_id, fp, str(html))
        self._cards[key] = (fp, html)
        return html

    # --- pages ----------------------------------------------------------------------------------------------
    def story_page(self, item) -> bytes:
        view = self.story(item.id)
        rec = item.record
        return self._render(rec.template, rec.save_as, article=view, category=getattr(view, "category", None),
                            url=rec.url, blog=True)

    def content_page(self, record) -> bytes:
        return self._render(record.template, record.save_as, page=self.page(record), url=record.url)

    def list_page(self, template: str, planned: PlannedPage, values: dict, home: bool) -> bytes:
        stories = [self.story(i) for i in planned.story_ids]
        page = ListPageView(stories, planned.number, planned.url)
        newer = PageLink(*planned.newer) if planned.newer else None
        older = PageLink(*planned.older) if planned.older else None
        extra = dict(values)
        if home:
            extra["most_read"] = self.most_read()
        listed = extra.pop("articles", stories)  # a list's whole membership, where a page counts it (reporter)
        return self._render(template, planned.save_as, articles_page=page, articles_previous_page=newer,
                            articles_next_page=older, articles_paginator=None, articles=listed, dates=stories,
                            url=planned.url, template_name=template, **extra)

    def month_page(self, members, year: int, month: int, url: str, save_as: str) -> bytes:
        stories = [self.story(i.id) for i in members]
        import calendar

        return self._render("period_archives", save_as, dates=stories, articles=stories,
                            period=(year, calendar.month_name[month]), period_num=(year, month), url=url,
                            template_name="period_archives")

    def direct_page(self, name: str, save_as: str) -> bytes:
        plan, values = self.plan, {}
        if name == "categories":
            values["categories"] = [(t, Members(len(m))) for t, m in plan.category_list()]
        elif name == "tags":
            values["tags"] = [(t, Members(len(m))) for t, m in plan.tags.values()]
        elif name == "archives":
            values["dates"] = [_Dated(i.record.story.date) for i in plan.newest_first]
        return self._render(name, save_as, template_name=name, page_name=os.path.splitext(save_as)[0],
                            url=self.settings.get(f"{name.upper()}_URL", f"{name}.html"), **values)

    def agencies_page(self, save_as: str) -> bytes:
        s, plan = self.settings, self.plan
        agencies = []
        for a in plan.state.registry.agencies:
            group = Group(a.abbr, a.slug, s["AGENCY_URL"].format(slug=a.slug), s["AGENCY_SAVE_AS"].format(slug=a.slug),
                          a.name, a.province)
            agencies.append((group, Members(len(plan.by_agency.get(a.slug, ())))))
        return self._render("agencies", save_as, agencies=agencies, template_name="agencies")

    def template_page(self, template: str, save_as: str, **values) -> bytes:
        return self._render(template, save_as, **values)

    # --- most read ------------------------------------------------------------------------------------------
    def most_read_key(self) -> tuple:
        return tuple((window, tuple((self.plan.story_key(a), n) for a, n in items))
                     for window, items in self._most_read_ids().items())

    def _most_read_ids(self) -> dict:
        if self._most_read is None:
            self._most_read = self._rank()
        return self._most_read

    def _rank(self) -> dict:
        from plugins.read_counts.most_read import most_read

        plan, counts = self.plan, self.plan.state.counts
        limit = int(self.settings.get("READ_COUNTS_MOST_READ", 5))
        live = [_Ranked(i.id, i.record.story) for i in plan.newest_first]
        found = {}
        for window in ("day", "week"):
            found[window] = [(r.id, n) for r, n in most_read(live, getattr(counts, window, {}) or {}, limit)]
        return found

    def most_read(self) -> dict:
        return {window: [(self.story(i), n) for i, n in items] for window, items in self._most_read_ids().items()}

    def fallback_category_slug(self, story) -> str:
        from pelican.urlwrappers import Category

        s = self.settings
        if s.get("USE_FOLDER_AS_CATEGORY") and s.get("CATEGORY_SAVE_AS"):
            folder = Path(story.source_path).parent.name
            if folder:
                return Category(folder, s).slug
        return Category(s.get("DEFAULT_CATEGORY", "misc"), s).slug


class _Dated:
    """A story as the archive index sees it: its date only."""

    __slots__ = ("date",)

    def __init__(self, date):
        self.date = date


class _Ranked:
    """What most_read() reads of a story."""

    __slots__ = ("id", "story")

    def __init__(self, story_id, story):
        self.id, self.story = story_id, story
