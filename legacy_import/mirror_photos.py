"""A story page's photo -> its file in the mirror -> bytes the images plugin accepts (GIF and others converted).

A photo is looked up the way a browser would have fetched it: its src resolved against the page's old address, then
the file wget saved for that URL (either file-name form). A photo on another site, or not saved, is missing.
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from PIL import Image

from .mirror_paths import wget_file_names

SUFFIX = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "WEBP": ".webp"}


class PhotoUnusable(ValueError):
    pass


def locate_photo(src: str, page_address: str, host: str, mirror: Path) -> tuple[Path | None, str]:
    """(file, "") or (None, why it is missing)."""
    src = src.strip()
    if src.startswith("data:"):
        return None, "an inline data: image"
    url = urlsplit(urljoin(f"http://{host}{page_address}", src))
    if url.scheme not in ("http", "https"):
        return None, f"not a web address ({url.scheme}:)"
    netloc = (url.hostname or "").lower()  # host names know no case; wget's folder is the name as linked
    folder = mirror / (host if netloc == host.lower() else netloc)
    if not folder.is_dir():
        return None, f"on another site ({netloc}), not in the mirror"
    for name in wget_file_names(url.path, url.query or None):
        path = Path(os.fsdecode(os.fsencode(folder) + b"/" + name))
        if path.is_file():
            return path, ""
    return None, "not in the mirror (not saved)"


@dataclass(frozen=True)
class ReadyPhoto:
    data: bytes
    suffix: str  # .jpg .png .webp
    converted_from: str  # the original format when converted ("GIF"), else ""
    note: str = ""  # e.g. "animated GIF: first frame kept"


def ready_photo(path: Path, accepted=("JPEG", "MPO", "PNG", "WEBP"), max_pixels: int = 89_478_485) -> ReadyPhoto:
    """The photo as the story will keep it: the file itself when its format is accepted, else a lossless PNG of it.

    Raises PhotoUnusable for a file Pillow cannot read through to the end (truncated, corrupt) or too large."""
    data = path.read_bytes()
    previous, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, max_pixels
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format or "?"
            w, h = image.size
            if w * h > max_pixels:
                raise PhotoUnusable(f"{w}×{h} pixels, above the limit of {max_pixels}")
            frames = getattr(image, "n_frames", 1)
            image.load()  # decodes everything: a truncated or corrupt file fails here
            if fmt in accepted:
                return ReadyPhoto(data, SUFFIX.get(fmt, "." + fmt.lower()), "")
            target = "PNG" if "PNG" in accepted else "JPEG"
            alpha = "transparency" in image.info or image.mode in ("RGBA", "LA", "PA")
            frame = image.convert("RGBA" if alpha else "RGB")
            if target == "JPEG":
                frame = frame.convert("RGB")
            out = io.BytesIO()
            frame.save(out, target, **({"optimize": True} if target == "PNG" else {"quality": 90}))
            note = f"animated {fmt}: first frame kept" if frames > 1 else ""
            return ReadyPhoto(out.getvalue(), SUFFIX[target], fmt, note)
    except PhotoUnusable:
        raise
    except Image.DecompressionBombError as err:
        raise PhotoUnusable(f"too many pixels: {err}") from None
    except Image.UnidentifiedImageError:
        raise PhotoUnusable("not an image Pillow can read") from None
    except (OSError, ValueError, SyntaxError) as err:
        raise PhotoUnusable(f"damaged image ({err})") from None
    finally:
        Image.MAX_IMAGE_PIXELS = previous
