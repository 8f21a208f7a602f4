"""The build's manifest of countable stories, reloaded when the file changes.

Format (written by the site build into output/api/stories.json):
    {"stories": {"<story-id>": {"legacy_reads": 185, "title": "...", "url": "/news/<story-id>/"}},
     "parts": {"stories/2026-11.json": "<digest>", ...}}
"legacy_reads" is required (int >= 0); "title" and "url" are optional and only echoed by /reads/top.
"parts" (optional) names more files of the same {"stories": ...} form, relative to the manifest's folder, whose
stories are added; the build writes one part per month of publication, so a new story rewrites one small part and
the index (whose digests change with every part, so watching the index is enough). A manifest without "parts" (the
single-file form of earlier builds) is read as before.
"""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path

STORY_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")

log = logging.getLogger("readcounter.manifest")


class ManifestError(ValueError):
    pass


@dataclass(frozen=True)
class Story:
    legacy_reads: int
    title: str = ""
    url: str = ""


def _json(text: str, source: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ManifestError(f"{source}: not JSON: {exc}") from None


def manifest_parts(text: str, source: str) -> list[str]:
    """The part files a manifest names (relative to its folder), [] for a single-file manifest."""
    data = _json(text, source)
    parts = data.get("parts", {}) if isinstance(data, dict) else {}
    if not isinstance(parts, dict) or not all(isinstance(k, str) for k in parts):
        raise ManifestError(f'{source}: "parts" must be an object of relative file names')
    for name in parts:
        if name.startswith("/") or ".." in name.split("/"):
            raise ManifestError(f"{source}: part {name!r} is not a path below the manifest's folder")
    return sorted(parts)


def load_manifest(path: Path) -> dict[str, Story]:
    """The stories of a manifest file and of every part it names."""
    text = path.read_text(encoding="utf-8")
    stories = parse_manifest(text, str(path))
    for name in manifest_parts(text, str(path)):
        part = path.parent / name
        stories.update(parse_manifest(part.read_text(encoding="utf-8"), str(part)))
    return stories


def parse_manifest(text: str, source: str) -> dict[str, Story]:
    data = _json(text, source)
    stories = data.get("stories") if isinstance(data, dict) else None
    if not isinstance(stories, dict):
        raise ManifestError(f'{source}: expected an object with a "stories" object')
    parsed = {}
    for story_id, entry in stories.items():
        if not STORY_ID.fullmatch(story_id):
            raise ManifestError(f"{source}: story id {story_id!r} is not [a-z0-9-] (max 100)")
        legacy = entry.get("legacy_reads") if isinstance(entry, dict) else None
        if not isinstance(legacy, int) or isinstance(legacy, bool) or legacy < 0:
            raise ManifestError(f"{source}: stories.{story_id}.legacy_reads must be an integer >= 0, got {legacy!r}")
        title, url = entry.get("title", ""), entry.get("url", "")
        if not isinstance(title, str) or not isinstance(url, str):
            raise ManifestError(f"{source}: stories.{story_id}: title and url must be strings")
        parsed[story_id] = Story(legacy, title, url)
    return parsed


class ManifestWatcher:
    """Holds the current manifest; re-reads the file when its mtime/size change (checked at most every interval)."""

    def __init__(self, path: Path, interval: float = 1.0, clock=time.monotonic):
        self.path, self.interval, self._clock = Path(path), interval, clock
        self.stories: dict[str, Story] = {}
        self.loaded = False
        self._stamp = None
        self._checked = float("-inf")
        self.refresh(strict=True)

    def _file_stamp(self):
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def refresh(self, strict: bool = False) -> None:
        """Reload if changed. Bad manifest: raise when strict (startup), else keep the old one and log."""
        self._checked = self._clock()
        stamp = self._file_stamp()
        if stamp == self._stamp:
            return
        if stamp is None:
            log.warning("manifest %s is missing; no story can be counted until it appears", self.path)
            self._stamp = None
            return
        try:
            stories = load_manifest(self.path)
        except (ManifestError, OSError, UnicodeDecodeError) as exc:
            if strict:
                raise
            log.error("manifest not reloaded, keeping the previous one: %s", exc)
            self._stamp = stamp
            return
        self.stories, self.loaded, self._stamp = stories, True, stamp
        log.info("manifest %s: %d stories", self.path, len(stories))

    def current(self) -> dict[str, Story]:
        if self._clock() - self._checked >= self.interval:
            self.refresh()
        return self.stories
