"""Pelican reader for Markdown stories with Thai (or English) metadata keys.

Stories (files under THAI_STORY_PATHS) are read into the story contract (nuea.story.Story), attached to the Article
as `article.story`; other Markdown files (pages) only get their keys normalised. Story and page HTML is sanitized
here, before any plugin adds its own markup. Problems are collected on the reader, not raised: the plugin reports
them all at once, and only those of stories going out stop the build.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.urlwrappers import Category, Tag

from nuea.checks import display_path, is_story_file, story_context
from nuea.clock import build_now
from nuea.header import parse_header
from nuea.keys import canonical_key, label
from nuea.problems import Problem
from nuea.sanitize import sanitize_html
from nuea.statuses import Status
from nuea.story import Story, StoryCheck, StoryContext, read_story
from nuea.thai_dates import ThaiDateError, parse_thai_date


class ThaiMarkdownReader(MarkdownReader):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems: list[Problem] = []  # of the settings and of pages
        self.checks: list[StoryCheck] = []  # one per story file read
        self._context: StoryContext | None = None
        self._converter: Markdown | None = None
        self._now: datetime | None = None

    @property
    def now(self) -> datetime:
        if self._now is None:
            self._now = build_now(self.settings)
        return self._now

    def story_context(self) -> StoryContext:
        if self._context is None:
            self._context, problems = story_context(self.settings)
            self.problems += problems
        return self._context

    def save_caches(self) -> None:
        if self._context is not None:
            self._context.slugger.save()

    def _markdown(self) -> Markdown:
        """One Markdown converter for every file this reader reads, reset between files (building one per file
        costs more than converting the file)."""
        if self._converter is None:
            config = dict(self.settings["MARKDOWN"])
            config["extensions"] = [e for e in config.get("extensions", []) if e != "markdown.extensions.meta"]
            config["extension_configs"] = {
                k: v for k, v in config.get("extension_configs", {}).items() if k != "markdown.extensions.meta"
            }
            self._converter = Markdown(**config)
        self._converter.reset()
        return self._converter

    def html(self, markdown_text: str) -> str:
        return sanitize_html(self._markdown().convert(markdown_text))

    def read(self, source_path):
        self._source_path = source_path
        shown = display_path(source_path, self.settings["PATH"])
        try:
            text = Path(source_path).read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            problem = Problem(shown, 1, "file", f"not UTF-8 text ({err.reason}); save it as UTF-8")
            if is_story_file(source_path, self.settings):
                self.checks.append(StoryCheck(shown, problems=[problem]))
            else:
                self.problems.append(problem)
            return "", {"status": "skip"}
        header = parse_header(text)
        if not is_story_file(source_path, self.settings):
            return self.html(header.body), self._page_metadata(header, shown)

        check = read_story(header, shown, self.story_context())
        self.checks.append(check)
        story = check.story
        if story is None or story.status is Status.WITHDRAWN:
            return "", {"status": "skip"}  # withdrawn: kept in self.checks, its address answers 410
        return self.html(story.body), self._story_metadata(story)

    def _story_metadata(self, story: Story) -> dict:
        """What Pelican itself needs; everything else is read from `article.story`."""
        metadata = {
            "story": story,
            "title": story.title,
            "date": story.date,
            "modified": story.updated,
            "slug": story.id,
            "status": "published" if story.is_live(self.now) else "draft",  # not yet live: a preview only
            "tags": [],
        }
        if story.section:
            metadata["category"] = Category(story.section.name, self.settings)
            metadata["category"].slug = story.section.slug
        for term in story.tags:
            tag = Tag(term.name, self.settings)
            tag.slug = term.slug
            metadata["tags"].append(tag)
        if story.summary:
            metadata["summary"] = self.html(story.summary)
        return metadata

    def _page_metadata(self, header, shown: str) -> dict:
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
                status = Status.parse(value)  # Pelican's own words (e.g. hidden) pass through
                metadata[key] = value if status is None else "published" if status is Status.PUBLISHED else "draft"
            elif key in self.settings["FORMATTED_FIELDS"]:
                metadata[key] = self.html(value)
            else:
                metadata[key] = self.process_metadata(key, value)
        return metadata
