"""Metadata keys: the Thai or English key a writer typed -> the one canonical (English) key."""
from __future__ import annotations

import difflib

# canonical key -> Thai key writers use (see the README, "writing a story")
THAI_KEYS = {
    "title": "หัวข้อ",
    "date": "วันที่",
    "modified": "แก้ไขล่าสุด",
    "reporter": "ข่าวโดย",
    "editor": "บรรณาธิการ",
    "agency": "หน่วยงาน",
    "province": "จังหวัด",
    "category": "หมวด",
    "tags": "ป้ายกำกับ",
    "image": "ภาพ",
    "image_caption": "คำบรรยายภาพ",
    "image_alt": "คำอธิบายภาพ",  # alt text of the lead photo when the caption is not one
    "gallery": "ภาพประกอบ",  # photo gallery: one photo a line, `path | caption | alt text`
    "summary": "สรุป",
    "id": "รหัส",
    "status": "สถานะ",
    "correction": "หมายเหตุการแก้ไข",  # public note shown with แก้ไขล่าสุด
    "legacy_url": "ที่อยู่เดิม",  # old addresses (redirects); set by the legacy importer
    "legacy_reads": "ยอดอ่านเดิม",  # the old site's read count; set by the legacy importer
}
REPEATABLE = ("legacy_url", "gallery")  # keys that may be given on several lines
CANONICAL = tuple(THAI_KEYS)

# other spellings writers (and the old site) use
ALIASES = {
    "หมวดหมู่": "category",
    "แท็ก": "tags",
    "tag": "tags",
    "ผู้เขียน": "reporter",
    "author": "reporter",
    "ผู้สื่อข่าว": "reporter",
    "ผู้ส่งข่าว": "reporter",
    "วันที่แก้ไข": "modified",
    "แก้ไข": "modified",
    "ภาพหลัก": "image",
    "รูป": "image",
    "รูปภาพ": "image",
    "caption": "image_caption",
    "slug": "id",
    "story_id": "id",
    "alt": "image_alt",
    "photos": "gallery",
    "อัลบั้มภาพ": "gallery",
    "ภาพเพิ่มเติม": "gallery",
    "หมายเหตุ": "correction",
    "อ่าน": "legacy_reads",
}

_LOOKUP = {**{k: k for k in CANONICAL}, **{v: k for k, v in THAI_KEYS.items() if v}, **ALIASES}


def _fold(key: str) -> str:
    return "".join(key.split()).lower().replace("-", "_")


_FOLDED = {_fold(k): v for k, v in _LOOKUP.items()}


def canonical_key(key: str) -> str | None:
    """The canonical key for a Thai or English key (spaces and case ignored), or None when unknown."""
    return _FOLDED.get(_fold(key))


def suggest_keys(key: str, n: int = 3) -> list[str]:
    """Known keys closest to a misspelt one, Thai keys first."""
    known = [v for v in THAI_KEYS.values() if v] + list(CANONICAL) + list(ALIASES)
    return difflib.get_close_matches(key.strip(), known, n=n, cutoff=0.5)


def label(canonical: str) -> str:
    """How error messages name a field: 'วันที่ (date)'."""
    thai = THAI_KEYS.get(canonical)
    return f"{thai} ({canonical})" if thai else canonical
