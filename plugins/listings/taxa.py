"""Province and agency list pages: which stories each page lists (pure)."""
from __future__ import annotations

from pelican.urlwrappers import URLWrapper


class Province(URLWrapper):
    """A province list page; URLs from PROVINCE_URL / PROVINCE_SAVE_AS."""


class Agency(URLWrapper):
    """An agency list page; URLs from AGENCY_URL / AGENCY_SAVE_AS."""


def _wrapper(cls, name, slug, settings):
    wrapper = cls(name, settings)
    wrapper.slug = slug
    return wrapper


def group_by_province(articles, registry, settings):
    """[(Province, [articles newest first])] for every registry province, in registry order (empty ones too)."""
    return [
        (
            _wrapper(Province, p.name, p.slug, settings),
            [a for a in articles if getattr(a, "province_slug", None) == p.slug],
        )
        for p in registry.provinces
    ]


def group_by_agency(articles, registry, settings):
    """[(Agency, [articles newest first])] for every registry agency, in registry order."""
    groups = []
    for agency in registry.agencies:
        wrapper = _wrapper(Agency, agency.abbr, agency.slug, settings)
        wrapper.full_name = agency.name
        wrapper.province = agency.province
        groups.append((wrapper, [a for a in articles if getattr(a.agency, "slug", None) == agency.slug]))
    return groups
