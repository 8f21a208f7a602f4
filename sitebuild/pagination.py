"""List pages whose numbers count from the oldest story, so one story touches few of them (pure).

Every list (home, province, agency, section, tag) has
- a front page at its own address (`province/lampang/`): the newest `per_page` live stories;
- numbered pages (`province/lampang/page/1/`, `/page/2/`, ...): page 1 holds the oldest `per_page` stories, page 2
  the next ones, and so on; the newest page holds the rest (1 to `per_page`). A page's stories never change when
  newer ones arrive, so its address keeps showing the same stories.
A withdrawn story keeps its place (its page shows one story fewer), so a withdrawal changes one numbered page of
each of its lists. A new story changes the front page and the newest numbered page (and the one before it, whose
"newer" link then points to a new page). A story whose date is changed, or that leaves or joins a list, moves the
stories between its old and new place: the pages between them change.
"""
from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Slot:
    """A story's place in a list: live stories are shown, withdrawn ones keep their place."""

    key: tuple  # (date, id): the order, oldest first
    story_id: str
    live: bool


@dataclass(frozen=True)
class PlannedPage:
    save_as: str
    url: str
    number: int | None  # None: the front page
    story_ids: tuple[str, ...]  # newest first
    newer: tuple[str, int | None] | None  # (url, number) of the page with newer stories
    older: tuple[str, int | None] | None


def _base_name(save_as: str) -> str:
    folder, name = os.path.split(save_as)
    return folder if name in ("index.htm", "index.html") else os.path.splitext(save_as)[0]


def numbered_address(patterns, save_as: str, url: str, number: int) -> tuple[str, str]:
    """(url, save_as) of page `number` from Pelican's PAGINATION_PATTERNS (the last rule for numbers >= 2)."""
    rule = [p for p in patterns if p[0] != -1][-1]
    values = {"save_as": save_as, "url": url, "name": os.path.splitext(save_as)[0],
              "base_name": _base_name(save_as), "extension": os.path.splitext(save_as)[1], "number": number}

    def fill(pattern: str) -> str:
        text = pattern.format(**values)
        return text[1:] if text.startswith("/") else text

    return fill(rule[1]), fill(rule[2])


def paginate(slots: list[Slot], save_as: str, url: str, per_page: int, patterns) -> list[PlannedPage]:
    """The front page and the numbered pages of one list; `slots` in any order."""
    ordered = sorted(slots, key=lambda s: s.key)
    live = [s for s in ordered if s.live]
    numbered = [ordered[i:i + per_page] for i in range(0, len(ordered), per_page)]
    addresses = [numbered_address(patterns, save_as, url, n) for n in range(1, len(numbered) + 1)]
    front_ids = tuple(s.story_id for s in reversed(live[-per_page:]))
    older = None
    if len(live) > per_page:
        next_older = live[-per_page - 1]
        number = next(n for n, chunk in enumerate(numbered, 1) if next_older in chunk)
        older = (addresses[number - 1][0], number)
    pages = [PlannedPage(save_as, url, None, front_ids, None, older)]
    if len(live) <= per_page:
        return pages  # everything is on the front page: no numbered pages
    for n, chunk in enumerate(numbered, 1):
        page_url, page_save_as = addresses[n - 1]
        newer = (addresses[n][0], n + 1) if n < len(numbered) else (url, None)
        pages.append(PlannedPage(page_save_as, page_url, n, tuple(s.story_id for s in reversed(chunk) if s.live),
                                 newer, (addresses[n - 2][0], n - 1) if n > 1 else None))
    return pages
