"""Content checks of story photos, shared by the build and `make check` (scripts/check_content.py):
every photo needs alternative text, and every photo file must exist and be a photo we accept."""
from __future__ import annotations

from pathlib import Path

import markdown

from nuea.checks import display_path
from nuea.problems import Problem

from .derive import PhotoError, photo_header
from .rewrite import body_photo_tags
from .settings import DEFAULTS, setting
from .story_photos import story_photos

FIELD = "ภาพ (image)"


def photo_alt_problems(source_path, image: str, alt: str, body_html: str = "") -> list[str]:
    """One message per photo that has no alt text, naming the file and the photo: the lead photo `image` (its
    alt text `alt`: image_alt, else the caption) and each <img> of BODY_HTML."""
    problems = []
    if image and not alt.strip():
        problems.append(f"{source_path}: lead photo ภาพ/image {image!r} has no alt text: "
                        "add คำบรรยายภาพ/image_caption (or คำอธิบายภาพ/image_alt)")
    for n, tag in enumerate(body_photo_tags(body_html or ""), start=1):
        if not (tag["alt"] or "").strip():
            problems.append(f"{source_path}: body photo {n} {tag['src']!r} has no alt text: "
                            "write it in the brackets, ![ข้อความแทนภาพ](…)")
    return problems


def photo_file_problems(source_path, content_root, image: str, body_html: str = "",
                        max_pixels: int = DEFAULTS["IMAGES_MAX_PIXELS"],
                        accepted=DEFAULTS["IMAGES_ACCEPTED_FORMATS"]) -> list[str]:
    """One message per photo of a story that is missing, not an accepted format, or too large.

    Reads only each file's header (fast); damaged image data is found by the build, which decodes it.
    """
    photos = story_photos(source_path, content_root, image, body_html or "")
    problems = []
    for path in photos.files():
        try:
            photo_header(path, max_pixels, accepted)
        except PhotoError as e:
            problems.append(f"{source_path}: {e}")
    return problems


def story_photo_rule(settings: dict):
    """The photo rules as a nuea.checks rule: rule(path, StoryCheck) -> [Problem] (for `make check`)."""
    def rule(path: Path, check) -> list[Problem]:
        story = check.story
        if story is None:
            return []
        html = markdown.markdown(story.body)
        messages = photo_alt_problems(path, story.image, story.photo_alt, html) + photo_file_problems(
            path, settings["PATH"], story.image, html, setting(settings, "IMAGES_MAX_PIXELS"),
            tuple(setting(settings, "IMAGES_ACCEPTED_FORMATS")))
        shown = display_path(path, settings["PATH"])
        return [Problem(shown, 1, FIELD, m.removeprefix(f"{path}: ")) for m in messages]

    return rule
