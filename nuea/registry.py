"""The agency registry (content/agencies.toml): offices that issue stories, the provinces they serve, and the
reporters whose page address (/reporter/<slug>/) is set by hand rather than romanised."""
from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .reporters import without_title


@dataclass(frozen=True)
class Province:
    name: str  # Thai name, e.g. ลำปาง
    slug: str  # ASCII URL slug, e.g. lampang

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Agency:
    code: str  # short code, e.g. LPG
    name: str  # full Thai name
    abbr: str  # abbreviation writers use, e.g. ส.ปชส.ลำปาง
    province: str  # Thai province name
    province_slug: str
    slug: str  # ASCII URL slug, e.g. prd-lampang
    aliases: tuple[str, ...] = ()  # other names the office went by (old site, former names)
    legacy_sections: tuple[str, ...] = ()  # the old site's section folders of this office (archive import)

    def __str__(self) -> str:
        return self.abbr

    @property
    def home_province(self) -> Province:
        return Province(self.province, self.province_slug)


@dataclass(frozen=True)
class Reporter:
    name: str  # the name without its title (นาย, นาง, นางสาว...), e.g. ชาญณรงค์ ปันเต
    slug: str  # ASCII URL slug of the reporter's page, e.g. channarong-pante
    aliases: tuple[str, ...] = ()  # other spellings of the same name in bylines


class RegistryError(ValueError):
    """The registry file itself is malformed."""


@dataclass(frozen=True)
class Registry:
    provinces: tuple[Province, ...]
    agencies: tuple[Agency, ...]
    reporters: tuple[Reporter, ...] = ()

    def find_reporter(self, name: str) -> Reporter | None:
        """The registry's reporter whose name or alias is `name` (titles already removed; spaces ignored)."""
        key = fold_name(name)
        return next((r for r in self.reporters if key in (fold_name(r.name), *map(fold_name, r.aliases))), None)

    def find_agency(self, text: str) -> Agency | None:
        """The agency whose abbreviation, full name, code or one of its aliases is `text` (compared as fold_name)."""
        return self.match_agency(text)[0]

    def match_agency(self, text: str) -> tuple[Agency | None, str]:
        """(agency, how): how is "name" when `text` is its abbreviation, full name or code, "alias" when one of
        its aliases, and (None, "") when nothing matches (never a guess)."""
        key = fold_name(text)
        if key:
            for how, names in (("name", lambda a: (a.abbr, a.name, a.code)), ("alias", lambda a: a.aliases)):
                for agency in self.agencies:
                    if key in map(fold_name, names(agency)):
                        return agency, how
        return None, ""

    def agency_of_section(self, section: str) -> Agency | None:
        """The agency whose legacy_sections hold the old site's section folder `section` (e.g. lampang)."""
        return next((a for a in self.agencies if section in a.legacy_sections), None)

    def agency_by_slug(self, slug: str) -> Agency | None:
        return next((a for a in self.agencies if a.slug == slug), None)

    def suggest_agencies(self, text: str, n: int = 3) -> list[str]:
        """The closest known agency abbreviations to a misspelt `text`."""
        names = [a.abbr for a in self.agencies]
        by_fold = {fold_name(a): a for a in names}
        close = difflib.get_close_matches(fold_name(text), list(by_fold), n=n, cutoff=0.4)
        return [by_fold[c] for c in close]

    def find_province(self, text: str) -> Province | None:
        key = fold_name(text).removeprefix("จังหวัด").removeprefix("จ.")
        for province in self.provinces:
            if key in (fold_name(province.name), province.slug):
                return province
        return None


_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def fold_name(text: str) -> str:
    """The form names are compared in: NFKC (ำ typed as ํ + า is ำ), no spaces or zero-width characters, lower case."""
    return "".join(unicodedata.normalize("NFKC", str(text)).translate(_ZERO_WIDTH).split()).lower()


def load_registry(path: str | Path) -> Registry:
    """Read the registry file; a malformed entry raises RegistryError naming the file and entry.

    Every plugin of a build asks for it: the file is parsed once per version (path, size, mtime).
    """
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as err:
        raise RegistryError(f"{path}: {err}") from err
    return _parse_registry(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=8)
def _parse_registry(path: Path, size: int, mtime_ns: int) -> Registry:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise RegistryError(f"{path}: {err}") from err
    provinces = []
    for i, entry in enumerate(data.get("province", []), 1):
        try:
            provinces.append(Province(name=entry["name"], slug=entry["slug"]))
        except KeyError as err:
            raise RegistryError(f"{path}: province #{i}: missing {err}") from err
    slugs = {p.name: p.slug for p in provinces}
    agencies = []
    for i, entry in enumerate(data.get("agency", []), 1):
        try:
            province = entry["province"]
            if province not in slugs:
                raise RegistryError(f"{path}: agency {entry.get('abbr', i)}: unknown province {province!r}")
            agencies.append(
                Agency(
                    code=entry["code"],
                    name=entry["name"],
                    abbr=entry["abbr"],
                    province=province,
                    province_slug=slugs[province],
                    slug=entry["slug"],
                    aliases=_names_list(entry, "aliases", path, entry["code"]),
                    legacy_sections=_names_list(entry, "legacy_sections", path, entry["code"]),
                )
            )
        except KeyError as err:
            raise RegistryError(f"{path}: agency #{i}: missing {err}") from err
    check_names(agencies, path)
    return Registry(provinces=tuple(provinces), agencies=tuple(agencies), reporters=_reporters(path, data))


def _names_list(entry: dict, key: str, path: Path, code: str) -> tuple[str, ...]:
    values = entry.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise RegistryError(f"{path}: agency {code}: {key} must be a list of non-empty strings")
    return tuple(v.strip() if key == "aliases" else v.strip().strip("/") for v in values)


def check_names(agencies: list[Agency], path: Path) -> None:
    """Each name and each old-site section leads to one agency: an alias or section naming two agencies, or an
    alias that is another agency's abbreviation, name or code, is a RegistryError naming both."""
    names: dict[str, str] = {}  # folded abbreviation, name or code -> agency code
    for agency in agencies:
        for name in (agency.abbr, agency.name, agency.code):
            other = names.setdefault(fold_name(name), agency.code)
            if other != agency.code:
                raise RegistryError(f"{path}: {name!r} of agency {agency.code} already names agency {other}")
    aliases: dict[str, str] = {}
    sections: dict[str, str] = {}
    for agency in agencies:
        for alias in agency.aliases:
            key = fold_name(alias)
            other = aliases.get(key) or names.get(key)
            if other is not None and other != agency.code:
                raise RegistryError(f"{path}: aliases {alias!r} of agency {agency.code} already names agency {other}")
            aliases[key] = agency.code
        for section in agency.legacy_sections:
            if "/" in section or not section.isascii() or any(ch.isspace() for ch in section):
                raise RegistryError(f"{path}: agency {agency.code}: legacy section {section!r} must be one ASCII "
                                    "folder name, e.g. lampang")
            other = sections.setdefault(section, agency.code)
            if other != agency.code:
                raise RegistryError(f"{path}: legacy_sections {section!r} of agency {agency.code} already names "
                                    f"agency {other}")


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _reporters(path: Path, data: dict) -> tuple[Reporter, ...]:
    reporters, names, slugs = [], {}, {}
    for i, entry in enumerate(data.get("reporter", []), 1):
        try:
            reporter = Reporter(name=" ".join(without_title(entry["name"]).split()), slug=entry["slug"],
                                aliases=tuple(" ".join(without_title(a).split()) for a in entry.get("aliases", ())))
        except KeyError as err:
            raise RegistryError(f"{path}: reporter #{i}: missing {err}") from err
        if not _SLUG.fullmatch(reporter.slug):
            raise RegistryError(f"{path}: reporter {reporter.name}: slug {reporter.slug!r} must be lowercase a-z, "
                                "0-9 and hyphens")
        for name in (reporter.name, *reporter.aliases):
            if fold_name(name) in names:
                raise RegistryError(f"{path}: reporter {name!r} is listed twice "
                                    f"(also reporter #{names[fold_name(name)]})")
            names[fold_name(name)] = i
        if reporter.slug in slugs:
            raise RegistryError(f"{path}: reporter {reporter.name}: slug {reporter.slug!r} is also "
                                f"{slugs[reporter.slug]}'s")
        slugs[reporter.slug] = reporter.name
        reporters.append(reporter)
    return tuple(reporters)
