"""Share cards: time to draw N cards cold (process pool), and an unchanged rebuild, against single-process drawing.

    .venv/bin/python bench/share_cards.py --cards 1000
Half the cards have a lead photo (synthetic 1600×1067 JPEGs), half the branded background; headlines come from
the same generator as bench/corpus.py. All three runs happen here, in this one process tree.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import time
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
from corpus import ACTIONS, AGENCIES, PLACES, SUBJECTS  # noqa: E402

from plugins.sharing.card_cache import _file_digest, card_job, render_cards  # noqa: E402
from plugins.sharing.cards import CardSpec, require_raqm, sarabun_fonts  # noqa: E402

LOGO = str(ROOT / "theme" / "static" / "img" / "nuea-news-logo.png")


def photos(folder: Path, n: int = 8) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        img = Image.new("RGB", (1600, 1067), (40 + 20 * i, 110, 160 - 10 * i))
        ImageDraw.Draw(img).ellipse((200 + 60 * i, 150, 900 + 60 * i, 850), fill=(230, 200 - 15 * i, 90))
        path = folder / f"photo-{i}.jpg"
        img.save(path, quality=85)
        paths.append(str(path))
    return paths


def jobs(n: int, photo_paths: list[str], fonts):
    rng = random.Random(7)
    out = []
    for i in range(n):
        headline = f"{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)} {rng.choice(PLACES)} ครั้งที่ {i + 1}"
        if i % 3 == 0:  # some headlines long enough to need the ellipsis
            headline += " พร้อมด้วยหัวหน้าส่วนราชการ ผู้นำท้องถิ่น และประชาชนร่วมกิจกรรมเป็นจำนวนมาก" * 2
        spec = CardSpec(headline, rng.choice(AGENCIES), f"{1 + i % 28} พฤศจิกายน 2569", "ข่าวภาคเหนือตอนบน",
                        LOGO, photo_paths[i % len(photo_paths)] if i % 2 else None)
        out.append(card_job(f"bench-{i:05d}", spec, fonts))
    return out


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "share-cards")
    args = parser.parse_args()
    require_raqm()
    if args.work.exists():
        shutil.rmtree(args.work)
    fonts = sarabun_fonts()
    photo_paths = photos(args.work / "photos")

    def run(name, workers):  # what a build does: hash what each card shows, then draw the missing ones
        _file_digest.cache_clear()  # a new build process reads the photos again
        work = jobs(args.cards, photo_paths, fonts)
        return render_cards(work, fonts, args.work / name / "cache", args.work / name / "out", workers)

    serial, r1 = timed(lambda: run("serial", 1))
    cold, r2 = timed(lambda: run("pool", args.workers))
    rebuild, r3 = timed(lambda: run("pool", args.workers))
    assert r1.drawn == r2.drawn == args.cards and r3.drawn == 0, (r1, r2, r3)
    n = args.cards
    print(f"{n} share cards, {args.workers} workers, {os.cpu_count()} CPUs")
    print(f"baseline: single process, cold  {serial:7.2f} s  ({serial / n * 1000:.1f} ms/card)")
    print(f"cold: process pool              {cold:7.2f} s  ({cold / n * 1000:.1f} ms/card)")
    print(f"unchanged rebuild (0 drawn)     {rebuild:7.3f} s  (hashing what the cards show, no drawing)")
    print(f"ratio cold pool / single process: {cold / serial:.2f}x   "
          f"unchanged rebuild / cold pool: {rebuild / cold:.4f}x")


if __name__ == "__main__":
    main()
