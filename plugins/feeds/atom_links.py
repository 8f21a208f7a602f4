"""Atom entry links written in full.

feedgen 1.0.0 drops rel, type and length from an Atom entry's <link> elements (FeedEntry.atom_entry reuses the
name `link` for the new element before reading the attributes), so a permalink and an enclosure come out as two
bare alternate links. This extension writes entry links for Atom itself; RSS still uses feedgen's own fields.
"""
from __future__ import annotations

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import xml_elem


class AtomLinksExtension(BaseExtension):
    """Feed side: nothing to add (no namespace: the links are Atom's own)."""


class AtomLinksEntryExtension(BaseEntryExtension):
    def __init__(self):
        self.links: list[dict[str, str]] = []

    def add(self, href: str, rel: str, type: str, length: int | None = None) -> None:
        link = {"href": href, "rel": rel, "type": type}
        if length is not None:
            link["length"] = str(length)
        self.links.append(link)

    def extend_atom(self, entry):
        for link in self.links:
            xml_elem("link", entry, **link)  # feedgen's Atom elements carry no namespace prefix either
        return entry
