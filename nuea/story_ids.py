"""Story ids: short, stable ASCII ids used in the URL, the read counter, feed GUIDs and share-card names."""
from __future__ import annotations

import re
from pathlib import PurePath

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_LENGTH = 80


class StoryIdError(ValueError):
    pass


def is_valid_id(text: str) -> bool:
    return bool(ID_PATTERN.match(text)) and len(text) <= MAX_LENGTH


def story_id(declared: str | None, source_path: str | PurePath) -> str:
    """The story's id: its รหัส/id when given, else its file name when that is a valid ASCII id.

    The id never comes from the headline, so correcting a headline never changes the URL.
    """
    if declared is not None and declared.strip():
        value = declared.strip()
        if not is_valid_id(value):
            raise StoryIdError(
                f"{value!r} is not a valid id: use lowercase a-z, 0-9 and single hyphens, at most {MAX_LENGTH} "
                "characters (e.g. hang-chat-gecc)"
            )
        return value
    stem = PurePath(source_path).stem
    if is_valid_id(stem):
        return stem
    raise StoryIdError(
        f"the file name {stem!r} is not an ASCII id; add a line 'รหัส: short-ascii-id' "
        "(lowercase a-z, 0-9, hyphens), e.g. รหัส: hang-chat-gecc"
    )


def find_duplicate_ids(stories: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(id, first file, second file) for every id used by more than one file; input is (id, file) pairs."""
    first: dict[str, str] = {}
    duplicates = []
    for sid, path in sorted(stories, key=lambda s: (s[0], str(s[1]))):
        if sid in first:
            duplicates.append((sid, first[sid], path))
        else:
            first[sid] = path
    return duplicates


def suggest_id(title: str, taken: set[str], max_words: int = 6) -> str:
    """A readable ASCII id from the headline's first words (romanised), unique among `taken`."""
    from .slugs import thai_slug

    words = thai_slug(title).split("-")[:max_words]
    base = "-".join(words)[:60].strip("-") or "story"
    sid, n = base, 2
    while sid in taken:
        sid, n = f"{base}-{n}", n + 1
    return sid


def existing_ids(folder) -> set[str]:
    """Ids already used by the story files under `folder`: each one's รหัส/id, else its file name."""
    from pathlib import Path

    from .header import parse_header
    from .keys import canonical_key

    ids = set()
    for p in Path(folder).rglob("*.md"):
        fields = parse_header(p.read_text(encoding="utf-8", errors="replace")).fields
        declared = [f.value.strip() for f in fields if canonical_key(f.key) == "id" and f.value.strip()]
        ids.add(declared[0] if declared else p.stem)
    return ids
