"""Generate N synthetic Thai stories (a realistic mix of provinces, agencies, sections, tags) for benchmarks.

    python bench/corpus.py 1000 bench/out/corpus
"""
from __future__ import annotations

import argparse
import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AGENCIES = ["สปข.3", "ส.ปชส.เชียงใหม่", "ส.ปชส.ลำปาง", "ส.ปชส.ลำพูน", "ส.ปชส.เชียงราย", "ส.ปชส.พะเยา",
            "ส.ปชส.แพร่", "ส.ปชส.น่าน", "ส.ปชส.แม่ฮ่องสอน"]
SECTIONS = ["ข่าวภูมิภาค", "เศรษฐกิจ", "เกษตร", "สาธารณสุข", "การศึกษา", "ท่องเที่ยว", "สังคม", "สิ่งแวดล้อม"]
TAGS = ["ศูนย์ราชการสะดวก", "PM2.5", "เกษตรกร", "ท่องเที่ยว", "ผู้สูงอายุ", "โควิด", "ฝุ่นควัน", "น้ำท่วม", "OTOP"]
SUBJECTS = ["ผู้ว่าราชการจังหวัด", "นายอำเภอเมือง", "สำนักงานเกษตรจังหวัด", "สำนักงานสาธารณสุขจังหวัด",
            "องค์การบริหารส่วนจังหวัด", "การไฟฟ้าส่วนภูมิภาค", "สำนักงานพัฒนาชุมชน", "ศูนย์ราชการสะดวก"]
ACTIONS = ["ลงพื้นที่ตรวจเยี่ยม", "เปิดโครงการ", "ประชุมติดตามงาน", "มอบถุงยังชีพ", "รณรงค์ป้องกัน",
           "ประเมินมาตรฐานงานบริการ", "ส่งเสริมอาชีพ", "จัดกิจกรรมวันสำคัญ"]
PLACES = ["อำเภอห้างฉัตร", "อำเภอแม่ริม", "อำเภอเมือง", "อำเภอปัว", "อำเภอเชียงคำ", "อำเภอลอง", "อำเภอปาย",
          "อำเภอแม่สาย", "อำเภอป่าซาง"]
SENTENCES = [
    "{s} {a} ณ {p} เพื่อยกระดับคุณภาพชีวิตของประชาชนในพื้นที่อย่างต่อเนื่อง",
    "โดยมีหัวหน้าส่วนราชการ ผู้นำท้องถิ่น และประชาชนให้การต้อนรับและร่วมกิจกรรมเป็นจำนวนมาก",
    "ทั้งนี้ การดำเนินงานดังกล่าวเป็นไปตามนโยบายของรัฐบาลที่ต้องการให้หน่วยงานภาครัฐให้บริการประชาชนอย่างสะดวก รวดเร็ว",
    "ในการนี้ได้มีการนำเสนอข้อมูลผลการปฏิบัติงานและความก้าวหน้าของโครงการแก่คณะกรรมการ",
    "ประชาชนที่สนใจสามารถสอบถามรายละเอียดเพิ่มเติมได้ที่ศูนย์ดำรงธรรมจังหวัด หรือสายด่วน 1567",
]


def story(i: int, rng: random.Random) -> str:
    agency = rng.choice(AGENCIES)
    when = datetime(2026, 11, 24, 16, 0) - timedelta(hours=7 * i + rng.randint(0, 5))
    subject, action, place = rng.choice(SUBJECTS), rng.choice(ACTIONS), rng.choice(PLACES)
    paragraphs = [
        " ".join(rng.choice(SENTENCES).format(s=subject, a=action, p=place) for _ in range(4)) for _ in range(4)
    ]
    tags = ", ".join(rng.sample(TAGS, 2))
    return (
        f"title: {subject}{action} {place} ครั้งที่ {i + 1}\n"
        f"date: {when:%Y-%m-%d %H:%M}\n"
        f"reporter: นายสมชาย ใจดี\neditor: \nagency: {agency}\ncategory: {rng.choice(SECTIONS)}\n"
        f"tags: {tags}\nsummary: {subject}{action} ณ {place}\n\n" + "\n\n".join(paragraphs) + "\n"
    )


def write_corpus(n: int, target: Path, seed: int = 3) -> Path:
    """Write n stories plus the agency registry into target (a content folder); returns target."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    (target / "news").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "agencies.toml", target / "agencies.toml")
    for i in range(n):
        (target / "news" / f"bench-{i:05d}.md").write_text(story(i, rng), encoding="utf-8")
    return target


def fresh_corpus(n: int, work: Path) -> Path:
    """Empty the benchmark's work folder and write n stories into work/content; returns that content folder."""
    if work.exists():
        shutil.rmtree(work)
    return write_corpus(n, work / "content")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    print(write_corpus(args.n, args.target))
