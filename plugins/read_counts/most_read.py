"""ข่าวยอดนิยม: the most-read stories of a window, in order."""

from __future__ import annotations


def most_read(articles, reads: dict[str, int], limit: int) -> list[tuple]:
    """[(article, reads)] for stories with reads > 0, most first; ties by newer date, then id (stable)."""
    ranked = [(a, reads[a.story.id]) for a in articles if reads.get(a.story.id, 0) > 0]
    ranked.sort(key=lambda item: (-item[1], -item[0].story.date.timestamp(), item[0].story.id))
    return ranked[:limit]
