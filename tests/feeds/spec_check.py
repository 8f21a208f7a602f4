"""Structure checks of feed documents against their specifications.

Atom: the RELAX NG schema of RFC 4287 (atom.rng beside this file) plus the RFC's rules the schema cannot say.
RSS 2.0: no official schema exists, so the required elements and value formats of the RSS 2.0 specification
(rssboard.org/rss-specification) and of RFC 822 dates are checked here by hand.
"""
from __future__ import annotations

import re
from email.utils import parsedate_to_datetime
from pathlib import Path

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
_SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).with_name("atom.rng"))))
# RFC 822 section 5 as RSS 2.0 uses it (4-digit years allowed); day and month names in English
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}:\d{2} [+-]\d{4}$"
)


def atom_problems(xml: bytes) -> list[str]:
    root = etree.fromstring(xml)
    problems = [str(e) for e in _SCHEMA.error_log] if not _SCHEMA.validate(root) else []
    feed_has_author = root.find(f"{ATOM}author") is not None
    for i, entry in enumerate(root.iter(f"{ATOM}entry"), 1):
        # 4.1.1: an entry without its own author inherits the feed's; one of them must exist
        if entry.find(f"{ATOM}author") is None and not feed_has_author:
            problems.append(f"entry {i}: no atom:author and the feed has none")
        # 4.1.1.1 / 4.1.2: at most one alternate link per type and hreflang; no content needs an alternate
        alternates = [(link.get("type"), link.get("hreflang")) for link in entry.findall(f"{ATOM}link")
                      if link.get("rel", "alternate") == "alternate"]
        if len(alternates) != len(set(alternates)):
            problems.append(f"entry {i}: more than one alternate link with the same type and hreflang")
        if entry.find(f"{ATOM}content") is None and not alternates:
            problems.append(f"entry {i}: neither atom:content nor an alternate link")
        for link in entry.findall(f"{ATOM}link[@rel='enclosure']"):
            if not (link.get("length") or "").isdigit():
                problems.append(f"entry {i}: enclosure link without a byte length")
    return problems


def rss_problems(xml: bytes) -> list[str]:
    root = etree.fromstring(xml)
    problems = []
    if root.tag != "rss" or root.get("version") != "2.0":
        return [f"root is <{root.tag} version={root.get('version')!r}>, want <rss version='2.0'>"]
    channels = root.findall("channel")
    if len(channels) != 1:
        return [f"{len(channels)} <channel> elements, want exactly 1"]
    channel = channels[0]
    for name in ("title", "link", "description"):  # required channel elements
        if not (channel.findtext(name) or "").strip():
            problems.append(f"channel: required <{name}> missing or empty")
    for name in ("pubDate", "lastBuildDate"):
        value = channel.findtext(name)
        if value is not None:
            problems += _date_problems(f"channel <{name}>", value)
    language = channel.findtext("language")
    if language is not None and not re.match(r"^[a-z]{2,3}(-[a-zA-Z0-9]+)*$", language):
        problems.append(f"channel: <language> {language!r} is not a language code")
    image = channel.find("image")
    if image is not None:
        for name in ("url", "title", "link"):
            if not (image.findtext(name) or "").strip():
                problems.append(f"channel image: required <{name}> missing")
        if image.findtext("title") != channel.findtext("title") or image.findtext("link") != channel.findtext("link"):
            problems.append("channel image: <title> and <link> must equal the channel's")
        if int(image.findtext("width") or 88) > 144 or int(image.findtext("height") or 31) > 400:
            problems.append("channel image: larger than 144x400")
    for i, item in enumerate(channel.findall("item"), 1):
        if item.find("title") is None and item.find("description") is None:
            problems.append(f"item {i}: needs <title> or <description>")
        if item.findtext("pubDate") is not None:
            problems += _date_problems(f"item {i} <pubDate>", item.findtext("pubDate"))
        guid = item.find("guid")
        if guid is not None and guid.get("isPermaLink", "true") not in ("true", "false"):
            problems.append(f"item {i}: guid isPermaLink must be true or false")
        enclosures = item.findall("enclosure")
        if len(enclosures) > 1:
            problems.append(f"item {i}: more than one <enclosure>")
        for enc in enclosures:
            if not enc.get("url") or not (enc.get("length") or "").isdigit() or "/" not in (enc.get("type") or ""):
                problems.append(f"item {i}: <enclosure> needs url, length in bytes and MIME type")
        for author in item.findall("author"):
            if "@" not in (author.text or ""):
                problems.append(f"item {i}: <author> must be an e-mail address")
    return problems


def _date_problems(where: str, value: str) -> list[str]:
    if not RFC822.match(value):
        return [f"{where}: {value!r} is not an RFC 822 date with English names"]
    try:
        parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return [f"{where}: {value!r} does not parse"]
    return []
