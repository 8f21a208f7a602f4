"""Making derivatives with Pillow: read and check a photo, turn it upright, convert it to sRGB,
resize, and encode without any metadata (EXIF, GPS, XMP, ICC)."""
from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from .specs import DerivativeSpec

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_SWAPS_AXES = {5, 6, 7, 8}  # EXIF orientations that turn the picture a quarter
_ORIENTATION = 0x0112


class PhotoError(Exception):
    """A photo that cannot be used; the message names the file."""

    def __init__(self, path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason

    def __reduce__(self):  # keep both fields across the process pool
        return (PhotoError, (self.path, self.reason))


def _open_checked(path: Path, max_pixels: int, accepted) -> Image.Image:
    if not path.is_file():
        raise PhotoError(path, "file not found")
    previous, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, max_pixels  # Pillow's own check, our limit
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise PhotoError(path, f"too many pixels (decompression-bomb limit): {e}") from None
    except Image.UnidentifiedImageError:
        raise PhotoError(path, "unsupported or unreadable image format") from None
    except Exception as e:  # Pillow raises many kinds on broken headers
        raise PhotoError(path, f"cannot read image ({type(e).__name__}: {e})") from None
    finally:
        Image.MAX_IMAGE_PIXELS = previous
    if image.format not in accepted:
        image.close()
        raise PhotoError(path, f"unsupported format {image.format}; accepted: {', '.join(accepted)}")
    w, h = image.size
    if w * h > max_pixels:
        image.close()
        raise PhotoError(path, f"{w}×{h} = {w * h} pixels, above the limit of {max_pixels} "
                               "(decompression-bomb limit, IMAGES_MAX_PIXELS)")
    return image


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(_ORIENTATION, 1))
    except Exception:
        return 1


def photo_header(path, max_pixels: int, accepted) -> tuple[int, int, str]:
    """Width and height of the photo as shown (EXIF orientation applied) and its Pillow format, from its header."""
    path = Path(path)
    with _open_checked(path, max_pixels, accepted) as image:
        w, h = image.size
        return ((h, w) if _orientation(image) in _SWAPS_AXES else (w, h)) + (image.format,)


def _flatten(image: Image.Image) -> Image.Image:
    """No alpha, no palette: RGB, L or CMYK (photos have no transparency; flatten onto white)."""
    if image.mode in ("RGBA", "LA", "RGBa", "La") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if image.mode in ("RGB", "L", "CMYK"):
        return image
    if image.mode.startswith("I;16") or image.mode in ("I", "F"):
        return image.point(lambda v: v / 256).convert("L")  # 16-bit grey → 8-bit
    return image.convert("RGB")


def _to_srgb(image: Image.Image, icc: bytes | None, path: Path) -> Image.Image:
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
        except Exception as e:
            raise PhotoError(path, f"cannot convert its colour profile to sRGB ({e})") from None
    return image if image.mode == "RGB" else image.convert("RGB")


def load_photo(path, max_pixels: int, accepted, largest: tuple[int, int] | None = None) -> Image.Image:
    """The photo fully decoded, upright, in sRGB RGB, with no metadata attached.

    LARGEST (upright width, height) lets JPEG decoding skip detail no derivative needs.
    Every defect (truncated, corrupt, bad profile) raises PhotoError naming the file.
    """
    path = Path(path)
    image = _open_checked(path, max_pixels, accepted)
    try:
        icc = image.info.get("icc_profile")
        if largest and image.format in ("JPEG", "MPO"):
            w, h = largest
            image.draft(None, (h, w) if _orientation(image) in _SWAPS_AXES else (w, h))
        image.load()
        image = ImageOps.exif_transpose(image)
        image = _to_srgb(_flatten(image), icc, path)
    except PhotoError:
        raise
    except Exception as e:
        raise PhotoError(path, f"broken or truncated image data ({type(e).__name__}: {e})") from None
    image.info = {}
    return image


def encode_derivative(image: Image.Image, spec: DerivativeSpec) -> bytes:
    """SPEC's bytes: IMAGE resized to spec.width×spec.height and encoded with no metadata."""
    if image.size != (spec.width, spec.height):
        image = image.resize((spec.width, spec.height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    image.info = {}  # nothing from the source travels: no EXIF, XMP, ICC, comments
    out = io.BytesIO()
    image.save(out, spec.encoding.pillow_format, **dict(spec.encoding.options))
    return out.getvalue()
