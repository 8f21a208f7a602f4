"""Content checks of story photos, shared by the build and `make check` (scripts/check_content.py):
every photo needs alternative text, and every photo file must exist and be a photo we accept."""
from __future__ import annotations

from .derive import PhotoError, photo_header
from .rewrite import body_photo_tags
from .settings import DEFAULTS
from .story_photos import story_photos


def lead_photo_alt(metadata) -> str:
    """The alt text of the lead photo: explicit image_alt, else the caption (คำบรรยายภาพ)."""
    return (str(metadata.get("image_alt") or "").strip()
            or str(metadata.get("image_caption") or "").strip())


def photo_alt_problems(source_path, metadata, body_html: str = "") -> list[str]:
    """One message per photo of a story that has no alt text, naming the file and the photo.

    METADATA uses canonical keys (image, image_caption, image_alt); BODY_HTML is the story body as HTML.
    """
    problems = []
    image = str(metadata.get("image") or "").strip()
    if image and not lead_photo_alt(metadata):
        problems.append(f"{source_path}: lead photo ภาพ/image {image!r} has no alt text: "
                        "add คำบรรยายภาพ/image_caption (or image_alt)")
    for n, tag in enumerate(body_photo_tags(body_html or ""), start=1):
        if not (tag["alt"] or "").strip():
            problems.append(f"{source_path}: body photo {n} {tag['src']!r} has no alt text: "
                            "write it in the brackets, ![ข้อความแทนภาพ](…)")
    return problems


def photo_file_problems(source_path, content_root, metadata, body_html: str = "",
                        max_pixels: int = DEFAULTS["IMAGES_MAX_PIXELS"],
                        accepted=DEFAULTS["IMAGES_ACCEPTED_FORMATS"]) -> list[str]:
    """One message per photo of a story that is missing, not an accepted format, or too large.

    Reads only each file's header (fast); damaged image data is found by the build, which decodes it.
    """
    photos = story_photos(source_path, content_root, metadata.get("image"), body_html or "")
    problems = []
    for path in photos.files():
        try:
            photo_header(path, max_pixels, accepted)
        except PhotoError as e:
            problems.append(f"{source_path}: {e}")
    return problems
