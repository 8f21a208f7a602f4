"""Icons browsers and phones ask for, drawn from the site's logo with Pillow at build time.

Writes /favicon.ico (16, 32, 48 px), /apple-touch-icon.png (180 px, opaque), /icons/icon-192.png, icon-512.png,
icon-maskable-512.png and /site.webmanifest (Thai name). Files are rewritten only when their bytes change.
register(): initialized -> the defaults into the settings (templates read SITE_ICONS_THEME_COLOR);
            all_generators_finalized -> write_icons.
"""
from __future__ import annotations

from pathlib import Path

from asset_names.names import write_if_changed
from pelican import signals

from . import settings as conf
from .icons import IconSet, icon_files


def add_defaults(pelican):
    for key, value in conf.DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def write_icons(generators):
    settings = generators[0].settings
    logo = Path(settings["THEME"]) / "static" / conf.get(settings, "SITE_ICONS_LOGO")
    icon_set = IconSet(
        name=settings.get("SITENAME", ""),
        short_name=conf.get(settings, "SITE_ICONS_SHORT_NAME") or settings.get("SITENAME", ""),
        description=conf.get(settings, "SITE_ICONS_DESCRIPTION"),
        theme_color=conf.get(settings, "SITE_ICONS_THEME_COLOR"),
        background_color=conf.get(settings, "SITE_ICONS_BACKGROUND"),
        lang=settings.get("DEFAULT_LANG", "th"),
    )
    output = Path(settings["OUTPUT_PATH"])
    for rel, data in icon_files(logo, icon_set).items():
        write_if_changed(output / rel, data)


def register():
    signals.initialized.connect(add_defaults)
    signals.all_generators_finalized.connect(write_icons)
