"""One feed as bytes, RSS 2.0 or Atom, built with feedgen from a FeedSpec; same input, same bytes."""
from __future__ import annotations

from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from nuea.thai_dates import BANGKOK

from .atom_links import AtomLinksEntryExtension, AtomLinksExtension
from .catalog import FeedSpec
from .entry import FeedEntry

FORMATS = ("rss", "atom")
MIME = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


@dataclass(frozen=True)
class Channel:
    """Facts shared by every feed of the site."""

    site_url: str  # absolute, no trailing slash
    site_name: str
    publisher: str  # the office
    language: str  # 'th'
    logo_url: str = ""  # absolute URL of the square channel image (RSS image, Atom icon); '' for none
    logo_wide_url: str = ""  # absolute URL of the 2:1 image for Atom's logo (RFC 4287 4.2.8); '' = logo_url
    tag_authority: str = "region3.prd.go.th,2026"  # of the tag: URIs that are feed and entry ids (RFC 4151)


LOGO_SIZE = (144, 144)  # the square logo's pixels: RSS readers assume 88×31 without width and height

def build_feed(spec: FeedSpec, entries: tuple[FeedEntry, ...], channel: Channel, fmt: str, self_url: str,
               xsl_href: str = "") -> bytes:
    """The feed document for `spec` holding `entries` in `fmt` ('rss' or 'atom'), with an xml-stylesheet link."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown feed format {fmt!r}")
    fg = _channel(spec, channel, fmt, self_url)
    for entry in entries:
        _entry(fg, entry, channel, fmt)
    if not xsl_href:
        return fg.rss_str() if fmt == "rss" else fg.atom_str()
    body = fg.rss_str(xml_declaration=False) if fmt == "rss" else fg.atom_str(xml_declaration=False)
    return _with_stylesheet(body, xsl_href)


def _channel(spec: FeedSpec, channel: Channel, fmt: str, self_url: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.load_extension("dc")
    fg.load_extension("media")
    if fmt == "atom":
        fg.register_extension("atom_links", AtomLinksExtension, AtomLinksEntryExtension, atom=True, rss=False)
    fg.id(f"tag:{channel.tag_authority}:feeds/{spec.key}")  # never the site's address: survives a new domain
    fg.title(spec.title)
    fg.description(spec.description)
    fg.link(href=self_url, rel="self", type=MIME[fmt])
    # last: feedgen takes the RSS <link> from the last link set
    fg.link(href=f"{channel.site_url}/{spec.page_path}", rel="alternate", type="text/html")
    fg.language(channel.language)
    fg.generator("python-feedgen")  # no version or URI: nothing changes the bytes but the stories
    fg.dc.dc_publisher(channel.publisher)
    if fmt == "atom":  # Atom's feed-level author; RSS has no name-only field, dc:publisher says it
        fg.author(name=channel.publisher, uri=f"{channel.site_url}/")
    if channel.logo_url and fmt == "atom":
        fg.logo(channel.logo_wide_url or channel.logo_url)
        fg.icon(channel.logo_url)
    elif channel.logo_url:
        fg.image(url=channel.logo_url, title=spec.title, link=f"{channel.site_url}/{spec.page_path}",
                 width=str(LOGO_SIZE[0]), height=str(LOGO_SIZE[1]))
    fg.lastBuildDate(spec.newest_update.astimezone(BANGKOK))  # also Atom <updated>; never the clock
    return fg


def _entry(fg: FeedGenerator, story: FeedEntry, channel: Channel, fmt: str) -> None:
    fe = fg.add_entry(order="append")
    fe.guid(story.entry_id, permalink=False)  # a tag: URI of the story id: survives a headline fix and a new domain
    fe.title(story.title)
    if fmt == "rss":
        fe.link(href=story.url, rel="alternate", type="text/html")
    else:
        fe.atom_links.add(story.url, "alternate", "text/html")
    fe.published(story.published.astimezone(BANGKOK))
    fe.updated(story.updated.astimezone(BANGKOK))
    if story.reporter:
        if fmt == "atom":
            fe.author(name=story.reporter)
        else:  # RSS <author> must be an e-mail address; dc:creator carries a name
            fe.dc.dc_creator(story.reporter)
    categories = [{"term": story.agency.slug, "label": story.agency.name, "scheme": f"{channel.site_url}/agency/"}]
    if story.section:
        categories.append(
            {"term": story.section.slug, "label": story.section.name, "scheme": f"{channel.site_url}/section/"})
    fe.category(categories)
    fe.summary(story.summary or story.title)  # Atom <summary> and RSS <description>: plain text
    fe.content(story.content_html, type="html")  # RSS content:encoded, Atom <content type="html">
    if story.photo:
        photo = story.photo
        if fmt == "rss":
            fe.enclosure(photo.url, str(photo.length), photo.type)
        else:
            fe.atom_links.add(photo.url, "enclosure", photo.type, photo.length)
        fe.media.content(
            {"url": photo.url, "fileSize": str(photo.length), "type": photo.type, "medium": "image"},
            group=None,
        )
        fe.media.thumbnail({"url": photo.url}, group=None)
    for photo in story.gallery:  # the gallery's photos (ภาพประกอบ), after the lead photo
        fe.media.content({"url": photo.url, "fileSize": str(photo.length), "type": photo.type, "medium": "image"},
                         group=None)


def _with_stylesheet(xml: bytes, href: str) -> bytes:
    """The document with an xml-stylesheet instruction before its root (prepended: no second parse)."""
    if '"' in href or "?>" in href:
        raise ValueError(f"unusable stylesheet address {href!r}")
    head = f"<?xml version='1.0' encoding='UTF-8'?>\n<?xml-stylesheet type=\"text/xsl\" href=\"{href}\"?>\n"
    return head.encode() + xml
