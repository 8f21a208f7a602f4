"""Most-read lists without reading every row: the threshold algorithm (Fagin) over sorted lists.

A story's score is a sum of parts (all time: legacy reads + counted reads; a week: the reads of each of 7 days).
Each part can be listed most-first (an index scan for the database's parts, a sorted list for the manifest's legacy
reads), and the exact score of a few stories can be looked up. Read every list down to a depth d: any story on
none of them scores at most the sum of the d-th values (the threshold). When the k-th best exactly scored candidate
beats the threshold (or ties it with an id no unseen story can undercut), no other story can enter the top k;
otherwise read deeper. Lists must be sorted by value descending, then story id ascending. With 100,000 stories
the all-time lists are read a few dozen rows deep instead of summing every story. Pure: the data comes from the
callables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

Ranked = list[tuple[str, int]]


def top_k(
    k: int,
    lists_at: Callable[[int], Sequence[Ranked]],
    scores_of: Callable[[set[str]], dict[str, int]],
    eligible: Callable[[str], bool] = lambda story_id: True,
    keep: Callable[[int], bool] = lambda score: True,
    first_depth: int | None = None,
) -> Ranked:
    """The k best (story_id, score), by score descending then id.

    lists_at(d): every part's first d (story_id, value) rows, value descending (fewer rows when a part has fewer).
    scores_of(ids): the exact scores of those stories. eligible: stories that may be listed (in the manifest).
    keep: scores that may be listed (e.g. > 0).
    """
    if k <= 0:
        return []
    depth = first_depth or max(2 * k, 20)
    while True:
        lists = lists_at(depth)
        candidates = {story_id for part in lists for story_id, _ in part if eligible(story_id)}
        scores = scores_of(candidates) if candidates else {}
        ranked = sorted(((s, n) for s, n in scores.items() if keep(n)), key=lambda item: (-item[1], item[0]))
        full = [part for part in lists if len(part) >= depth]
        if not full:  # every part read to its end: every story with a score is a candidate
            return ranked[:k]
        threshold = sum(part[-1][1] for part in full)
        if len(ranked) >= k:
            score, story_id = ranked[k - 1][1], ranked[k - 1][0]
            # An unseen story scoring exactly the threshold ties with the last value of every full part, so (parts
            # being sorted by value, then id) its id is after each part's last id: it cannot beat a smaller id.
            if score > threshold or (score == threshold and story_id <= max(part[-1][0] for part in full)):
                return ranked[:k]
        depth *= 4


def sorted_scores(scores: dict[str, int]) -> Ranked:
    """A part held in memory (the manifest's legacy reads), most first, ties by id."""
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def brute_force(k: int, scores: Iterable[tuple[str, int]], keep: Callable[[int], bool] = lambda n: True) -> Ranked:
    """The same answer by sorting everything (tests, and the benchmark's baseline)."""
    return sorted(((s, n) for s, n in scores if keep(n)), key=lambda item: (-item[1], item[0]))[:k]
