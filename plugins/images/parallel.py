"""Deriving many photos at once in a process pool, reusing the cache; one job per source photo."""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import PIL
from PIL import Image

from . import cache
from .derive import PhotoError, encode_derivative, load_photo, upright_size
from .specs import DerivativeSpec, derivative_specs, derivative_token


@dataclass(frozen=True)
class PhotoJob:
    source: Path  # absolute path of the original photo
    widths: tuple[int, ...]
    encodings: tuple  # of specs.Encoding
    cache_root: Path
    max_pixels: int
    accepted: tuple[str, ...]


@dataclass(frozen=True)
class Derivative:
    spec: DerivativeSpec
    token: str
    cached: Path  # the file in the cache


@dataclass(frozen=True)
class PhotoResult:
    source: Path
    digest: str
    width: int  # upright size of the original
    height: int
    derivatives: tuple[Derivative, ...]  # widest first
    encoded: int  # derivatives encoded in this run (0 when all came from the cache)


def derive_photo(job: PhotoJob) -> PhotoResult:
    """Make (or find in the cache) every derivative of one photo. Raises PhotoError naming it."""
    if not job.source.is_file():
        raise PhotoError(job.source, "file not found")
    try:
        digest = cache.file_digest(job.source)
    except OSError as e:
        raise PhotoError(job.source, f"cannot read file ({e})") from None
    size = cache.read_size(job.cache_root, digest) or upright_size(job.source, job.max_pixels, job.accepted)
    specs = derivative_specs(*size, job.widths, job.encodings)
    derivatives = tuple(
        Derivative(s, tok, cache.derivative_file(job.cache_root, digest, tok, s.encoding.ext))
        for s in specs for tok in [derivative_token(digest, s, PIL.__version__)]
    )
    missing = [d for d in derivatives if not d.cached.is_file()]
    if missing:
        image = load_photo(job.source, job.max_pixels, job.accepted, largest=(specs[0].width, specs[0].height))
        for width, group in groupby(missing, key=lambda d: d.spec.width):  # widest first
            group = list(group)
            # each width is resized from the previous one: cheaper, and as sharp for 1.5× steps
            image = image.resize((width, group[0].spec.height), Image.Resampling.LANCZOS, reducing_gap=3.0)
            for d in group:
                cache.write_atomic(d.cached, encode_derivative(image, d.spec))
        cache.write_size(job.cache_root, digest, size)
    return PhotoResult(job.source, digest, size[0], size[1], derivatives, len(missing))


def _derive_or_error(job: PhotoJob):
    try:
        return derive_photo(job)
    except PhotoError as e:
        return e


def derive_all(jobs, workers: int = 0) -> tuple[dict[Path, PhotoResult], list[PhotoError]]:
    """Results by source path, and the errors of every photo that failed (all reported at once)."""
    jobs = list(jobs)
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        outcomes = [_derive_or_error(j) for j in jobs]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            outcomes = list(pool.map(_derive_or_error, jobs, chunksize=1))
    results = {o.source: o for o in outcomes if isinstance(o, PhotoResult)}
    errors = [o for o in outcomes if isinstance(o, PhotoError)]
    return results, errors
