"""Every story photo needs alternative text: the content check behind `make check` and the build."""
from __future__ import annotations

from .rewrite import body_photo_tags


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
