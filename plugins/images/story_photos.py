"""Which photo files a story shows: its lead photo (ภาพ/image), the local <img> of its body and its gallery
(ภาพประกอบ/gallery)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .rewrite import body_photo_tags, resolve_photo_src


@dataclass
class StoryPhotos:
    lead: Path | None = None  # the file of ภาพ/image
    body: dict[str, Path] = field(default_factory=dict)  # <img src> as written → file
    gallery: list[Path] = field(default_factory=list)  # the gallery's files, in the order written

    def files(self) -> list[Path]:
        return ([self.lead] if self.lead else []) + list(self.body.values()) + self.gallery


def lead_photo_file(image: str, content_root) -> Path:
    """ภาพ: images/2561/05/x.jpg names a file relative to content/ (also accepts {static} and a leading /)."""
    for prefix in ("{static}", "{attach}", "|static|"):
        image = image.removeprefix(prefix)
    return Path(content_root) / image.strip().lstrip("/")


def story_photos(story_path, content_root, image: str | None, body_html: str, siteurl: str = "",
                 gallery=()) -> StoryPhotos:
    """The photo files of one story. A relative body src is looked up next to the story, then in content/;
    `gallery` holds the gallery's paths under content/."""
    found = StoryPhotos(lead=lead_photo_file(image, content_root) if image and image.strip() else None,
                        gallery=[lead_photo_file(path, content_root) for path in gallery])
    for tag in body_photo_tags(body_html):
        path = resolve_photo_src(tag["src"], story_path, content_root, siteurl)
        if path is None:
            continue
        fallback = Path(content_root) / tag["src"].lstrip("./")
        if not path.exists() and not tag["src"].startswith(("/", "{", "|")) and fallback.exists():
            path = fallback
        found.body[tag["src"]] = path
    return found
