"""Province, agency and reporter list pages: their addresses (settings.py) and which stories each lists (taxa.py).
The site build (sitebuild) writes every list page, and renders each story card once (`story_card` in templates)."""
from pathlib import Path

from pelican import signals

from nuea.checks import setting
from nuea.registry import load_registry

from .settings import DEFAULTS
from .taxa import group_by_agency, group_by_province, group_by_reporter


def _defaults(pelican):
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    paginated = pelican.settings.setdefault("PAGINATED_TEMPLATES", {})
    paginated.setdefault("province", None)
    paginated.setdefault("agency", None)
    paginated.setdefault("reporter", None)


def collect(generator):
    settings = generator.settings
    registry = load_registry(Path(settings["PATH"]) / setting(settings, "AGENCY_REGISTRY"))
    generator.context["provinces"] = group_by_province(generator.articles, registry, settings)
    generator.context["agencies"] = group_by_agency(generator.articles, registry, settings)
    generator.context["reporters"] = group_by_reporter(generator.articles, settings)


def register():
    signals.initialized.connect(_defaults)
    signals.article_generator_finalized.connect(collect)
