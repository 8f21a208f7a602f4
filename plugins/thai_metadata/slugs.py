"""Readable ASCII URL slugs for Thai category and tag names: from a map in settings, else romanised (RTGS)."""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from importlib.metadata import version
from pathlib import Path

_NON_SLUG = re.compile(r"[^a-z0-9]+")
# Romanisations kept between builds (a file under CACHE_PATH), so a warm build never loads PyThaiNLP;
# tied to PyThaiNLP's version, whose dictionary and engine decide the result.
_stored: dict[str, str] = {}
_store = {"path": None, "dirty": False}


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


def load_romanized(path: str | Path) -> None:
    """Use the romanisations stored at `path` (from an earlier build with the same PyThaiNLP)."""
    _stored.clear()
    _store.update(path=Path(path), dirty=False)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("pythainlp") == version("pythainlp"):
            _stored.update({k: v for k, v in data["slugs"].items() if isinstance(v, str)})
    except (OSError, ValueError, KeyError, AttributeError):
        pass


def save_romanized() -> None:
    """Write the romanisations of this process back to the file given to load_romanized, if any are new."""
    path = _store["path"]
    if path is None or not _store["dirty"]:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"pythainlp": version("pythainlp"), "slugs": _stored}, ensure_ascii=False),
                   encoding="utf-8")
    tmp.replace(path)
    _store["dirty"] = False


def romanized_slug(text: str) -> str:
    """_romanize_slug(text), from the stored romanisations when there."""
    if text not in _stored:
        _stored[text] = _romanize_slug(text)
        _store["dirty"] = True
    return _stored[text]


@functools.lru_cache(maxsize=4096)
def _romanize_slug(text: str) -> str:
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
