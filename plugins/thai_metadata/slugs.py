"""Readable ASCII URL slugs for Thai category and tag names: from a map in settings, else romanised (RTGS)."""
from __future__ import annotations

import functools
import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def ascii_slug(text: str) -> str:
    """Lowercase a-z0-9 words joined by hyphens; non-ASCII characters are dropped, not transliterated."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_SLUG.sub("-", text.lower()).strip("-")


def thai_slug(name: str, slug_map: dict[str, str] | None = None) -> str:
    """The URL slug for a category or tag name: the settings map first, then ASCII as is, then romanised Thai."""
    name = " ".join(str(name).split())
    for key in (name, name.lower()):
        if slug_map and key in slug_map:
            return slug_map[key]
    if name.isascii():
        return ascii_slug(name)
    return romanized_slug(name)


@functools.lru_cache(maxsize=4096)
def romanized_slug(text: str) -> str:
    """Thai words romanised with PyThaiNLP's offline Royal Institute (royin) engine, one hyphen between words:
    ศูนย์ราชการสะดวก -> sun-ratkan-saduak. Latin words are kept as they are."""
    from pythainlp.tokenize import word_tokenize  # slow import (~1 s); only when a name is not in the map
    from pythainlp.transliterate import romanize

    words = []
    for token in word_tokenize(text, engine="newmm", keep_whitespace=False):
        if not token.strip():
            continue
        if token.isascii():
            words.append(ascii_slug(token))
        else:
            words.append(ascii_slug(romanize(token, engine="royin")))
    return "-".join(w for w in words if w) or "x"
