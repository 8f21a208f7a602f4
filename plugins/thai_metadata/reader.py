"""Pelican reader for Markdown stories with Thai (or English) metadata keys.

Stories (files under THAI_STORY_PATHS) get the full checks of story.py; other Markdown files (pages) only get
their keys normalised. Problems are collected on the reader, not raised: the plugin reports them all at once.
A story with problems is returned with status 'skip' so Pelican does not add its own errors on top.
"""
from __future__ import annotations

import os
from pathlib import Path

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.urlwrappers import Category, Tag

from . import settings as plugin_settings
from .checks import display_path, story_context
from .header import parse_header
from .keys import canonical_key, label
from .problems import Problem
from .story import STATUS, StoryContext, read_story
from .thai_dates import ThaiDateError, parse_thai_date


def is_story(source_path: str, settings: dict) -> bool:
    rel = Path(os.path.relpath(source_path, settings["PATH"])).as_posix()
    return any(rel.startswith(p.rstrip("/") + "/") for p in plugin_settings.get(settings, "THAI_STORY_PATHS"))


class ThaiMarkdownReader(MarkdownReader):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems: list[Problem] = []
        self.story_ids: list[tuple[str, str]] = []  # (story id, file) of every story read, for duplicates
        self._context: StoryContext | None = None
        self._converter: Markdown | None = None

    def story_context(self) -> StoryContext:
        if self._context is None:
            self._context, problems = story_context(self.settings)
            self.problems += problems
        return self._context

    def _markdown(self) -> Markdown:
        """One Markdown converter for every file this reader reads, reset between files (building one per file
        costs more than converting the file)."""
        if self._converter is None:
            self._converter = self._new_markdown()
        self._converter.reset()
        return self._converter

    def _new_markdown(self) -> Markdown:
        config = dict(self.settings["MARKDOWN"])
        config["extensions"] = [e for e in config.get("extensions", []) if e != "markdown.extensions.meta"]
        config["extension_configs"] = {
            k: v for k, v in config.get("extension_configs", {}).items() if k != "markdown.extensions.meta"
        }
        return Markdown(**config)

    def read(self, source_path):
        self._source_path = source_path
        shown = display_path(source_path, self.settings["PATH"])
        try:
            text = Path(source_path).read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            self.problems.append(Problem(shown, 1, "file", f"not UTF-8 text ({err.reason}); save it as UTF-8"))
            return "", {"status": "skip"}
        header = parse_header(text)
        md = self._markdown()
        content = md.convert(header.body)
        if not is_story(source_path, self.settings):
            return content, self._page_metadata(header, shown, md)

        story = read_story(header, shown, self.story_context())
        self.problems.extend(story.problems)
        values = story.values
        if "story_id" in values:
            self.story_ids.append((values["story_id"], shown))
        if story.problems:
            return content, {"status": "skip"}
        return content, self._pelican_metadata(values, md)

    def _pelican_metadata(self, values: dict, md: Markdown) -> dict:
        metadata = {k: v for k, v in values.items() if k not in ("category", "tags", "summary")}
        metadata["slug"] = values["story_id"]
        metadata.setdefault("modified", values["date"])  # never corrected: modified is the publication time
        metadata.setdefault("legacy_url", "")
        metadata.setdefault("image_caption", "")
        metadata["tags"] = []
        if "category" in values:
            name, slug = values["category"]
            metadata["category"] = Category(name, self.settings)
            metadata["category"].slug = slug
        if "tags" in values:
            for name, slug in values["tags"]:
                tag = Tag(name, self.settings)
                tag.slug = slug
                metadata["tags"].append(tag)
        if "summary" in values:
            md.reset()
            metadata["summary"] = md.convert(values["summary"])
        return metadata

    def _page_metadata(self, header, shown: str, md: Markdown) -> dict:
        """Pages: Thai keys normalised, dates read the Thai way, anything else as Pelican would."""
        metadata = {}
        for f in header.fields:
            key = canonical_key(f.key) or f.key.lower()
            value = f.value.strip()
            if key in ("date", "modified"):
                try:
                    metadata[key] = parse_thai_date(value)
                except ThaiDateError as err:
                    self.problems.append(Problem(shown, f.line, label(key), str(err), value))
            elif key == "status":
                metadata[key] = STATUS.get(value.lower(), value)
            elif key in self.settings["FORMATTED_FIELDS"]:
                md.reset()
                metadata[key] = md.convert(value)
            else:
                metadata[key] = self.process_metadata(key, value)
        return metadata
