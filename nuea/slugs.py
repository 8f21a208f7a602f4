"""Readable ASCII URL slugs for Thai section and tag names (from a map in settings, else romanised, RTGS) and for
people's names (each part of the name romanised as one word)."""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from importlib.metadata import version
from pathlib import Path

from .files import write_atomic

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def ascii_slug(text: str) -> str:
    """Lowercase a-z0-9 words joined by hyphens; non-ASCII characters are dropped, not transliterated."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_SLUG.sub("-", text.lower()).strip("-")


class Slugger:
    """thai_slug() with the settings' map and the romanisations kept between builds in a file (tied to PyThaiNLP's
    version, whose dictionary decides the result), so a warm build never loads PyThaiNLP."""

    def __init__(self, slug_map: dict[str, str] | None = None, store: str | Path | None = None):
        self.slug_map = dict(slug_map or {})
        self.store = Path(store) if store else None
        self._romanized: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._dirty = False
        if self.store:
            try:
                data = json.loads(self.store.read_text(encoding="utf-8"))
                if data.get("pythainlp") == version("pythainlp"):
                    self._romanized = {k: v for k, v in data["slugs"].items() if isinstance(v, str)}
                    self._names = {k: v for k, v in data.get("names", {}).items() if isinstance(v, str)}
            except (OSError, ValueError, KeyError, AttributeError):
                pass

    def __call__(self, name: str) -> str:
        """The URL slug of a section or tag name: the map first, then ASCII as is, then romanised Thai."""
        name = " ".join(str(name).split())
        for key in (name, name.lower()):
            if key in self.slug_map:
                return self.slug_map[key]
        if name.isascii():
            return ascii_slug(name)
        if name not in self._romanized:
            self._romanized[name] = romanized_slug(name)
            self._dirty = True
        return self._romanized[name]

    def name_slug(self, name: str) -> str:
        """The URL slug of a person's name (without its title): each part romanised as one word, parts joined by
        hyphens (ชาญณรงค์ ปันเต -> channrong-pante); ASCII names as they are."""
        name = " ".join(str(name).split())
        if name.isascii():
            return ascii_slug(name)
        if name not in self._names:
            self._names[name] = romanized_name(name)
            self._dirty = True
        return self._names[name]

    def save(self) -> None:
        """Write new romanisations back to the store (merged with what another reader saved meanwhile)."""
        if not self.store or not self._dirty:
            return
        stored = Slugger(store=self.store)
        merged, names = {**stored._romanized, **self._romanized}, {**stored._names, **self._names}
        write_atomic(self.store, json.dumps({"pythainlp": version("pythainlp"), "slugs": merged, "names": names},
                                            ensure_ascii=False, sort_keys=True))
        self._dirty = False


def thai_slug(name: str, slug_map: dict[str, str] | None = None) -> str:
    """One slug without a store (scripts, tests)."""
    return Slugger(slug_map)(name)


@functools.lru_cache(maxsize=4096)
def romanized_slug(text: str) -> str:
    """Thai words romanised with PyThaiNLP's offline Royal Institute (royin) engine, one hyphen between words:
    ศูนย์ราชการสะดวก -> sun-ratkan-saduak. Latin words are kept as they are."""
    from pythainlp.transliterate import romanize  # slow import (~1 s); only when a name is not in the map

    from .thai_words import thai_words

    words = []
    for token in thai_words(text):
        if not token.strip():
            continue
        if token.isascii():
            words.append(ascii_slug(token))
        else:
            words.append(ascii_slug(romanize(token, engine="royin")))
    return "-".join(w for w in words if w) or "x"


@functools.lru_cache(maxsize=4096)
def romanized_name(name: str) -> str:
    """A person's name romanised part by part (royin), not cut into dictionary words first: a given name is one
    word, which the dictionary would split (ชาญณรงค์ -> channrong, not chan-nrong)."""
    from pythainlp.transliterate import romanize  # slow import; only for a name not romanised before

    parts = [ascii_slug(p if p.isascii() else romanize(p, engine="royin")) for p in name.split()]
    return "-".join(p for p in parts if p) or "x"
