"""The site the newsroom writes for: its Pelican settings (NEWSROOM_SITE_SETTINGS) read once, and what the form,
the checks, the preview and the photo sizes need from them: the very rules `make check` and the build use."""
from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path

from markdown import Markdown

from nuea.checks import story_context
from nuea.sanitize import sanitize_html
from nuea.site_settings import load_settings
from nuea.story import StoryContext
from plugins.images.content_checks import story_photo_rule
from plugins.images.settings import setting as image_setting


class SiteConfig:
    def __init__(self, settings_file: str | Path, content_dir: str | Path):
        self.settings_file = Path(settings_file).resolve()
        self.content_dir = Path(content_dir).resolve()
        self._lock = threading.Lock()

    @cached_property
    def pelican(self) -> dict:
        """The site's settings with PATH = the newsroom's content folder (checks read the same files it writes)."""
        return load_settings(self.settings_file, self.content_dir)

    @cached_property
    def built_content(self) -> Path:
        """The content folder the settings file itself builds (a publish builds that one)."""
        return Path(load_settings(self.settings_file)["PATH"]).resolve()

    def check_publishable(self) -> None:
        """A publish builds the settings' PATH: it must be the folder the newsroom writes into."""
        if self.built_content != self.content_dir:
            raise RuntimeError(f"NEWSROOM_SITE_SETTINGS ({self.settings_file}) builds {self.built_content}, "
                               f"but the newsroom writes into {self.content_dir} (NEWSROOM_CONTENT)")

    def story_context(self) -> StoryContext:
        """A fresh context per check (the registry may have changed); its slugs come from the build's cache."""
        ctx, _problems = story_context(self.pelican)
        return ctx

    @cached_property
    def photo_rule(self):
        return story_photo_rule(self.pelican)

    @property
    def output_path(self) -> Path:
        return Path(load_settings(self.settings_file)["OUTPUT_PATH"]).resolve()

    @property
    def siteurl(self) -> str:
        return (self.pelican.get("SITEURL") or "").rstrip("/")

    def story_url(self, story_id: str) -> str:
        """The public address of a story: absolute in production, site-relative under `make serve`."""
        return f"{self.siteurl}/" + self.pelican["ARTICLE_URL"].format(slug=story_id)

    @property
    def image_cache(self) -> Path:
        """The images plugin's derivative cache, where the build will look (relative to content/'s parent)."""
        root = Path(image_setting(self.pelican, "IMAGES_CACHE_DIR"))
        return root if root.is_absolute() else self.content_dir.parent / root

    def body_html(self, markdown_text: str) -> str:
        """Markdown as the reader converts it, through the reader's sanitizer (nh3)."""
        config = dict(self.pelican["MARKDOWN"])
        config["extensions"] = [e for e in config.get("extensions", []) if e != "markdown.extensions.meta"]
        config["extension_configs"] = {k: v for k, v in config.get("extension_configs", {}).items()
                                       if k != "markdown.extensions.meta"}
        with self._lock:
            return sanitize_html(Markdown(**config).convert(markdown_text or ""))
