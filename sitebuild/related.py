"""Related stories (ข่าวที่เกี่ยวข้อง): neighbours in time that share tags (pure).

For a story, the candidates are, in each of its tags, the `window` live stories just before it and the `window`
just after it (by date); they are ranked by the number of tags shared, then by closeness in time, then by id, and
the first `limit` are shown. A story therefore only ever lists stories near it in its tags, and a new, corrected or
withdrawn story changes the related lists of at most 2 × window stories per tag, never of the whole archive (the
global "most tags in common" ranking of pelican-related-posts touched every story sharing a popular tag).
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass


@dataclass(frozen=True)
class Tagged:
    story_id: str
    key: tuple  # (date, id)
    tags: frozenset[str]  # tag slugs
    stamp: float = 0.0  # the date as seconds (closeness in time)


class RelatedIndex:
    """The live stories of every tag in date order, for many related() queries."""

    def __init__(self, live: list[Tagged], window: int = 3, limit: int = 4):
        self.window, self.limit = window, limit
        by_tag: dict[str, list[Tagged]] = {}
        for item in sorted(live, key=lambda t: t.key):
            for tag in item.tags:
                by_tag.setdefault(tag, []).append(item)
        self.by_tag = by_tag
        self.keys = {tag: [t.key for t in items] for tag, items in by_tag.items()}

    def related(self, item: Tagged) -> list[str]:
        """Ids of the stories related to `item` (a live story or a draft), best first."""
        if not item.tags or self.limit <= 0:
            return []
        candidates: dict[str, Tagged] = {}
        for tag in sorted(item.tags):
            items = self.by_tag.get(tag)
            if not items:
                continue
            i = bisect_left(self.keys[tag], item.key)
            j = i + 1 if i < len(items) and items[i].story_id == item.story_id else i
            for other in items[max(0, i - self.window):i] + items[j:j + self.window]:
                if other.story_id != item.story_id:
                    candidates[other.story_id] = other
        stamp = item.stamp or item.key[0].timestamp()
        ranked = sorted(candidates.values(), key=lambda o: (-len(o.tags & item.tags),
                                                            abs((o.stamp or o.key[0].timestamp()) - stamp), o.story_id))
        return [o.story_id for o in ranked[:self.limit]]
