"""Reporters (ข่าวโดย): the ASCII slug of a byline's page (/reporter/<slug>/), from one rule.

The title (นาย, นาง, นางสาว, น.ส., ว่าที่ร้อยตรี, ดร. ...) is not part of the name, so นายชาญณรงค์ ปันเต and
ชาญณรงค์ ปันเต are one reporter. The slug is the registry's (a `[[reporter]]` entry of content/agencies.toml) when
the name is listed there, else the name romanised part by part (nuea.slugs.Slugger.name_slug): ชาญณรงค์ ปันเต ->
channrong-pante. Add a registry entry for a better address or to tell apart two names that romanise alike.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .registry import Registry
    from .slugs import Slugger

# Titles written before a name, longest first (นางสาว before นาง). Stripped repeatedly: ว่าที่ร้อยตรี ดร. สมชาย.
TITLES = tuple(sorted((
    "นาย", "นาง", "นางสาว", "น.ส.", "นส.", "ด.ช.", "ด.ญ.", "ดร.", "ผศ.", "รศ.", "ศ.", "ผศ.ดร.", "รศ.ดร.", "ศ.ดร.",
    "ว่าที่ร้อยตรี", "ว่าที่ร้อยตรีหญิง", "ว่าที่ ร.ต.", "ว่าที่ร.ต.", "ว่าที่ ร.ต.หญิง", "ว่าที่ร.ต.หญิง",
    "Mr.", "Mrs.", "Ms.", "Miss", "Dr.",
), key=len, reverse=True))


def without_title(name: str) -> str:
    """The name as written, without the titles in front of it (the name itself is never emptied)."""
    name = " ".join(str(name).split())
    stripped = True
    while stripped:
        stripped = False
        for title in TITLES:
            rest = name[len(title):].strip()
            if name.startswith(title) and rest and (not title.isascii() or name[len(title)] in " ."):
                name, stripped = rest, True
                break
    return name


def reporter_slug(byline: str, registry: Registry, slugger: Slugger) -> str:
    """The slug of the page of the reporter named in `byline` ('' for an empty byline)."""
    name = without_title(byline)
    if not name:
        return ""
    listed = registry.find_reporter(name)
    return listed.slug if listed else slugger.name_slug(name)
