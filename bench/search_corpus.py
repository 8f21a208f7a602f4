"""A realistic Thai corpus for search benchmarks: words with a Zipf-like spread drawn from real Thai vocabulary.

    .venv/bin/python bench/search_corpus.py 1000 bench/out/search-corpus   # writes story files (Markdown)

Vocabulary: the words of the real stories (content/news, tests/search/stories) ranked by how often they occur
there, then PyThaiNLP's word list in a fixed shuffled order; each word is drawn with probability ∝ 1/(rank+2.7)^1.07
(Zipf–Mandelbrot), so a few words are everywhere and most are rare. Sentences are runs of such words without
spaces (as Thai is written), mixed with whole sentences of the real stories (newsroom boilerplate repeats).
Metadata: the registry's 9 agencies and 8 provinces, 12 sections, ~300 reporters (PyThaiNLP name lists),
a long tail of ~3,000 tags, dates spread over ten years. `records(n)` gives search records directly (no Pelican
build needed); `write_stories(n, folder)` writes the same stories as Markdown files for a real build.
"""
from __future__ import annotations

import argparse
import bisect
import itertools
import random
import re
import shutil
import tomllib
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
from corpus import Vocabulary  # noqa: E402  (bench/, the script's own folder)

from searchservice.records import SearchRecord  # noqa: E402

BANGKOK = timezone(timedelta(hours=7))
SECTIONS = [("ข่าวภูมิภาค", "regional"), ("เศรษฐกิจ", "economy"), ("เกษตร", "agriculture"),
            ("สาธารณสุข", "public-health"), ("การศึกษา", "education"), ("ท่องเที่ยว", "tourism"),
            ("สังคม", "society"), ("สิ่งแวดล้อม", "environment"), ("การเมือง", "politics"),
            ("วัฒนธรรม", "culture"), ("กีฬา", "sports"), ("ความมั่นคง", "security")]
MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
          "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
REAL = [*sorted((ROOT / "content" / "news").glob("**/*.md")), *sorted((ROOT / "tests/search/stories").glob("*.md"))]
THAI = re.compile(r"[\u0e01-\u0e3a\u0e40-\u0e4e]+")
AGENCY_WEIGHTS = [4, 3, 2, 2, 1.5, 1.5, 1, 1, 1]  # the regional office writes most
NEWEST = datetime(2026, 11, 24, 16, 0, tzinfo=BANGKOK)


def _real_bodies() -> list[str]:
    return [path.read_text(encoding="utf-8").partition("\n\n")[2] for path in REAL]


@lru_cache(maxsize=1)
def _vocabulary() -> Vocabulary:
    return Vocabulary(bodies=_real_bodies())


def _registry():
    data = tomllib.loads((ROOT / "content" / "agencies.toml").read_text(encoding="utf-8"))
    slugs = {p["name"]: p["slug"] for p in data["province"]}
    return [(a["abbr"], a["slug"], a["name"], a["province"], slugs[a["province"]]) for a in data["agency"]]


def _people(rng: random.Random, n: int) -> list[str]:
    from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names

    male, female, family = sorted(thai_male_names()), sorted(thai_female_names()), sorted(thai_family_names())
    people = []
    for _ in range(n):
        title, first = rng.choice([("นาย", male), ("นางสาว", female), ("นาง", female)])
        people.append(f"{title}{rng.choice(first)} {rng.choice(family)}")
    return people


class StoryMaker:
    """Deterministic stories: story i is the same for a given seed, whatever n."""

    def __init__(self, seed: int = 18):
        self.seed, self.vocab = seed, _vocabulary()
        rng = random.Random(seed)
        self.agencies = _registry()
        self.reporters = _people(rng, 300)
        tags = sorted({self.vocab.phrase(rng, 1, 2) for _ in range(3000)})
        rng.shuffle(tags)
        self.tags = tags
        self.tag_weights = list(itertools.accumulate(1 / (r + 1) for r in range(len(tags))))

    def _sentence(self, rng: random.Random) -> str:
        if rng.random() < 0.2:
            return rng.choice(self.vocab.sentences)
        return " ".join(self.vocab.phrase(rng, 4, 12) for _ in range(rng.randint(1, 3)))

    def story(self, i: int) -> dict:
        rng = random.Random(f"{self.seed}:{i}")
        abbr, slug, name, province, province_slug = rng.choices(self.agencies, AGENCY_WEIGHTS)[0]
        section, section_slug = SECTIONS[min(int(rng.expovariate(0.35)), len(SECTIONS) - 1)]
        n_tags = rng.randint(1, 4)
        tags = sorted({self.tags[bisect.bisect(self.tag_weights, rng.random() * self.tag_weights[-1])]
                       for _ in range(n_tags)})
        paragraphs = [" ".join(self._sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(2, 6))]
        when = NEWEST - timedelta(minutes=int(i * 131 + rng.randint(0, 120)))  # ~10 years for 40,000 stories
        return {"id": f"s{i:05d}", "title": self.vocab.phrase(rng, 5, 12) + " " + self.vocab.phrase(rng, 2, 5),
                "date": when, "reporter": rng.choice(self.reporters), "agency": (abbr, slug, name),
                "province": (province, province_slug), "section": (section, section_slug), "tags": tags,
                "paragraphs": paragraphs}

    def record(self, i: int) -> SearchRecord:
        s = self.story(i)
        when = s["date"]
        return SearchRecord(
            url=f"/news/{s['id']}/", title=s["title"], body="\n".join(s["paragraphs"]), date=when.isoformat(),
            date_label=f"{when.day} {MONTHS[when.month - 1]} {when.year + 543}", province=s["province"][0],
            province_slug=s["province"][1], agency=s["agency"][0], agency_slug=s["agency"][1],
            agency_name=s["agency"][2], section=s["section"][0], section_slug=s["section"][1],
            tags=tuple(s["tags"]), extra=(s["reporter"],))

    def markdown(self, i: int) -> str:
        s = self.story(i)
        return (f"title: {s['title']}\ndate: {s['date']:%Y-%m-%d %H:%M}\nreporter: {s['reporter']}\neditor: \n"
                f"agency: {s['agency'][0]}\ncategory: {s['section'][0]}\ntags: {', '.join(s['tags'])}\n"
                f"id: {s['id']}\n\n" + "\n\n".join(s["paragraphs"]) + "\n")


def records(n: int, seed: int = 18) -> list[SearchRecord]:
    maker = StoryMaker(seed)
    return [maker.record(i) for i in range(n)]


def write_stories(n: int, target: Path, seed: int = 18) -> Path:
    """n story files (content/news/<BE year>/sNNNNN.md) plus the agency registry in `target`."""
    maker = StoryMaker(seed)
    if target.exists():
        shutil.rmtree(target)
    (target / "news").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "agencies.toml", target / "agencies.toml")
    for i in range(n):
        year = maker.story(i)["date"].year + 543
        path = target / "news" / str(year) / f"s{i:05d}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(maker.markdown(i), encoding="utf-8")
    return target


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    print(write_stories(args.n, args.target))
