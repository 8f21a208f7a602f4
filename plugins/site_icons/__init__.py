"""Icons browsers and phones ask for, drawn from the site's logo with Pillow at build time.

Writes /favicon.ico (16, 32, 48 px), /apple-touch-icon.png (180 px, opaque), /icons/icon-192.png, icon-512.png,
icon-maskable-512.png and /site.webmanifest (Thai name). Files are rewritten only when their bytes change, and an
unchanged logo with unchanged settings draws nothing (a stamp of their hash in CACHE_PATH/site_icons).
register(): initialized -> the defaults into the settings (templates read SITE_ICONS_THEME_COLOR);
            all_generators_finalized -> write_icons.
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import PIL
from pelican import signals

from nuea.files import write_if_changed

from . import settings as conf
from .icons import ICON_FILES, IconSet, icon_files

log = logging.getLogger(__name__)
DRAWING_VERSION = "1"  # raise when icons.py draws differently


def add_defaults(pelican):
    for key, value in conf.DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def icon_inputs(settings) -> tuple[Path, IconSet, str]:
    """(the logo, what the icons show, the key of both with the drawing code): the icons change only with the key."""
    logo = Path(settings["THEME"]) / "static" / conf.get(settings, "SITE_ICONS_LOGO")
    icon_set = IconSet(
        name=settings.get("SITENAME", ""),
        short_name=conf.get(settings, "SITE_ICONS_SHORT_NAME") or settings.get("SITENAME", ""),
        description=conf.get(settings, "SITE_ICONS_DESCRIPTION"),
        theme_color=conf.get(settings, "SITE_ICONS_THEME_COLOR"),
        background_color=conf.get(settings, "SITE_ICONS_BACKGROUND"),
        lang=settings.get("DEFAULT_LANG", "th"),
    )
    key = hashlib.sha256(repr((logo.read_bytes(), icon_set, PIL.__version__, DRAWING_VERSION)).encode()).hexdigest()
    return logo, icon_set, key


def stamp_file(settings) -> Path:
    return Path(settings.get("CACHE_PATH") or "cache") / "site_icons" / "stamp"


def write_icons(generators):
    settings = generators[0].settings
    if settings.get("SITEBUILD_READING"):
        return  # the site build plans the icons with every other file (sitebuild/plan.py)
    logo, icon_set, key = icon_inputs(settings)
    output = Path(settings["OUTPUT_PATH"])
    stamp = stamp_file(settings)
    made = [output / name for name in ICON_FILES]
    if stamp.is_file() and stamp.read_text() == key and all(p.is_file() for p in made):
        log.info("site_icons: unchanged, nothing drawn")
        return
    for rel, data in icon_files(logo, icon_set).items():
        write_if_changed(output / rel, data)
    write_if_changed(stamp, key.encode())
    log.info("site_icons: drew %d icon files", len(made))


def register():
    signals.initialized.connect(add_defaults)
    signals.all_generators_finalized.connect(write_icons)
