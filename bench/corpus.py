"""Generate N synthetic Thai stories that look like the archive, for benchmarks.

    python bench/corpus.py 10000 bench/out/corpus

Words are drawn with a Zipf-Mandelbrot spread (probability ∝ 1/(rank+2.7)^1.07) from real Thai vocabulary: the
words of the site's real stories ranked by frequency, then PyThaiNLP's word list in a fixed shuffled order, so a few
words are everywhere and most are rare, as in real text (the approach of bench/search_corpus.py on branch search).
Sentences are runs of such words without spaces, mixed with whole sentences of the real stories (boilerplate
repeats). Metadata: the registry's agencies (the regional office writes most), ~300 reporters (PyThaiNLP name
lists), 8 sections, a long tail of ~3,000 tags (1-4 per story, Zipf-weighted), dates over ~10 years at 40,000 stories,
legacy addresses on imported stories, and one story in five with a lead photo (a 1280×853 JPEG of its own).
Story i is the same for a given seed whatever N, so corpora of different sizes share their stories.
"""
from __future__ import annotations

import argparse
import bisect
import io
import itertools
import random
import re
import shutil
import tomllib
from collections import Counter
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ["ข่าวภูมิภาค", "เศรษฐกิจ", "เกษตร", "สาธารณสุข", "การศึกษา", "ท่องเที่ยว", "สังคม", "สิ่งแวดล้อม"]
AGENCY_WEIGHTS = [4, 3, 2, 2, 1.5, 1.5, 1, 1, 1]
THAI = re.compile(r"[\u0e01-\u0e3a\u0e40-\u0e4e]+")
NEWEST = datetime(2026, 11, 24, 16, 0)
PHOTO_SIZE = (1280, 853)
PHOTO_EVERY = 5


class Vocabulary:
    """Zipf-ranked Thai words and the real stories' sentences."""

    def __init__(self, seed: int = 18, bodies: list[str] | None = None):
        """`bodies`: the story texts to rank words by (default: the stories in content/news)."""
        from pythainlp.corpus import thai_words
        from pythainlp.tokenize import word_tokenize

        if bodies is None:
            bodies = [path.read_text(encoding="utf-8").partition("\n\n")[2]
                      for path in sorted((ROOT / "content" / "news").glob("**/*.md"))]
        counts: Counter = Counter()
        self.sentences: list[str] = []
        for body in bodies:
            for run in THAI.findall(body):
                counts.update(w for w in word_tokenize(run, engine="newmm") if THAI.fullmatch(w))
            self.sentences += [s for s in re.split(r"\s+", body) if len(s) > 30 and THAI.search(s)]
        ranked = [w for w, _ in counts.most_common()]
        rest = sorted(set(thai_words()) - set(ranked))
        random.Random(seed).shuffle(rest)
        self.words = ranked + rest
        self.cumulative = list(itertools.accumulate(1 / (r + 2.7) ** 1.07 for r in range(len(self.words))))

    def word(self, rng: random.Random) -> str:
        return self.words[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]

    def phrase(self, rng: random.Random, low: int, high: int) -> str:
        return "".join(self.word(rng) for _ in range(rng.randint(low, high)))


@lru_cache(maxsize=1)
def _vocabulary() -> Vocabulary:
    return Vocabulary()


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
        data = tomllib.loads((ROOT / "content" / "agencies.toml").read_text(encoding="utf-8"))
        self.agencies = [a["abbr"] for a in data["agency"]]
        self.reporters = _people(rng, 300)
        tags = sorted({self.vocab.phrase(rng, 1, 2) for _ in range(3000)})
        rng.shuffle(tags)
        self.tags = tags
        self.tag_weights = list(itertools.accumulate(1 / (r + 1) for r in range(len(tags))))

    def _sentence(self, rng: random.Random) -> str:
        if rng.random() < 0.2:
            return rng.choice(self.vocab.sentences)
        return " ".join(self.vocab.phrase(rng, 4, 12) for _ in range(rng.randint(1, 3)))

    def fields(self, i: int) -> dict:
        rng = random.Random(f"{self.seed}:{i}")
        agency = rng.choices(self.agencies, AGENCY_WEIGHTS[:len(self.agencies)])[0]
        tags = sorted({self.tags[bisect.bisect(self.tag_weights, rng.random() * self.tag_weights[-1])]
                       for _ in range(rng.randint(1, 4))})
        paragraphs = [" ".join(self._sentence(rng) for _ in range(rng.randint(2, 4)))
                      for _ in range(rng.randint(2, 6))]
        when = NEWEST - timedelta(minutes=int(i * 131 + rng.randint(0, 120)))  # ~10 years for 40,000 stories
        fields = {"id": f"s{i:05d}", "title": self.vocab.phrase(rng, 5, 12) + " " + self.vocab.phrase(rng, 2, 5),
                  "date": when, "reporter": rng.choice(self.reporters), "agency": agency,
                  "section": SECTIONS[min(int(rng.expovariate(0.35)), len(SECTIONS) - 1)], "tags": tags,
                  "summary": self.vocab.phrase(rng, 8, 16), "paragraphs": paragraphs, "legacy_url": "",
                  "image": ""}
        if when.year < 2022 and rng.random() < 0.5:  # stories imported from the old site keep their address
            fields["legacy_url"] = f"/news/show.php?id={40000 - i}"
        if i % PHOTO_EVERY == 2:
            fields["image"] = f"images/{when.year + 543}/{when.month:02d}/p{i:05d}.jpg"
        return fields

    def markdown(self, i: int, **changes) -> str:
        f = {**self.fields(i), **changes}
        lines = [f"title: {f['title']}", f"date: {f['date']:%Y-%m-%d %H:%M}", f"reporter: {f['reporter']}",
                 "editor: ", f"agency: {f['agency']}", f"category: {f['section']}", f"tags: {', '.join(f['tags'])}",
                 f"summary: {f['summary']}", f"id: {f['id']}"]
        if f["legacy_url"]:
            lines.append(f"legacy_url: {f['legacy_url']}")
        if f["image"]:
            lines += [f"image: {f['image']}", f"image_caption: ภาพประกอบข่าว {f['id']}"]
        if f.get("status"):
            lines.append(f"status: {f['status']}")
        if f.get("modified"):
            lines.append(f"modified: {f['modified']:%Y-%m-%d %H:%M}")
        return "\n".join(lines) + "\n\n" + "\n\n".join(f["paragraphs"]) + "\n"

    def path(self, i: int) -> str:
        return f"news/{self.fields(i)['date'].year + 543}/s{i:05d}.md"


@lru_cache(maxsize=1)
def _photo_base() -> tuple:
    from PIL import Image

    noise = Image.effect_noise(PHOTO_SIZE, 40).convert("RGB")
    return noise, Image.linear_gradient("L").resize(PHOTO_SIZE).convert("RGB")


def photo_bytes(i: int) -> bytes:
    """A photo of its own for story i (a different picture, so its sizes are made for it)."""
    from PIL import Image, ImageDraw

    noise, gradient = _photo_base()
    rng = random.Random(i)
    colour = Image.new("RGB", PHOTO_SIZE, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    image = Image.blend(Image.blend(colour, gradient, 0.4), noise, 0.25)
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randrange(PHOTO_SIZE[0]), rng.randrange(PHOTO_SIZE[1])
        draw.ellipse((x, y, x + rng.randint(40, 300), y + rng.randint(40, 300)), fill=tuple(rng.randrange(256)
                                                                                          for _ in range(3)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def write_corpus(n: int, target: Path, seed: int = 3, pages: bool = True) -> Path:
    """Write n stories, their photos, the agency registry (and the site's pages) into target, a content folder."""
    maker = StoryMaker(seed)
    if target.exists():
        shutil.rmtree(target)
    (target / "news").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "agencies.toml", target / "agencies.toml")
    if pages:
        shutil.copytree(ROOT / "content" / "pages", target / "pages")
    for i in range(n):
        path = target / maker.path(i)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(maker.markdown(i), encoding="utf-8")
        image = maker.fields(i)["image"]
        if image:
            (target / image).parent.mkdir(parents=True, exist_ok=True)
            (target / image).write_bytes(photo_bytes(i))
    return target


def fresh_corpus(n: int, work: Path, seed: int = 3) -> Path:
    """Empty the benchmark's work folder and write n stories into work/content; returns that content folder."""
    if work.exists():
        shutil.rmtree(work)
    return write_corpus(n, work / "content", seed)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    print(write_corpus(args.n, args.target))
