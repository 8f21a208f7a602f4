"""Sharing: LINE-first share links, Open Graph / Twitter / canonical / JSON-LD, and 1200×630 share cards.

register() is the whole life of the plugin:
  initialized              -> fail at once if Pillow's RAQM layout or a setting is wrong
  all_generators_finalized -> give every published story `article.share`, the templates `SHARE_SITE` and
                              `HOME_JSON_LD` (WebSite + Organization, site_json_ld.py),
                              and draw the missing share cards (cached by content hash, in parallel)
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from markupsafe import Markup
from pelican import signals
from pelican.generators import ArticlesGenerator
from PIL import Image

from nuea.site import site_url
from nuea.thai_dates import format_thai_date

from . import settings as conf
from .card_cache import card_job, prune_cards, render_cards
from .cards import require_raqm, sarabun_fonts
from .json_ld import script_json
from .page_share import SiteInfo, SiteShare, site_card_spec, story_card_spec, story_share
from .site_json_ld import home_graph

log = logging.getLogger(__name__)
LINE_BUTTONS = ("link", "official")


def check_settings(pelican) -> None:
    require_raqm()
    mode = conf.get(pelican.settings, "SHARE_LINE_BUTTON")
    if mode not in LINE_BUTTONS:
        raise ValueError(f"SHARE_LINE_BUTTON: {mode!r} is not one of {', '.join(LINE_BUTTONS)}")


def site_info(settings) -> SiteInfo:
    siteurl = site_url(settings)
    static_dir = settings.get("THEME_STATIC_DIR", "theme")
    logo = conf.get(settings, "SHARE_LOGO")
    logo_path = Path(settings["THEME"]) / "static" / logo
    if not logo_path.is_file():
        raise FileNotFoundError(f"SHARE_LOGO: {logo_path} not found")
    with Image.open(logo_path) as img:
        logo_size = img.size
    return SiteInfo(
        siteurl=siteurl,
        site_name=settings.get("SITENAME", ""),
        description=conf.get(settings, "SHARE_SITE_DESCRIPTION"),
        logo_path=str(logo_path),
        logo_url=f"{siteurl}/{static_dir}/{logo}",
        logo_size=logo_size,
        card_url_prefix=f"{siteurl}/{conf.get(settings, 'SHARE_CARD_DIR')}",
        twitter_site=conf.get(settings, "SHARE_TWITTER_SITE"),
        line_button=conf.get(settings, "SHARE_LINE_BUTTON"),
        line_script_url=conf.get(settings, "SHARE_LINE_SCRIPT_URL"),
        networks=tuple(conf.get(settings, "SHARE_NETWORKS")),
        reporter_url=settings.get("REPORTER_URL", "reporter/{slug}/"),
    )


def share_stories(generators) -> None:
    articles_gen = next(g for g in generators if isinstance(g, ArticlesGenerator))
    settings = articles_gen.settings
    site = site_info(settings)
    fonts = sarabun_fonts(conf.get(settings, "SHARE_CARD_FONT_DIR"))
    thai_digits = settings.get("THAI_DIGITS", False)
    stories = articles_gen.articles + articles_gen.translations + articles_gen.hidden_articles
    jobs = []
    for article in stories:
        story = article.story
        spec = story_card_spec(story, site, settings["PATH"], format_thai_date(story.date, "full", thai_digits))
        job = card_job(story.id, spec, fonts)
        article.share = story_share(article, site, job.name)
        jobs.append(job)
    site_job = card_job("site", site_card_spec(site), fonts)
    articles_gen.context["SHARE_SITE"] = SiteShare(site, site_job.name)
    search_url = f"{site.siteurl}/{settings.get('SEARCH_URL', 'search/')}"
    home = home_graph(site, settings.get("OFFICE", {}), search_url)
    articles_gen.context["HOME_JSON_LD"] = Markup(script_json(home))
    jobs.append(site_job)

    cache_dir = Path(settings.get("CACHE_PATH", "cache")) / conf.get(settings, "SHARE_CARD_CACHE")
    out_dir = Path(articles_gen.output_path) / conf.get(settings, "SHARE_CARD_DIR")
    publish = conf.get(settings, "SHARE_CARD_PUBLISH")
    report = render_cards(jobs, fonts, cache_dir, out_dir if publish else None, conf.get(settings, "SHARE_CARD_WORKERS"))
    ids = [a.story.id for a in stories] + ["site"]
    names = {job.name for job in jobs}
    stale = (prune_cards(out_dir, ids, names) if publish else []) + prune_cards(cache_dir, ids, names)
    log.info(
        "sharing: %d share cards drawn, %d reused from cache, %d stale removed (%d workers)",
        report.drawn, report.reused, len(stale), conf.get(settings, "SHARE_CARD_WORKERS") or os.cpu_count(),
    )


def register():
    signals.initialized.connect(check_settings)
    signals.all_generators_finalized.connect(share_stories)
