"""Checking all stories at once (for `make check` and the build): every problem, duplicate ids included."""
from __future__ import annotations

import os
from pathlib import Path

from . import settings as plugin_settings
from .header import parse_header
from .problems import Problem
from .registry import Registry, RegistryError, load_registry
from .story import Story, StoryContext, read_story
from .story_ids import find_duplicate_ids

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")


def display_path(path: str | Path, content_path: str | Path) -> str:
    """content/news/2561/x.md: the path from the content folder's parent, as writers see it."""
    return Path(os.path.relpath(path, Path(content_path).parent)).as_posix()


def story_context(settings: dict) -> tuple[StoryContext, list[Problem]]:
    """What story checks need from the settings: the registry, the slug map, the content root."""
    content = Path(settings["PATH"])
    path = content / plugin_settings.get(settings, "AGENCY_REGISTRY")
    problems = []
    try:
        registry = load_registry(path)
    except RegistryError as err:
        problems.append(Problem(display_path(path, content), 1, "registry", str(err)))
        registry = Registry(provinces=(), agencies=())
    ctx = StoryContext(
        registry=registry,
        slug_map=dict(plugin_settings.get(settings, "THAI_SLUGS")),
        content_root=content if plugin_settings.get(settings, "THAI_CHECK_IMAGE_FILES") else None,
        extra_keys=tuple(plugin_settings.get(settings, "THAI_EXTRA_KEYS")),
    )
    return ctx, problems


def check_story_file(path: str | Path, content_path: str | Path, ctx: StoryContext) -> tuple[Story, str]:
    """Read and check one story file; returns the story and its body (Markdown)."""
    shown = display_path(path, content_path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        return Story(problems=[Problem(shown, 1, "file", f"not UTF-8 text ({err.reason}); save it as UTF-8")]), ""
    header = parse_header(text)
    return read_story(header, shown, ctx), header.body


def story_files(settings: dict) -> list[Path]:
    content = Path(settings["PATH"])
    files = []
    for folder in plugin_settings.get(settings, "THAI_STORY_PATHS"):
        files += [p for p in (content / folder).rglob("*") if p.suffix in MARKDOWN_SUFFIXES and p.is_file()]
    return sorted(files)


def duplicate_id_problems(ids: list[tuple[str, str]]) -> list[Problem]:
    return [
        Problem(second, 1, "รหัส (id)", f"story id {sid!r} is also used by {first}; ids must be unique", sid)
        for sid, first, second in find_duplicate_ids(ids)
    ]


def check_content(settings: dict, extra_checks=()) -> tuple[list[Problem], int]:
    """Every problem in every story under the settings' content folder, and the number of stories read.

    Each of `extra_checks` (another plugin's rules) is called as check(path, story, body) -> [Problem].
    """
    ctx, problems = story_context(settings)
    ids = []
    files = story_files(settings)
    for path in files:
        story, body = check_story_file(path, settings["PATH"], ctx)
        problems += story.problems
        for check in extra_checks:
            problems += check(path, story, body)
        if "story_id" in story.values:
            ids.append((story.values["story_id"], display_path(path, settings["PATH"])))
    return sorted(problems + duplicate_id_problems(ids)), len(files)
