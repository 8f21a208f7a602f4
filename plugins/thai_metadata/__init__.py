"""Thai metadata (foundation version: English keys only; the full reader replaces this)."""
from pathlib import Path

from pelican import signals
from pelican.contents import Article

from .display import jinja_filters
from .registry import load_registry

_registry = {}


def _init(pelican):
    settings = pelican.settings
    settings.setdefault("JINJA_FILTERS", {}).update(jinja_filters(settings.get("THAI_DIGITS", False)))
    _registry["r"] = load_registry(Path(settings["PATH"]) / settings.get("AGENCY_REGISTRY", "agencies.toml"))


def _enrich(content):
    if not isinstance(content, Article):
        return
    agency = _registry["r"].find_agency(str(getattr(content, "agency", "")))
    if agency is None:
        raise ValueError(f"{content.source_path}: agency: unknown agency {getattr(content, 'agency', '')!r}")
    content.agency = agency
    content.province = agency.province
    content.province_slug = agency.province_slug
    content.story_id = content.slug
    content.editor = getattr(content, "editor", "") or ""
    content.legacy_reads = int(getattr(content, "legacy_reads", 0) or 0)


def register():
    signals.initialized.connect(_init)
    signals.content_object_init.connect(_enrich)
