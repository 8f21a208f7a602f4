"""What a page gains from sharing (canonical, Open Graph, Twitter, JSON-LD, share links), from a story's fields."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from nuea.story import Story

from . import json_ld, links, open_graph
from .cards import CardSpec
from .preview import StoryPreview, canonical_url, plain_text


@dataclass(frozen=True)
class SiteInfo:
    siteurl: str  # absolute
    site_name: str
    description: str
    logo_path: str  # file on disk
    logo_url: str
    logo_size: tuple[int, int]
    card_url_prefix: str  # e.g. https://example.org/cards
    twitter_site: str | None = None
    line_button: str = "link"  # link | official
    line_script_url: str = ""  # LINE's loader, "official" mode only
    networks: tuple[str, ...] = ("facebook", "x", "copy")
    reporter_url: str = "reporter/{slug}/"  # REPORTER_URL (plugins/listings): JSON-LD author.url


@dataclass(frozen=True)
class PageShare:
    """`article.share` / `SHARE_SITE.for_page(...)`: everything head_meta.html and share_buttons.html print."""

    canonical_url: str
    open_graph: tuple[tuple[str, str], ...]
    twitter: tuple[tuple[str, str], ...]
    json_ld: Markup  # '' for pages that are not stories
    card_url: str
    links: tuple[links.ShareLink, ...] = ()
    line_button: str = "link"

    @property
    def line(self) -> links.ShareLink | None:
        return next((link for link in self.links if link.network == "line"), None)


def story_card_spec(story: Story, site: SiteInfo, content_path: str | Path, date_text: str) -> CardSpec:
    """The share card of a story: headline, agency, BE date (`date_text`), site name, logo, lead photo."""
    photo = None
    if story.image:
        photo_path = Path(content_path) / story.image
        if not photo_path.is_file():
            raise FileNotFoundError(
                f"{story.source_path}: ภาพ/image: lead photo not found: {story.image} (looked in {content_path})"
            )
        photo = str(photo_path)
    return CardSpec(
        headline=story.title,
        agency=story.agency.name,
        date_text=date_text,
        site_name=site.site_name,
        logo=site.logo_path,
        photo=photo,
    )


def story_share(article, site: SiteInfo, card_name: str) -> PageShare:
    """The share data of a published story (article.story, its URL and summary) whose card file is `card_name`."""
    story: Story = article.story
    url = canonical_url(site.siteurl, article.url)
    card_url = f"{site.card_url_prefix}/{card_name}"
    preview = StoryPreview(
        url=url,
        title=story.title,
        description=plain_text(str(getattr(article, "summary", "") or "")),
        image_url=card_url,
        image_alt=f"{story.title} — {site.site_name}",
        published=story.date,
        modified=story.updated,
        site_name=site.site_name,
        site_url=canonical_url(site.siteurl, ""),
        logo_url=site.logo_url,
        section=story.section.name if story.section else "",
        tags=tuple(t.name for t in story.tags),
        reporter=story.reporter,
        agency_name=story.agency.name,
        agency_abbr=story.agency.abbr,
        photo_url=canonical_url(site.siteurl, story.image) if story.image else "",
        reporter_url=canonical_url(site.siteurl, site.reporter_url.format(slug=story.reporter_slug))
        if story.reporter_slug else "",
    )
    return PageShare(
        canonical_url=url,
        open_graph=tuple(open_graph.open_graph_tags(preview)),
        twitter=tuple(open_graph.twitter_tags(preview, site.twitter_site)),
        json_ld=Markup(json_ld.script_json(json_ld.news_article(preview, site.logo_size))),
        card_url=card_url,
        links=links.share_links(url, story.title, site.networks),
        line_button=site.line_button,
    )


@dataclass(frozen=True)
class SiteShare:
    """`SHARE_SITE` in templates: the share data of pages that are not stories."""

    site: SiteInfo
    card_name: str

    def for_page(self, output_file: str, title: str | None = None, summary: str | None = None) -> PageShare:
        url = canonical_url(self.site.siteurl, output_file or "")
        card_url = f"{self.site.card_url_prefix}/{self.card_name}"
        title = f"{title} — {self.site.site_name}" if title else self.site.site_name
        description = plain_text(summary) if summary else self.site.description
        tags = open_graph.site_open_graph_tags(
            url=url, title=title, description=description, site_name=self.site.site_name, image_url=card_url
        )
        twitter = [
            ("twitter:card", "summary_large_image"),
            ("twitter:title", title),
            ("twitter:description", description),
            ("twitter:image", card_url),
        ] + ([("twitter:site", self.site.twitter_site)] if self.site.twitter_site else [])
        return PageShare(url, tuple(tags), tuple(twitter), Markup(""), card_url, line_button=self.site.line_button)


def site_card_spec(site: SiteInfo) -> CardSpec:
    """The card of the home page and lists: the site's description on the branded background."""
    return CardSpec(site.description, "", "", site.site_name, site.logo_path, None)
