"""Legacy addresses: each story's legacy_url keeps working (an nginx map, and redirect pages where possible)."""
from __future__ import annotations

from pathlib import Path

from markupsafe import Markup
from pelican import signals

from .legacy_paths import LegacyUrlError, parse_legacy_url
from .nginx_map import nginx_map
from .redirect_pages import is_ours, render_redirect_page
from .settings import DEFAULTS

# Redirects found while reading, by output folder, written once every other file is in place (finalized).
_pending: dict[str, list] = {}


def _setting(settings, key):
    return settings.get(key, DEFAULTS[key])


def _target(settings, article) -> str:
    siteurl = settings.get("SITEURL", "")
    return f"{siteurl.rstrip('/')}/{article.url}" if siteurl else f"/{article.url}"


def collect_redirects(generator):
    """Check every published story's legacy_url; two stories claiming one old address fail the build."""
    seen, redirects = {}, []
    for article in generator.articles:
        value = getattr(article, "legacy_url", None)
        if not value:
            continue
        try:
            address = parse_legacy_url(value)
        except LegacyUrlError as exc:
            raise ValueError(f"{article.source_path}: legacy_url {value!r}: {exc}") from None
        if address.request_uri in seen:
            raise ValueError(f"legacy_url {value!r} is claimed by two stories: "
                             f"{seen[address.request_uri].source_path} and {article.source_path}")
        seen[address.request_uri] = article
        redirects.append((address, article))
    _pending[str(generator.output_path)] = redirects


def write_redirects(pelican):
    settings = pelican.settings
    output = Path(pelican.output_path)
    redirects = _pending.pop(str(pelican.output_path), [])
    if _setting(settings, "LEGACY_REDIRECT_PAGES"):
        for address, article in redirects:
            if address.page_file:
                _write_page(output, address.page_file, article, settings)
    map_name = _setting(settings, "LEGACY_MAP_SAVE_AS")
    if map_name:
        text = nginx_map({address.request_uri: _target(settings, article) for address, article in redirects})
        _write_if_changed(output / map_name, text)


def _write_page(output: Path, rel: str, article, settings):
    path = output / rel
    if path.exists() and not is_ours(path):
        raise ValueError(f"{article.source_path}: legacy_url {article.legacy_url!r}: the old address "
                         f"/{rel} is a page of the new site; a redirect there would hide it")
    title = Markup(article.title).striptags()
    _write_if_changed(path, render_redirect_page(_target(settings, article), title, settings["SITENAME"]))


def _write_if_changed(path: Path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def register():
    signals.article_generator_finalized.connect(collect_redirects)
    signals.finalized.connect(write_redirects)
