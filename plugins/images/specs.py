"""What derivatives to make of a photo: widths, encodings, file names. Pure, no Pillow I/O."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import PurePosixPath

# Bump when derive.py changes its output for the same inputs: every cached derivative is remade.
PIPELINE_VERSION = 1

# name → (Pillow format, file extension, MIME type)
ENCODINGS = {
    "avif": ("AVIF", "avif", "image/avif"),
    "webp": ("WEBP", "webp", "image/webp"),
    "jpeg": ("JPEG", "jpg", "image/jpeg"),
    "png": ("PNG", "png", "image/png"),  # only for the stand-in of a PNG original
}
# Pillow format of an original → encoding of its stand-in (same format, so its address keeps its meaning)
STANDIN_ENCODING = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png", "WEBP": "webp"}


@dataclass(frozen=True)
class Encoding:
    name: str  # key of ENCODINGS, e.g. "webp"
    pillow_format: str
    ext: str
    mime: str
    options: tuple[tuple[str, object], ...]  # sorted Image.save keyword arguments


@dataclass(frozen=True)
class DerivativeSpec:
    width: int
    height: int
    encoding: Encoding


def choose_encodings(names, options_by_name, supported) -> tuple[Encoding, ...]:
    """Encodings to make, in order; names not `supported` (e.g. avif without libavif) are dropped.

    The last one is the <img> fallback and must be jpeg, which every browser shows.
    """
    unknown = [n for n in names if n not in ENCODINGS]
    if unknown:
        raise ValueError(f"IMAGES_FORMATS: unknown format(s) {unknown}; known: {sorted(ENCODINGS)}")
    if not names or names[-1] != "jpeg":
        raise ValueError(f"IMAGES_FORMATS must end with 'jpeg' (the fallback), got {list(names)}")
    chosen = []
    for name in names:
        if name != "jpeg" and not supported(name):
            continue
        chosen.append(make_encoding(name, options_by_name))
    return tuple(chosen)


def make_encoding(name: str, options_by_name) -> Encoding:
    pillow_format, ext, mime = ENCODINGS[name]
    return Encoding(name, pillow_format, ext, mime, tuple(sorted((options_by_name or {}).get(name, {}).items())))


def standin_spec(width: int, height: int, widths, source_format: str, options_by_name) -> DerivativeSpec:
    """The stand-in published at the original's own address (images/…/x.jpg): as wide as the widest
    derivative, in the original's format, without metadata; so every link to the original stays safe."""
    w = target_widths(width, widths)[-1]
    return DerivativeSpec(w, max(1, round(height * w / width)),
                          make_encoding(STANDIN_ENCODING[source_format], options_by_name))


def target_widths(width: int, widths) -> tuple[int, ...]:
    """Widths to make for a photo WIDTH px wide: each setting width below it, and its own width
    when it is narrower than the largest setting width (never upscale)."""
    if width < 1:
        raise ValueError(f"photo width must be positive, got {width}")
    chosen = {w for w in widths if w < width}
    if width <= max(widths):
        chosen.add(width)
    return tuple(sorted(chosen))


def derivative_specs(width: int, height: int, widths, encodings) -> tuple[DerivativeSpec, ...]:
    """Every derivative of a WIDTH×HEIGHT photo (already turned upright), widest first."""
    specs = []
    for w in sorted(target_widths(width, widths), reverse=True):
        h = max(1, round(height * w / width))
        specs.extend(DerivativeSpec(w, h, enc) for enc in encodings)
    return tuple(specs)


def derivative_token(source_digest: str, spec: DerivativeSpec, pillow_version: str) -> str:
    """Short hash naming one derivative: changes whenever its bytes could change."""
    recipe = [source_digest, spec.width, spec.height, spec.encoding.pillow_format,
              [list(o) for o in spec.encoding.options], PIPELINE_VERSION, pillow_version]
    return hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()[:12]


def derivative_path(source_rel: str, spec: DerivativeSpec, token: str, output_dir: str,
                    source_dir: str = "images") -> str:
    """Site-relative path of a derivative: images/2561/05/x.jpg → photos/2561/05/x-960.<token>.webp."""
    rel = PurePosixPath(source_rel)
    parts = rel.parent.parts
    if parts and parts[0] == source_dir:
        parts = parts[1:]
    name = f"{rel.stem}-{spec.width}.{token}.{spec.encoding.ext}"
    return str(PurePosixPath(output_dir, *parts, name))

