"""Serve the Sarabun font from the site itself: copy it from the fontpkg-sarabun package as WOFF2.

The fonts are written once every generator's context is ready and before any page is written, so that
plugins/asset_names can give them content-hashed names when a page or stylesheet links them.
"""
from pelican import signals

from .woff2 import install_fonts


def _install(generators):
    settings = generators[0].settings
    if settings.get("SITEBUILD_READING"):
        return  # the site build plans the fonts with every other file (font_files)
    install_fonts(settings.get("SITE_FONTS", ("Regular", "Bold")), settings["OUTPUT_PATH"], settings["CACHE_PATH"])


def register():
    signals.all_generators_finalized.connect(_install)
