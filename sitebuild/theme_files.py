"""The site's own files that come from the theme and libraries, not from content: the Sarabun fonts
(plugins/site_fonts), the content-hashed copies of CSS, JS and fonts (plugins/asset_names) and the icons
(plugins/site_icons), planned like every other output file.

Every hashed name is known before any page is rendered (all CSS, JS and fonts are named at the start of a run, the
names are part of every page's site-wide inputs), so a page rendered by a publish links the same copies a full build
writes, and the `asset` filter of the templates only looks names up: it never writes.
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path

ASSET_SUFFIXES = (".css", ".js")
ICONS_LOG = logging.getLogger("plugins.site_icons")


class ThemeFiles:
    def __init__(self, settings: dict):
        from plugins.asset_names.names import AssetNames
        from plugins.site_fonts.woff2 import font_files

        self.settings = settings
        from .site_files import enabled

        fonts_on = enabled(settings, "plugins.site_fonts")
        self.fonts = font_files(settings.get("SITE_FONTS", ("Regular", "Bold")),
                                settings.get("CACHE_PATH") or "cache") if fonts_on else {}
        self.icons = enabled(settings, "plugins.site_icons")
        static_dir = settings.get("THEME_STATIC_DIR", "theme")
        sources = [Path(settings["THEME"]) / p for p in settings.get("THEME_STATIC_PATHS", ["static"])]
        self.assets = AssetNames(Path(settings["OUTPUT_PATH"]), static_dir, sources, generated=self.fonts,
                                 write=False)
        wanted = [rel for rel in self.fonts if rel.endswith(".woff2")]
        for base in sources:
            wanted += [f"{static_dir}/{p.relative_to(base).as_posix()}" for p in sorted(base.rglob("*"))
                       if p.is_file() and p.suffix in ASSET_SUFFIXES]
        for rel in sorted(set(wanted)):
            self.assets.url(rel)
        self._icons = None

    def url(self, rel: str) -> str:
        """The `asset` filter: the hashed name planned for `rel` (named now if a template asks for another file)."""
        return self.assets.url(rel)

    def key(self) -> tuple:
        """What pages show of these files: the hashed names."""
        return tuple(sorted(self.assets.names.items()))

    def plan(self, plan) -> None:
        """Add the fonts, the hashed copies and the icons to `plan` (a SitePlan, in its current section)."""
        for rel, source in sorted(self.fonts.items()):
            plan.copy(rel, str(source))
        for rel, data in sorted(self.assets.made.items()):
            plan.add(rel, _fingerprint("asset", rel, hashlib.sha256(data).hexdigest()), lambda data=data: data,
                     phase=1)
        if self.icons:
            self._plan_icons(plan)

    def _plan_icons(self, plan) -> None:
        from nuea.files import write_if_changed
        from plugins.site_icons import icon_inputs, stamp_file
        from plugins.site_icons.icons import ICON_FILES, icon_files

        logo, icon_set, key = icon_inputs(self.settings)
        stamp = stamp_file(self.settings)
        output = Path(self.settings["OUTPUT_PATH"])
        if stamp.is_file() and stamp.read_text() == key and all((output / n).is_file() for n in ICON_FILES):
            ICONS_LOG.info("site_icons: unchanged, nothing drawn")

        def make(rel: str) -> bytes:
            if self._icons is None:
                self._icons = icon_files(logo, icon_set)
                write_if_changed(stamp, key.encode())
                ICONS_LOG.info("site_icons: drew %d icon files", len(self._icons))
            return self._icons[rel]

        for rel in ICON_FILES:
            plan.add(rel, _fingerprint("icon", rel, key), lambda rel=rel: make(rel), phase=1)


def _fingerprint(*parts) -> str:
    from .plan import fingerprint

    return fingerprint(*parts)
