"""Settings of the images plugin, with their defaults (override in pelicanconf.py)."""

DEFAULTS = {
    # widths (px) of the derivatives; a photo narrower than one gets its own width instead, never upscaled
    "IMAGES_WIDTHS": (480, 960, 1440),
    # encodings, best first; the last one is the <img> fallback; "avif" is dropped if this Pillow lacks it
    "IMAGES_FORMATS": ("avif", "webp", "jpeg"),
    # keyword arguments for Image.save, per encoding (part of the cache key)
    "IMAGES_ENCODER_OPTIONS": {
        "avif": {"quality": 55, "speed": 8},
        "webp": {"quality": 80, "method": 4},
        "jpeg": {"quality": 82, "optimize": True, "progressive": True},
        "png": {"optimize": True},
    },
    # the `sizes` attribute per place a photo appears
    "IMAGES_SIZES": {
        "lead": "(min-width: 72rem) 68rem, calc(100vw - 2rem)",
        "body": "(min-width: 72rem) 68rem, calc(100vw - 2rem)",
        "card": "(min-width: 40rem) 14rem, calc(100vw - 2rem)",
        "gallery": "(min-width: 48rem) 15rem, calc(50vw - 1.5rem)",  # a gallery's thumbnails, 2 to 4 a row
    },
    # folder under output/ that receives the derivatives
    "IMAGES_OUTPUT_DIR": "photos",
    # encoded derivatives, keyed by content hash; relative paths are taken from the folder holding content/
    "IMAGES_CACHE_DIR": "cache/images",
    # processes encoding in parallel; 0 means one per CPU
    "IMAGES_WORKERS": 0,
    # photos with more pixels than this fail the build (Pillow's decompression-bomb limit)
    "IMAGES_MAX_PIXELS": 89_478_485,
    # Pillow formats accepted as story photos (MPO is the multi-picture JPEG phones write)
    "IMAGES_ACCEPTED_FORMATS": ("JPEG", "MPO", "PNG", "WEBP"),
    # folder under content/ whose original photos are never copied to output/ (they carry GPS and EXIF)
    "IMAGES_SOURCE_DIR": "images",
    # a photo without alt text (caption or explicit alt) fails the build, as `make check` reports it
    "IMAGES_REQUIRE_ALT": True,
    # copy the derivatives into output/ here; False: only list them on each story (`photo_files`), for a build
    # that writes output/ itself (sitebuild)
    "IMAGES_PUBLISH": True,
}


def setting(settings, key):
    """The value of KEY from Pelican settings, else its default."""
    return settings.get(key, DEFAULTS[key])
