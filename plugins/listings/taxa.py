"""Province, agency and reporter list pages: which stories each page lists (pure)."""
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


class ReporterPage(ListPage):
    """A reporter's list page (every story whose byline is theirs); addresses from REPORTER_URL / REPORTER_SAVE_AS."""

    settings_prefix = "REPORTER"


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


def group_by_reporter(articles, settings):
    """[(ReporterPage, [articles newest first])] for every reporter slug some story's byline has, by slug. The page
    is named as the reporter's newest story writes the byline (titles such as นาย kept, as the byline shows them)."""
    groups: dict[str, list] = {}
    for article in articles:
        if article.story.reporter_slug:
            groups.setdefault(article.story.reporter_slug, []).append(article)
    pages = []
    for slug in sorted(groups):
        listed = groups[slug]
        pages.append((_wrapper(ReporterPage, listed[0].story.reporter, slug, settings), listed))
    return pages
