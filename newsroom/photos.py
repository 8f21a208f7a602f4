"""Photo uploads: check what was sent (size, pixels, real format, whole data), store it under a generated name
in content/images/<BE year>/<MM>/, and make its sizes at once with the images plugin's own cache, so that a
publish finds every derivative ready (nothing is encoded on the publish path).

JPEG, PNG and WebP are kept as sent (the build never publishes an original: its derivatives carry no metadata);
HEIC from iPhones (pillow-heif: Pillow alone cannot read it) becomes an upright JPEG without metadata. The name a
browser sends is never used: neither as a path nor as part of one.
"""
from __future__ import annotations

import io
import re
import secrets
import threading
import warnings
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pillow_heif
from PIL import Image, ImageOps, features

from nuea.thai_dates import BE_OFFSET
from plugins.images.parallel import PhotoJob, derive_photo
from plugins.images.settings import setting
from plugins.images.specs import choose_encodings

from .site_config import SiteConfig

pillow_heif.register_heif_opener()

KEPT = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp"}
CONVERTED = {"HEIF"}  # stored as JPEG
JPEG_OPTIONS = {"quality": 90, "optimize": True, "progressive": True}


class PhotoRefused(ValueError):
    """An upload that is not stored; the message is Thai."""


@dataclass(frozen=True)
class AcceptedPhoto:
    data: bytes
    ext: str
    width: int
    height: int


def accept_photo(data: bytes, max_bytes: int, max_pixels: int) -> AcceptedPhoto:
    """The bytes to store for an upload, or PhotoRefused saying why (in Thai)."""
    if not data:
        raise PhotoRefused("ไฟล์ภาพว่างเปล่า กรุณาเลือกไฟล์ใหม่")
    if len(data) > max_bytes:
        raise PhotoRefused(f"ไฟล์ภาพใหญ่เกินไป ({len(data) / 1e6:.1f} MB) รับได้ไม่เกิน {max_bytes / 1e6:.0f} MB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit is checked below
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise PhotoRefused("ภาพมีจำนวนพิกเซลมากเกินไป (อาจเป็นไฟล์อันตราย) ระบบไม่รับ") from None
    except Image.UnidentifiedImageError:
        raise PhotoRefused("ไฟล์นี้ไม่ใช่ภาพ หรือเป็นชนิดที่ระบบไม่รับ ใช้ภาพ JPEG, PNG, WebP หรือ HEIC") from None
    except Exception:  # Pillow raises many kinds on broken headers
        raise PhotoRefused("อ่านไฟล์ภาพนี้ไม่ได้ ไฟล์อาจเสีย กรุณาเลือกไฟล์ใหม่") from None
    with image:
        fmt = image.format
        if fmt not in KEPT and fmt not in CONVERTED:
            raise PhotoRefused(f"ระบบไม่รับภาพชนิด {fmt} ใช้ภาพ JPEG, PNG, WebP หรือ HEIC")
        width, height = image.size
        if width * height > max_pixels:
            raise PhotoRefused(f"ภาพมีขนาด {width}×{height} พิกเซล มากเกินกว่าที่รับได้ "
                               f"({max_pixels / 1e6:.0f} ล้านพิกเซล) กรุณาย่อภาพก่อน")
        try:
            image.load()  # the whole picture: a truncated or corrupt file fails here, not at publish time
        except Exception:
            raise PhotoRefused("ไฟล์ภาพเสียหรือไม่ครบ กรุณาเลือกไฟล์ใหม่") from None
        if fmt in KEPT:
            return AcceptedPhoto(data, KEPT[fmt], width, height)
        upright = ImageOps.exif_transpose(image).convert("RGB")
        upright.info = {}
        out = io.BytesIO()
        upright.save(out, "JPEG", **JPEG_OPTIONS)
        return AcceptedPhoto(out.getvalue(), "jpg", *upright.size)


def photo_path(story_id: str, now: datetime, ext: str) -> str:
    """images/2569/12/lpg-2569-12-01-a-3f9c2b1d.jpg: a generated name under the month of the upload."""
    prefix = story_id or "photo"
    return f"images/{now.year + BE_OFFSET}/{now:%m}/{prefix}-{secrets.token_hex(4)}.{ext}"


def story_of_photo(rel: str) -> str | None:
    """The story id a newsroom upload was named for (photo_path), or None for any other photo (imported, committed)."""
    m = UPLOAD_NAME.match(rel)
    return m.group(1) if m and m.group(1) != "photo" else None


UPLOAD_NAME = re.compile(r"^images/\d{4}/\d{2}/([a-z0-9][a-z0-9-]*)-[0-9a-f]{8}\.(?:jpg|png|webp)$")


class PhotoSizes:
    """Makes every derivative of an uploaded photo in the background, into the cache the build reads."""

    def __init__(self, site: SiteConfig):
        self.site = site
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="newsroom-photo-sizes")
        self._pending: set[Future] = set()
        self._lock = threading.Lock()

    def job(self, source: Path) -> PhotoJob:
        s = self.site.pelican
        options = setting(s, "IMAGES_ENCODER_OPTIONS")
        return PhotoJob(Path(source).resolve(), tuple(setting(s, "IMAGES_WIDTHS")),
                        choose_encodings(setting(s, "IMAGES_FORMATS"), options, features.check), options,
                        self.site.image_cache, setting(s, "IMAGES_MAX_PIXELS"),
                        tuple(setting(s, "IMAGES_ACCEPTED_FORMATS")))

    def make(self, source: Path) -> Future:
        future = self._pool.submit(derive_photo, self.job(source))
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: Future) -> None:
        with self._lock:
            self._pending.discard(future)

    def wait(self) -> None:
        """Until every photo uploaded so far has its sizes (a publish waits for this, then builds)."""
        with self._lock:
            pending = list(self._pending)
        for future in pending:
            try:
                future.result()
            except Exception:  # a photo the build will report by itself
                pass

    def smallest(self, source: Path) -> Path | None:
        """The smallest JPEG derivative of a photo (thumbnails in the form), made now if needed."""
        result = derive_photo(self.job(source))
        jpegs = [d for d in result.derivatives if d.spec.encoding.name == "jpeg"]
        return min(jpegs, key=lambda d: d.spec.width).cached if jpegs else None

    def close(self) -> None:
        self._pool.shutdown(wait=True)
