"""Content-hashed asset names: `{{ SITEURL }}/{{ "theme/css/site.css"|asset }}` → `theme/css/site.<hash>.css`.

Every CSS, JS and font file a page links gets a name carrying the first hex digits of its SHA-256, so nginx can
cache it for a year (`immutable`) and a changed file is a new address. A stylesheet's own `url(...)` references
(its fonts) are rewritten to their hashed names before it is hashed, so a changed font renames the CSS too.

register():
  initialized -> the `asset` Jinja filter, bound to this build's AssetNames

The hashed copies are written when a template first asks for them (after every generator's context is ready, so
files other plugins make, such as the fonts of plugins/site_fonts, exist), only when their bytes are new; older
hashed copies of the same file (and their .gz/.br twins) are removed.
"""
from __future__ import annotations

from pathlib import Path

from pelican import signals

from .names import AssetNames


def add_filter(pelican):
    settings = pelican.settings
    static_dir = settings.get("THEME_STATIC_DIR", "theme")
    sources = [Path(settings["THEME"]) / p for p in settings.get("THEME_STATIC_PATHS", ["static"])]
    names = AssetNames(Path(settings["OUTPUT_PATH"]), static_dir, sources)
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), "asset": names.url}


def register():
    signals.initialized.connect(add_filter)
