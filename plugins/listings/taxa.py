"""Province and agency list pages: which stories each page lists (pure)."""
from __future__ import annotations

import os

from pelican.urlwrappers import URLWrapper


class ListPage(URLWrapper):
    """A list page whose addresses come from the settings <PREFIX>_URL and <PREFIX>_SAVE_AS (Pelican would take
    the prefix from the class name)."""

    settings_prefix = ""

    def _address(self, key: str, page_name: bool = False) -> str:
        value = str(self.settings[f"{self.settings_prefix}_{key}"])
        return (os.path.splitext(value)[0] if page_name else value).format(**self.as_dict())

    page_name = property(lambda self: self._address("URL", page_name=True))
    url = property(lambda self: self._address("URL"))
    save_as = property(lambda self: self._address("SAVE_AS"))


class ProvincePage(ListPage):
    """A province's list page; addresses from PROVINCE_URL / PROVINCE_SAVE_AS."""

    settings_prefix = "PROVINCE"


class AgencyPage(ListPage):
    """An agency's list page; addresses from AGENCY_URL / AGENCY_SAVE_AS."""

    settings_prefix = "AGENCY"


def _wrapper(cls, name, slug, settings):
    wrapper = cls(name, settings)
    wrapper.slug = slug
    return wrapper


def group_by_province(articles, registry, settings):
    """[(ProvincePage, [articles newest first])] for every registry province, in registry order (empty ones too)."""
    return [
        (
            _wrapper(ProvincePage, p.name, p.slug, settings),
            [a for a in articles if a.story.province.slug == p.slug],
        )
        for p in registry.provinces
    ]


def group_by_agency(articles, registry, settings):
    """[(AgencyPage, [articles newest first])] for every registry agency, in registry order."""
    groups = []
    for agency in registry.agencies:
        wrapper = _wrapper(AgencyPage, agency.abbr, agency.slug, settings)
        wrapper.full_name = agency.name
        wrapper.province = agency.province
        groups.append((wrapper, [a for a in articles if a.story.agency.slug == agency.slug]))
    return groups
