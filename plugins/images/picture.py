"""What a template needs to draw one <picture>: URLs, srcsets, size, alt text, caption. Pure."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PictureSource:
    type: str  # MIME type, e.g. image/webp
    srcset: str


@dataclass(frozen=True)
class Picture:
    src: str  # the original's address, serving its metadata-free stand-in (for clients without srcset)
    srcset: str  # JPEG srcset
    sources: tuple[PictureSource, ...]  # better encodings first (AVIF, WebP)
    width: int  # intrinsic size of the widest derivative (no layout shift)
    height: int
    sizes: str
    alt: str
    caption: str
    largest: str  # URL of the widest JPEG (for "open the photo" links)


def picture_for(derivatives, *, src: str, alt: str, caption: str = "", sizes: str) -> Picture:
    """A Picture from (DerivativeSpec, url) pairs; the last encoding is the <img srcset>; SRC its src."""
    derivatives = list(derivatives)
    if not derivatives:
        raise ValueError("a picture needs at least one derivative")
    by_encoding: dict[str, list] = {}
    for spec, url in derivatives:
        by_encoding.setdefault(spec.encoding.name, []).append((spec, url))
    *better, fallback = by_encoding.values()

    def srcset(pairs):
        return ", ".join(f"{url} {spec.width}w" for spec, url in sorted(pairs, key=lambda p: p[0].width))

    widest = max(derivatives, key=lambda p: p[0].width)[0]
    return Picture(
        src=src,
        srcset=srcset(fallback),
        sources=tuple(PictureSource(pairs[0][0].encoding.mime, srcset(pairs)) for pairs in better),
        width=widest.width,
        height=widest.height,
        sizes=sizes,
        alt=alt,
        caption=caption,
        largest=max(fallback, key=lambda p: p[0].width)[1],
    )
