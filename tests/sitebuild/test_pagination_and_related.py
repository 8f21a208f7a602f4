"""The two rules that bound what one story touches (pure functions): list pages numbered from the oldest story, and
related stories chosen among neighbours in time."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from sitebuild.pagination import Slot, paginate
from sitebuild.related import RelatedIndex, Tagged

PATTERNS = ((1, "{url}", "{save_as}"), (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"))
T0 = datetime(2026, 1, 1, 8, 0)


def slots(n: int, withdrawn=()) -> list[Slot]:
    return [Slot((T0 + timedelta(hours=i), f"s{i:03d}"), f"s{i:03d}", i not in withdrawn) for i in range(n)]


def pages_of(slot_list):
    return {p.save_as: p for p in paginate(slot_list, "province/lampang/index.html", "province/lampang/", 10,
                                           PATTERNS)}


def test_front_page_has_the_newest_and_numbers_count_from_the_oldest():
    pages = pages_of(slots(25))
    front = pages["province/lampang/index.html"]
    assert front.story_ids == tuple(f"s{i:03d}" for i in range(24, 14, -1))
    assert pages["province/lampang/page/1/index.html"].story_ids == tuple(f"s{i:03d}" for i in range(9, -1, -1))
    assert pages["province/lampang/page/3/index.html"].story_ids == ("s024", "s023", "s022", "s021", "s020")
    assert front.older == ("province/lampang/page/2/", 2)  # s014 is the newest story not on the front page
    assert pages["province/lampang/page/3/index.html"].newer == ("province/lampang/", None)
    assert pages["province/lampang/page/2/index.html"].newer == ("province/lampang/page/3/", 3)
    assert pages["province/lampang/page/1/index.html"].older is None


def test_a_new_story_changes_the_front_page_and_the_newest_numbered_pages_only():
    for n in range(11, 60):
        before, after = pages_of(slots(n)), pages_of(slots(n + 1))
        changed = {path for path in after if before.get(path) != after[path]}
        assert "province/lampang/index.html" in changed
        numbered = sorted(int(p.split("/")[3]) for p in changed if "/page/" in p)
        assert len(numbered) <= 2 and all(k >= n // 10 for k in numbered), (n, numbered)


def test_a_withdrawal_keeps_every_other_page_as_it_was():
    before = pages_of(slots(95))
    after = pages_of(slots(95, withdrawn={33}))
    changed = {path for path in after if before.get(path) != after[path]}
    assert changed == {"province/lampang/page/4/index.html"}  # s033's page shows nine stories now
    assert "s033" not in after["province/lampang/page/4/index.html"].story_ids
    assert set(after) == set(before)  # no address disappears


def test_a_short_list_has_only_its_front_page():
    assert [p.save_as for p in paginate(slots(10), "tag/x/index.html", "tag/x/", 10, PATTERNS)] == [
        "tag/x/index.html"]


def tagged(n: int, seed: int = 4) -> list[Tagged]:
    rng = random.Random(seed)
    return [Tagged(f"s{i:03d}", (T0 + timedelta(hours=i), f"s{i:03d}"),
                   frozenset(rng.sample("abcdefgh", rng.randint(1, 3)))) for i in range(n)]


def test_related_stories_share_tags_and_are_close_in_time():
    items = tagged(200)
    index = RelatedIndex(items, window=3, limit=4)
    for item in items[::17]:
        related = index.related(item)
        assert item.story_id not in related and len(related) == len(set(related)) <= 4
        by_id = {t.story_id: t for t in items}
        assert all(by_id[r].tags & item.tags for r in related)
        assert all(abs(int(r[1:]) - int(item.story_id[1:])) <= 3 * 8 for r in related)  # neighbours in a tag


def test_a_new_story_changes_the_related_lists_of_few_stories():
    items = tagged(300)
    before = RelatedIndex(items, window=3, limit=4)
    new = Tagged("new", (T0 + timedelta(hours=400), "new"), frozenset("abc"))
    after = RelatedIndex(items + [new], window=3, limit=4)
    changed = [t.story_id for t in items if before.related(t) != after.related(t)]
    assert 0 < len(changed) <= 2 * 3 * len(new.tags)  # at most `window` stories on each side, per tag
