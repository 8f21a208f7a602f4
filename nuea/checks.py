"""Checking stories for `make check`, the build and the newsroom: one set of rules, every problem at once."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .problems import Problem
from .registry import Registry, RegistryError, load_registry
from .slugs import Slugger
from .story import StoryCheck, StoryContext, read_story_file
from .story_ids import find_duplicate_ids

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
DEFAULTS = {
    "AGENCY_REGISTRY": "agencies.toml",  # the agency registry, relative to the content folder (PATH)
    "THAI_SLUGS": {},  # Thai section/tag name -> ASCII URL slug; names not listed are romanised (royin)
    "THAI_STORY_PATHS": ["news"],  # folders under content/ whose Markdown files are stories
    "THAI_EXTRA_KEYS": [],  # other plugins' ASCII metadata keys, passed through; unknown keys are errors
    "THAI_CHECK_IMAGE_FILES": True,  # the lead photo (ภาพ) must exist under content/
}
# A further rule of another part (e.g. the images plugin's photo rules): check(path, StoryCheck) -> [Problem]
StoryRule = Callable[[Path, StoryCheck], list[Problem]]


def setting(settings: dict, key: str):
    return settings.get(key, DEFAULTS[key])


def display_path(path: str | Path, content_path: str | Path) -> str:
    """content/news/2561/x.md: the path from the content folder's parent, as writers see it."""
    return Path(os.path.relpath(path, Path(content_path).parent)).as_posix()


def story_context(settings: dict) -> tuple[StoryContext, list[Problem]]:
    """What story checks need from the settings: the registry, the slugs, the content root."""
    content = Path(settings["PATH"])
    path = content / setting(settings, "AGENCY_REGISTRY")
    problems = []
    try:
        registry = load_registry(path)
    except RegistryError as err:
        problems.append(Problem(display_path(path, content), 1, "registry", str(err)))
        registry = Registry(provinces=(), agencies=())
    cache = settings.get("CACHE_PATH")
    ctx = StoryContext(
        registry=registry,
        slugger=Slugger(setting(settings, "THAI_SLUGS"), Path(cache) / "thai_metadata" / "romanized.json"
                        if cache else None),
        content_root=content if setting(settings, "THAI_CHECK_IMAGE_FILES") else None,
        extra_keys=tuple(setting(settings, "THAI_EXTRA_KEYS")),
    )
    return ctx, problems


def is_story_file(path: str | Path, settings: dict) -> bool:
    rel = Path(os.path.relpath(path, settings["PATH"])).as_posix()
    return Path(path).suffix in MARKDOWN_SUFFIXES and any(
        rel.startswith(p.rstrip("/") + "/") for p in setting(settings, "THAI_STORY_PATHS"))


def story_files(settings: dict) -> list[Path]:
    content = Path(settings["PATH"])
    files = []
    for folder in setting(settings, "THAI_STORY_PATHS"):
        files += [p for p in (content / folder).rglob("*") if p.suffix in MARKDOWN_SUFFIXES and p.is_file()]
    return sorted(files)


def duplicate_id_problems(checks: Iterable[StoryCheck], now: datetime) -> list[Problem]:
    """One problem per story id used by more than one file, on the later file (or the one not going out)."""
    by_path = {c.path: c for c in checks if c.story_id}
    problems = []
    for sid, first, second in find_duplicate_ids([(c.story_id, c.path) for c in by_path.values()]):
        a, b = by_path[first], by_path[second]
        quiet_a, quiet_b = not a.going_out(now), not b.going_out(now)
        target, other = (a, b) if quiet_a and not quiet_b else (b, a)
        problem = Problem(target.path, 1, "รหัส (id)", f"story id {sid!r} is also used by {other.path}; "
                          "ids must be unique", sid)
        problems.append(problem.as_draft() if quiet_a or quiet_b else problem)
    return problems


def shared_address_problems(checks: Iterable[StoryCheck], now: datetime) -> list[Problem]:
    """One problem per old address (legacy_url) that two live stories claim: it can redirect to one only."""
    from .legacy_requests import fold_key
    from .legacy_urls import parse_legacy_url

    claimed: dict[str, StoryCheck] = {}
    problems = []
    for check in sorted((c for c in checks if c.story and c.story.is_live(now)), key=lambda c: c.path):
        for url in check.story.legacy_urls:
            key = fold_key(parse_legacy_url(url).request_uri)  # nginx tells no two keys apart by case alone
            if key in claimed and claimed[key] is not check:
                problems.append(Problem(check.path, 1, "ที่อยู่เดิม (legacy_url)", f"old address also claimed by "
                                        f"{claimed[key].path}; it can redirect to one story only", url))
            else:
                claimed[key] = check
    return problems


@dataclass
class ContentCheck:
    """Every story file checked: what `make check` prints and what the build refuses."""

    checks: list[StoryCheck] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # all, those of drafts marked draft=True

    @property
    def blocking(self) -> list[Problem]:
        return [p for p in self.problems if not p.draft]


def assess(checks: list[StoryCheck], now: datetime, more: list[Problem] = ()) -> ContentCheck:
    """Mark each story's problems as a draft's (listed only) or blocking, and add duplicate ids."""
    problems = list(more)
    for check in checks:
        blocking = check.blocks_build(now)
        problems += [p if blocking else p.as_draft() for p in check.problems]
    problems += duplicate_id_problems(checks, now) + shared_address_problems(checks, now)
    return ContentCheck(checks, sorted(problems))


def check_content(settings: dict, now: datetime, rules: Iterable[StoryRule] = ()) -> ContentCheck:
    """Every problem in every story under the settings' content folder."""
    ctx, problems = story_context(settings)
    checks = []
    for path in story_files(settings):
        check = read_story_file(path, display_path(path, settings["PATH"]), ctx)
        for rule in rules:
            check.problems += rule(path, check)
        checks.append(check)
    return assess(checks, now, problems)
