"""Share cards cached by a hash of what they show; missing ones drawn in parallel processes.

The hash covers the card's text, the bytes of its photo, logo and fonts, and CARD_VERSION, so a card is redrawn
exactly when it would look different, and its file name (which carries the hash) changes with it.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from .cards import CARD_VERSION, CardFonts, CardSpec, draw_share_card, warm_up

JPEG_QUALITY = 85


@dataclass(frozen=True)
class CardJob:
    name: str  # file name, e.g. hang-chat-gecc-3f2a9c1d04be.jpg
    spec: CardSpec


@dataclass(frozen=True)
class CardReport:
    drawn: int  # cards drawn in this run
    reused: int  # cards found in the cache
    copied: int  # cards copied from the cache into the output


@cache
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def file_digest(path: str) -> str:
    """sha256 of a file's bytes (memoised per size and mtime within one process)."""
    try:
        st = os.stat(path)
    except OSError as err:
        raise FileNotFoundError(f"sharing: file of a share card missing: {path}") from err
    return _file_digest(path, st.st_size, st.st_mtime_ns)


def card_hash(spec: CardSpec, fonts: CardFonts) -> str:
    """Hex hash of everything the card shows."""
    shown = {
        "version": CARD_VERSION,
        "text": {k: v for k, v in asdict(spec).items() if k not in ("logo", "photo")},
        "logo": file_digest(spec.logo),
        "photo": file_digest(spec.photo) if spec.photo else None,
        "fonts": [file_digest(fonts.bold), file_digest(fonts.regular)],
    }
    return hashlib.sha256(json.dumps(shown, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def card_file_name(story_id: str, digest: str) -> str:
    return f"{story_id}-{digest[:12]}.jpg"


def card_job(story_id: str, spec: CardSpec, fonts: CardFonts) -> CardJob:
    return CardJob(card_file_name(story_id, card_hash(spec, fonts)), spec)


def _draw_to(job: CardJob, fonts: CardFonts, cache_dir: str) -> str:
    path = Path(cache_dir) / job.name
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    draw_share_card(job.spec, fonts).save(tmp, "JPEG", quality=JPEG_QUALITY)
    os.replace(tmp, path)
    return job.name


def _draw_star(args) -> str:
    return _draw_to(*args)


def draw_cards(jobs, fonts: CardFonts, cache_dir: str | Path, workers: int | None = None) -> list[str]:
    """Draw `jobs` into `cache_dir`, in a process pool when there is more than one; returns the names drawn."""
    jobs = list(jobs)
    workers = workers or os.cpu_count() or 1
    args = [(job, fonts, str(cache_dir)) for job in jobs]
    if workers == 1 or len(jobs) < 2:
        return [_draw_star(a) for a in args]
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    if method == "fork":
        warm_up(fonts)  # forked workers inherit the loaded dictionary and fonts
    chunk = max(1, len(jobs) // (workers * 8))
    with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=multiprocessing.get_context(method)) as pool:
        return list(pool.map(_draw_star, args, chunksize=chunk))


def render_cards(jobs, fonts: CardFonts, cache_dir: str | Path, out_dir: str | Path | None,
                 workers: int | None = None) -> CardReport:
    """Make sure every job's card is in `cache_dir` (drawn only when not cached) and, unless `out_dir` is None,
    copied into `out_dir`."""
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    unique = list({job.name: job for job in jobs}.values())
    missing = [job for job in unique if not (cache_dir / job.name).is_file()]
    draw_cards(missing, fonts, cache_dir, workers)
    if out_dir is None:
        return CardReport(drawn=len(missing), reused=len(unique) - len(missing), copied=0)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    copied = 0
    for job in unique:
        target = out_dir / job.name
        if not target.is_file():
            shutil.copy2(cache_dir / job.name, target)
            copied += 1
    return CardReport(drawn=len(missing), reused=len(unique) - len(missing), copied=copied)


def prune_cards(folder: str | Path, story_ids, keep) -> list[str]:
    """Remove the older cards of `story_ids` in `folder` (those not in `keep`); returns the names removed."""
    keep, ids, removed = set(keep), set(story_ids), []
    try:
        names = sorted(e.name for e in os.scandir(folder) if e.name.endswith(".jpg"))  # one listing, names only
    except FileNotFoundError:
        return removed
    for name in names:
        story_id, _, stem_hash = name[:-4].rpartition("-")
        if len(stem_hash) == 12 and story_id in ids and name not in keep:
            Path(folder, name).unlink()
            removed.append(name)
    return removed
