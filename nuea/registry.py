"""The agency registry (content/agencies.toml): offices that issue stories, and the provinces they serve."""
from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


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


class RegistryError(ValueError):
    """The registry file itself is malformed."""


@dataclass(frozen=True)
class Registry:
    provinces: tuple[Province, ...]
    agencies: tuple[Agency, ...]

    def find_agency(self, text: str) -> Agency | None:
        """The agency whose abbreviation, full name, code or one of its aliases is `text` (spaces ignored)."""
        key = _fold(text)
        for agency in self.agencies:
            if key in (_fold(agency.abbr), _fold(agency.name), _fold(agency.code), *map(_fold, agency.aliases)):
                return agency
        return None

    def agency_by_slug(self, slug: str) -> Agency | None:
        return next((a for a in self.agencies if a.slug == slug), None)

    def suggest_agencies(self, text: str, n: int = 3) -> list[str]:
        """The closest known agency abbreviations to a misspelt `text`."""
        names = [a.abbr for a in self.agencies]
        by_fold = {_fold(a): a for a in names}
        close = difflib.get_close_matches(_fold(text), list(by_fold), n=n, cutoff=0.4)
        return [by_fold[c] for c in close]

    def find_province(self, text: str) -> Province | None:
        key = _fold(text).removeprefix("จังหวัด").removeprefix("จ.")
        for province in self.provinces:
            if key in (_fold(province.name), province.slug):
                return province
        return None


def _fold(text: str) -> str:
    return "".join(str(text).split()).lower()


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
                    aliases=tuple(str(a) for a in entry.get("aliases", ())),
                    legacy_sections=tuple(str(a) for a in entry.get("legacy_sections", ())),
                )
            )
        except KeyError as err:
            raise RegistryError(f"{path}: agency #{i}: missing {err}") from err
    return Registry(provinces=tuple(provinces), agencies=tuple(agencies))
