"""The build's manifest of countable stories, from a file (reloaded when it changes) or an http(s) URL (polled with
conditional GETs, for instances on other machines than the build).

Format (written by the site build into output/api/stories.json):
    {"stories": {"<story-id>": {"legacy_reads": 185, "title": "...", "url": "/news/<story-id>/"}},
     "parts": {"stories/2026-11.json": "<digest>", ...}}
"legacy_reads" is required (int >= 0); "title" and "url" are optional and only echoed by /reads/top.
"parts" (optional) names more files of the same {"stories": ...} form, relative to the manifest's folder (or, for
a manifest at an http(s) URL, relative to that URL), whose stories are added; the build writes one part per month of
publication, so a new story rewrites one small part and the index (whose digests change with every part, so
watching the index is enough; a URL manifest fetches again only the parts whose digest changed). A manifest without
"parts" (the single-file form of earlier builds) is read as before.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

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


def _json(text: str, source: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ManifestError(f"{source}: not JSON: {exc}") from None


def manifest_parts(text: str, source: str) -> dict[str, str]:
    """The part files a manifest names (relative name -> digest), {} for a single-file manifest."""
    data = _json(text, source)
    parts = data.get("parts", {}) if isinstance(data, dict) else {}
    if not isinstance(parts, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in parts.items()):
        raise ManifestError(f'{source}: "parts" must be an object of relative file names and digests')
    for name in parts:
        if name.startswith("/") or ".." in name.split("/") or "://" in name:
            raise ManifestError(f"{source}: part {name!r} is not a path below the manifest's folder")
    return dict(sorted(parts.items()))


def load_manifest(path: Path) -> dict[str, CountableStory]:
    """The stories of a manifest file and of every part it names."""
    text = path.read_text(encoding="utf-8")
    stories = parse_manifest(text, str(path))
    for name in manifest_parts(text, str(path)):
        part = path.parent / name
        stories.update(parse_manifest(part.read_text(encoding="utf-8"), str(part)))
    return stories


def parse_manifest(text: str, source: str) -> dict[str, CountableStory]:
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
            stories = load_manifest(self.path)
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
        self._parts: dict[str, tuple[str, dict[str, CountableStory]]] = {}  # name -> (digest, its stories)
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
            parts = self._fetch_parts(manifest_parts(answer.text, self.url))
        except httpx.HTTPError as exc:
            log.warning("manifest %s: a part is unreachable (%s); keeping the previous one", self.url, exc)
            return
        except ManifestError as exc:
            if strict:
                raise
            log.error("manifest not reloaded, keeping the previous one: %s", exc)
            return
        self._validators = {name: answer.headers[header] for header, name in
                            (("etag", "if-none-match"), ("last-modified", "if-modified-since"))
                            if header in answer.headers}
        self._parts = parts
        for _, part in parts.values():
            stories.update(part)
        if stories != self.stories or not self.loaded:
            log.info("manifest %s: %d stories", self.url, len(stories))
        self.stories, self.loaded = stories, True

    def _fetch_parts(self, names: dict[str, str]) -> dict[str, tuple[str, dict[str, CountableStory]]]:
        """Every part the index names; a part whose digest is the one fetched before is not fetched again."""
        parts = {}
        for name, digest in names.items():
            known = self._parts.get(name)
            if known and known[0] == digest:
                parts[name] = known
                continue
            url = urljoin(self.url, name)
            answer = self._client.get(url)
            if answer.status_code != 200:
                raise ManifestError(f"{url}: answered {answer.status_code}")
            parts[name] = (digest, parse_manifest(answer.text, url))
        return parts

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
