"""The old site's names for the registry's agencies, read from content/agencies.toml:

    [[agency]]
    code = "LPG"
    ...
    aliases = ["สปจ.ลำปาง", "ประชาสัมพันธ์จังหวัดลำปาง"]   # other spellings of the office's name on old pages
    legacy_sections = ["lampang"]                          # the old site's section folder(s): /lampang/detail.php

An agency name on an old page is matched to the registry (abbreviation, full name or code), then to an alias; the
comparison ignores spaces, case, zero-width characters and the two ways of typing sara am (ำ / ํา). A name that
matches nothing is reported, never guessed.
"""
from __future__ import annotations

import hashlib
import json
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from nuea.registry import Agency, Registry

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


class OldSiteNamesError(ValueError):
    pass


def fold_name(text: str) -> str:
    """The form names are compared in: NFKC (ำ = ํา), no spaces or zero-width characters, lower case."""
    return "".join(unicodedata.normalize("NFKC", str(text)).translate(_ZERO_WIDTH).split()).lower()


@dataclass(frozen=True)
class OldSiteNames:
    aliases: dict[str, str]  # folded alias -> agency code
    sections: dict[str, str]  # section folder -> agency code
    fingerprint: str  # changes whenever either table changes

    def agency(self, text: str, registry: Registry) -> tuple[Agency | None, str]:
        """(agency, how): how is "registry" for a registry name, "alias" for an alias or a variant spelling."""
        found = registry.find_agency(text)
        if found is not None and " ".join(text.split()) not in found.aliases:
            return found, "registry"
        key = fold_name(text)
        if not key:
            return None, ""
        by_code = {a.code: a for a in registry.agencies}
        for agency in registry.agencies:
            if key in (fold_name(agency.abbr), fold_name(agency.name), fold_name(agency.code)):
                return agency, "alias"
        code = self.aliases.get(key)
        return (by_code.get(code), "alias") if code in by_code else (None, "")

    def section_agency(self, section: str, registry: Registry) -> Agency | None:
        code = self.sections.get(section)
        return next((a for a in registry.agencies if a.code == code), None)


def load_old_site_names(path: str | Path, registry: Registry) -> OldSiteNames:
    """Read aliases and legacy_sections of every [[agency]]; an alias or section naming two agencies is an error."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise OldSiteNamesError(f"{path}: {err}") from err
    names = {}  # folded name -> code, for every registry name
    for agency in registry.agencies:
        for name in (agency.abbr, agency.name, agency.code):
            names[fold_name(name)] = agency.code
    aliases: dict[str, str] = {}
    sections: dict[str, str] = {}
    for entry in data.get("agency", []):
        code = entry.get("code", "?")
        for key, table in (("aliases", aliases), ("legacy_sections", sections)):
            values = entry.get(key, [])
            if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
                raise OldSiteNamesError(f"{path}: agency {code}: {key} must be a list of non-empty strings")
            for value in values:
                folded = fold_name(value) if key == "aliases" else value.strip().strip("/")
                if key == "legacy_sections" and ("/" in folded or not folded.isascii()):
                    raise OldSiteNamesError(f"{path}: agency {code}: legacy section {value!r} must be one ASCII "
                                            "folder name, e.g. lampang")
                other = table.get(folded) or (names.get(folded) if key == "aliases" else None)
                if other is not None and other != code:
                    raise OldSiteNamesError(f"{path}: {key} {value!r} of agency {code} already names agency {other}")
                table[folded] = code
    fingerprint = hashlib.sha256(json.dumps([sorted(aliases.items()), sorted(sections.items()), sorted(names.items())],
                                            ensure_ascii=False).encode()).hexdigest()[:16]
    return OldSiteNames(aliases=aliases, sections=sections, fingerprint=fingerprint)
