"""Photo sizes made when a photo is added (the newsroom calls this at upload), so that publishing the story later
finds every derivative in the cache and pays nothing for its photos.

    from sitebuild.photos import prepare_photos
    report = prepare_photos(["content/images/2569/11/x.jpg"], settings)   # PhotoReport(made, seconds, problems)

The jobs are the images plugin's own (plugins.images.photo_jobs), so the cached files are exactly those a build
looks for. A photo that cannot be published (corrupt, unsupported, too large) is reported, not raised.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class PhotoReport:
    made: int = 0  # photos whose sizes were encoded now (0: all were in the cache already)
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def prepare_photos(paths, settings: dict, workers: int = 0) -> PhotoReport:
    from plugins.images import photo_jobs
    from plugins.images.parallel import derive_all

    started = time.perf_counter()
    results, errors = derive_all(photo_jobs([Path(p) for p in paths], settings), workers)
    return PhotoReport(sum(1 for r in results.values() if r.encoded), time.perf_counter() - started,
                       [str(e) for e in errors])
