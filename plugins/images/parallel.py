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
from .derive import PhotoError, encode_derivative, load_photo, photo_header
from .specs import DerivativeSpec, derivative_specs, derivative_token, standin_spec


@dataclass(frozen=True)
class PhotoJob:
    source: Path  # absolute path of the original photo
    widths: tuple[int, ...]
    encodings: tuple  # of specs.Encoding
    encoder_options: dict  # IMAGES_ENCODER_OPTIONS (the stand-in's encoding comes from the original's format)
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
    standin: Derivative  # published at the original's own address
    encoded: int  # derivatives encoded in this run (0 when all came from the cache)


def derive_photo(job: PhotoJob) -> PhotoResult:
    """Make (or find in the cache) every derivative of one photo. Raises PhotoError naming it."""
    if not job.source.is_file():
        raise PhotoError(job.source, "file not found")
    try:
        digest = cache.file_digest(job.source)
    except OSError as e:
        raise PhotoError(job.source, f"cannot read file ({e})") from None
    header = cache.read_header(job.cache_root, digest) or photo_header(job.source, job.max_pixels, job.accepted)
    size = header[:2]
    specs = derivative_specs(*size, job.widths, job.encodings)

    def derivative(spec):
        token = derivative_token(digest, spec, PIL.__version__)
        return Derivative(spec, token, cache.derivative_file(job.cache_root, digest, token, spec.encoding.ext))

    derivatives = tuple(derivative(s) for s in specs)
    standin = derivative(standin_spec(*size, job.widths, header[2], job.encoder_options))
    # widest first; a JPEG original's stand-in is the same file as its widest JPEG derivative
    missing = list({d.cached: d for d in (standin, *derivatives) if not d.cached.is_file()}.values())
    if missing:
        image = load_photo(job.source, job.max_pixels, job.accepted, largest=(specs[0].width, specs[0].height))
        for width, group in groupby(missing, key=lambda d: d.spec.width):  # widest first
            group = list(group)
            # each width is resized from the previous one: cheaper, and as sharp for 1.5× steps
            image = image.resize((width, group[0].spec.height), Image.Resampling.LANCZOS, reducing_gap=3.0)
            for d in group:
                cache.write_atomic(d.cached, encode_derivative(image, d.spec))
        cache.write_header(job.cache_root, digest, header)
    return PhotoResult(job.source, digest, size[0], size[1], derivatives, standin, len(missing))


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
