"""List pages for each province, agency and reporter, and the navigation data the theme needs."""
from pathlib import Path

from pelican import signals

from nuea.checks import setting
from nuea.registry import load_registry

from .settings import DEFAULTS
from .story_cards import card_renderer
from .taxa import group_by_agency, group_by_province, group_by_reporter

# (template and wrapper variable, context key of its [(wrapper, articles)]): one list page per wrapper
LIST_KINDS = (("province", "provinces"), ("agency", "agencies"), ("reporter", "reporters"))


def _defaults(pelican):
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    paginated = pelican.settings.setdefault("PAGINATED_TEMPLATES", {})
    paginated.setdefault("province", None)
    paginated.setdefault("agency", None)
    paginated.setdefault("reporter", None)
    pelican.settings["JINJA_GLOBALS"] = {**pelican.settings.get("JINJA_GLOBALS", {}), "story_card": card_renderer()}


def collect(generator):
    settings = generator.settings
    registry = load_registry(Path(settings["PATH"]) / setting(settings, "AGENCY_REGISTRY"))
    generator.context["provinces"] = group_by_province(generator.articles, registry, settings)
    generator.context["agencies"] = group_by_agency(generator.articles, registry, settings)
    generator.context["reporters"] = group_by_reporter(generator.articles, settings)


def write(generator, writer):
    for key, groups in LIST_KINDS:
        template = generator.get_template(key)
        for wrapper, articles in generator.context[groups]:
            writer.write_file(
                wrapper.save_as, template, generator.context,
                relative_urls=generator.settings["RELATIVE_URLS"],
                url=wrapper.url, articles=articles, dates=articles,
                template_name=key, blog=True, page_name=wrapper.page_name,
                all_articles=generator.articles, **{key: wrapper},
            )
    writer.write_file(
        generator.settings["AGENCIES_SAVE_AS"], generator.get_template("agencies"), generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"], template_name="agencies",
    )


def register():
    signals.initialized.connect(_defaults)
    signals.article_generator_finalized.connect(collect)
    signals.article_writer_finalized.connect(write)
