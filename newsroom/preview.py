"""Preview: the story exactly as readers will see it, made by the site's own build (real theme, real plugins,
the reader's sanitizer), not by a second template.

`Previews.build(account, text, path)` copies the story (as typed, saved or not) and its photos into a folder of
its own with the agency registry, runs scripts.build on the site's settings file with PATH, OUTPUT_PATH and
SITEURL pointed there (drafts written, no search index, no precompression, counts from nowhere, the photo
derivative cache shared with the site so no photo is encoded twice), and returns a token. The pages are served
at /newsroom/preview-site/<token>/... to the account that asked, with a CSP of their own (framed by the newsroom
only: phone and desktop widths side by side). Markdown is sanitized by the reader (nh3) in that build, so script
in a body never reaches the preview.
"""
from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from nuea.story import read_story
from plugins.images.story_photos import story_photos

from .jobs import shown_output

ROOT = Path(__file__).resolve().parent.parent
KEEP = 20  # previews kept (the oldest are removed)
TOKEN_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


class PreviewFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class Preview:
    token: str
    account_id: int
    folder: Path
    page: str  # the story page under the preview site: drafts/<id>/ or news/<id>/
    made: float


class Previews:
    def __init__(self, newsroom):
        self.nr = newsroom
        self.root = Path(newsroom.settings.work_dir) / "previews"
        self._made: dict[str, Preview] = {}
        self._lock = threading.Lock()

    def build(self, account_id: int, text: str, path: str, mount: str, timeout: float = 300) -> Preview:
        """Build the site's page of this story text (its file would be content/<path>)."""
        site = self.nr.site
        token = secrets.token_urlsafe(18)
        folder = self.root / token
        content = folder / "content"
        (content / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(site.content_dir / site.pelican.get("AGENCY_REGISTRY", "agencies.toml"), content / "agencies.toml")
        (content / path).write_text(text, encoding="utf-8")
        check = read_story(text, f"content/{path}", site.story_context())
        if check.story is not None:  # its photos, so the page shows them (derivatives come from the shared cache)
            html = site.body_html(check.story.body)
            photos = story_photos(site.content_dir / path, site.content_dir, check.story.image, html)
            for source in photos.files():
                if source.is_file() and source.resolve().is_relative_to(site.content_dir.resolve()):
                    target = content / source.resolve().relative_to(site.content_dir.resolve())
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(source, target)
        siteurl = f"{mount.rstrip('/')}/preview-site/{token}"
        extra = {
            "PATH": str(content), "SITEURL": siteurl, "CACHE_PATH": str(self.root / "cache"),
            "IMAGES_CACHE_DIR": str(site.image_cache), "SEARCH_INDEX": False, "RELATIVE_URLS": False,
            "DRAFT_URL": "drafts/{slug}/", "DRAFT_SAVE_AS": "drafts/{slug}/index.html",
            "READ_COUNTS_SOURCE": str(folder / "no-counter.sqlite3"), "PRECOMPRESS_GZIP": False,
            "PRECOMPRESS_BROTLI": False, "DELETE_OUTPUT_DIRECTORY": False,
        }
        cmd = [sys.executable, "-m", "scripts.build", "-s", str(site.settings_file), "-o", str(folder / "output"),
               "-e", *(f"{k}={json.dumps(v)}" for k, v in extra.items())]
        result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
        sid = check.story_id or Path(path).stem
        page = next((p for p in (f"news/{sid}/", f"drafts/{sid}/")
                     if (folder / "output" / p / "index.html").is_file()), None)
        if result.returncode != 0 or page is None:
            shutil.rmtree(folder, ignore_errors=True)
            if result.returncode == 0:
                raise PreviewFailed("ไม่มีหน้าข่าวในผลการสร้าง")
            raise PreviewFailed(shown_output(result.stderr or result.stdout, result.returncode, 12))
        preview = Preview(token, account_id, folder, page, time.time())
        with self._lock:
            self._made[token] = preview
            old = sorted(self._made.values(), key=lambda p: p.made)[:-KEEP]
            for p in old:
                self._made.pop(p.token, None)
                shutil.rmtree(p.folder, ignore_errors=True)
        return preview

    def file(self, token: str, account_id: int, rel: str) -> Path | None:
        """The file `rel` of a preview this account made, or None (unknown token, another account, outside)."""
        if not token or set(token) - TOKEN_CHARS:
            return None
        with self._lock:
            preview = self._made.get(token)
        if preview is None or preview.account_id != account_id:
            return None
        output = (preview.folder / "output").resolve()
        target = (output / rel).resolve()
        if not target.is_relative_to(output):
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None
