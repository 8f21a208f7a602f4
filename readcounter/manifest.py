"""The build's manifest of countable stories, from a file (reloaded when it changes) or an http(s) URL (polled with
conditional GETs, for instances on other machines than the build).

Format (written by plugins/read_counts into output/api/stories.json):
    {"stories": {"<story-id>": {"legacy_reads": 185, "title": "...", "url": "/news/<story-id>/"}}}
"legacy_reads" is required (int >= 0); "title" and "url" are optional and only echoed by /reads/top.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

STORY_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")

log = logging.getLogger("readcounter.manifest")


class ManifestError(ValueError):
    pass


@dataclass(frozen=True)
class CountableStory:
    legacy_reads: int
    title: str = ""
    url: str = ""


def parse_manifest(text: str, source: str) -> dict[str, CountableStory]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ManifestError(f"{source}: not JSON: {exc}") from None
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
        parsed[story_id] = CountableStory(legacy, title, url)
    return parsed


class ManifestWatcher:
    """Holds the current manifest; re-reads the file when its mtime/size change (checked at most every interval)."""

    def __init__(self, path: Path, interval: float = 1.0, clock=time.monotonic):
        self.path, self.interval, self._clock = Path(path), interval, clock
        self.stories: dict[str, CountableStory] = {}
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
            stories = parse_manifest(self.path.read_text(encoding="utf-8"), str(self.path))
        except (ManifestError, OSError, UnicodeDecodeError) as exc:
            if strict:
                raise
            log.error("manifest not reloaded, keeping the previous one: %s", exc)
            self._stamp = stamp
            return
        self.stories, self.loaded, self._stamp = stories, True, stamp
        log.info("manifest %s: %d stories", self.path, len(stories))

    def current(self) -> dict[str, CountableStory]:
        if self._clock() - self._checked >= self.interval:
            self.refresh()
        return self.stories

    @property
    def source(self) -> str:
        return str(self.path)

    def close(self) -> None:
        pass


class UrlManifest:
    """The manifest fetched from an http(s) URL, re-fetched every `interval` seconds in a background thread with
    If-None-Match / If-Modified-Since. Unreachable or broken: logged, the previous manifest kept."""

    def __init__(self, url: str, interval: float = 10.0, timeout: float = 5.0):
        self.url, self.interval = url, interval
        self.stories: dict[str, CountableStory] = {}
        self.loaded = False
        self._validators: dict[str, str] = {}
        self._client = httpx.Client(timeout=timeout, follow_redirects=False)
        self._stop = threading.Event()
        self.refresh(strict=True)
        self._thread = threading.Thread(target=self._poll, daemon=True, name="readcounter-manifest")
        self._thread.start()

    @property
    def source(self) -> str:
        return self.url

    def refresh(self, strict: bool = False) -> None:
        """Fetch if changed. At start (strict) a broken manifest raises; an unreachable URL is only logged."""
        try:
            answer = self._client.get(self.url, headers=self._validators)
        except httpx.HTTPError as exc:
            log.warning("manifest %s unreachable (%s); %s", self.url, exc,
                        "keeping the previous one" if self.loaded else "no story can be counted until it answers")
            return
        if answer.status_code == 304:
            return
        if answer.status_code != 200:
            log.warning("manifest %s answered %d; keeping the previous one", self.url, answer.status_code)
            return
        try:
            stories = parse_manifest(answer.text, self.url)
        except ManifestError as exc:
            if strict:
                raise
            log.error("manifest not reloaded, keeping the previous one: %s", exc)
            return
        self._validators = {name: answer.headers[header] for header, name in
                            (("etag", "if-none-match"), ("last-modified", "if-modified-since"))
                            if header in answer.headers}
        if stories != self.stories or not self.loaded:
            log.info("manifest %s: %d stories", self.url, len(stories))
        self.stories, self.loaded = stories, True

    def _poll(self) -> None:
        while not self._stop.wait(self.interval):
            self.refresh()

    def current(self) -> dict[str, CountableStory]:
        return self.stories

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self._client.timeout.read or 5)
        self._client.close()


def is_url(source) -> bool:
    return isinstance(source, str) and source.startswith(("http://", "https://"))


def open_manifest(source, interval: float | None = None):
    """A ManifestWatcher for a path, a UrlManifest for an http(s) URL."""
    if is_url(source):
        return UrlManifest(source, 10.0 if interval is None else interval)
    return ManifestWatcher(Path(source), 1.0 if interval is None else interval)
