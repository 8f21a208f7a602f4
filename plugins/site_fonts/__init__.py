"""Serve the Sarabun font from the site itself: copy it from the fontpkg-sarabun package as WOFF2."""
from pelican import signals

from .woff2 import install_fonts


def _finalized(pelican):
    install_fonts(pelican.settings.get("SITE_FONTS", ("Regular", "Bold")), pelican.settings["OUTPUT_PATH"],
                  pelican.settings["CACHE_PATH"])


def register():
    signals.finalized.connect(_finalized)
