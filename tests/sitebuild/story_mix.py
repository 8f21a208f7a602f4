"""A mixed archive of test stories and random changes to it, the same for a given seed: what the fast path and the
full build are compared on (tests/sitebuild)."""
from __future__ import annotations

import io
import random
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image

from conftest import ROOT, story_text

AGENCIES = ["สปข.3", "ส.ปชส.เชียงใหม่", "ส.ปชส.ลำปาง", "ส.ปชส.ลำพูน", "ส.ปชส.เชียงราย", "ส.ปชส.พะเยา", "ส.ปชส.แพร่",
            "ส.ปชส.น่าน", "ส.ปชส.แม่ฮ่องสอน"]
SECTIONS = ["ข่าวภูมิภาค", "เศรษฐกิจ", "เกษตร", "สาธารณสุข", "การศึกษา", "ท่องเที่ยว"]
TAGS = ["ศูนย์ราชการสะดวก", "PM2.5", "เกษตรกร", "ลำไย", "ผู้สูงอายุ", "หมอกควัน", "ไฟป่า", "กาแฟ", "OTOP", "จิตอาสา",
        "น้ำท่วม", "ภัยหนาว", "ท่องเที่ยวชุมชน", "โรงเรียน", "ถนน"]
WORDS = ["ผู้ว่าราชการจังหวัด", "ลงพื้นที่", "ตรวจเยี่ยม", "ประชาชน", "โครงการ", "ส่งเสริม", "อาชีพ", "ชุมชน", "ป้องกัน",
         "ประชุม", "ติดตาม", "หน่วยงาน", "บริการ", "เกษตรกร", "พัฒนา", "คุณภาพชีวิต", "งบประมาณ", "สำนักงาน"]
NOW = datetime(2026, 11, 24, 18, 0)
NOW_ISO = "2026-11-24T18:00:00+07:00"


def photo(seed: int) -> bytes:
    image = Image.new("RGB", (320, 200), ((seed * 37) % 256, (seed * 91) % 256, 120))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


@dataclass
class StoryMix:
    """Story files under `content`, with the fields each was written from, and random changes."""

    content: Path
    rng: random.Random
    fields: dict  # content-relative path -> fields given to story_text
    counter: int = 0

    @classmethod
    def create(cls, content: Path, stories: int, seed: int) -> StoryMix:
        if content.exists():
            shutil.rmtree(content)
        (content / "news").mkdir(parents=True)
        shutil.copy(ROOT / "content" / "agencies.toml", content / "agencies.toml")
        shutil.copytree(ROOT / "content" / "pages", content / "pages")
        mix = cls(content, random.Random(seed), {})
        for n in range(stories):
            mix.write(mix.new_fields(NOW - timedelta(hours=9 * n + mix.rng.randint(0, 8))))
        return mix

    def new_fields(self, when: datetime) -> dict:
        rng, n = self.rng, self.counter
        self.counter += 1
        fields = {
            "id": f"s{n:04d}", "title": f"{rng.choice(WORDS)}{rng.choice(WORDS)} ครั้งที่ {n}",
            "date": when.strftime("%Y-%m-%d %H:%M"), "reporter": f"นายทดสอบ คนที่{n % 7}",
            "agency": rng.choice(AGENCIES), "category": rng.choice(SECTIONS),
            "tags": ", ".join(rng.sample(TAGS, rng.randint(0, 3))) or None,
            "summary": " ".join(rng.choices(WORDS, k=6)),
            "body": "\n\n".join(" ".join(rng.choices(WORDS, k=12)) for _ in range(3)),
        }
        if rng.random() < 0.1:  # old addresses: the exact request and the path+id maps (legacy-*.map)
            fields["legacy_url"] = f"/news/detail.php?id={n}"
            if rng.random() < 0.5:
                fields["legacy_url"] += f", /view.php?id={n}&cat={n % 4}"
        if rng.random() < 0.08:
            fields["image"] = f"images/mix/p{n}.jpg"
            fields["image_caption"] = f"ภาพข่าว {n}"
        if rng.random() < 0.05:
            fields["status"] = rng.choice(["ร่าง", "ตั้งเวลา", "ถอนแล้ว"])
        return fields

    def path(self, fields: dict) -> str:
        year = int(fields["date"][:4]) + 543
        return f"news/{year}/{fields['id']}.md"

    def write(self, fields: dict) -> str:
        rel = self.path(fields)
        if fields.get("image"):
            image = self.content / fields["image"]
            if not image.exists():
                image.parent.mkdir(parents=True, exist_ok=True)
                image.write_bytes(photo(self.counter))
        body = fields.get("body", "")
        (self.content / rel).parent.mkdir(parents=True, exist_ok=True)
        (self.content / rel).write_text(story_text(body, **{k: v for k, v in fields.items() if k != "body"}),
                                        encoding="utf-8")
        self.fields[rel] = fields
        return rel

    # --- changes --------------------------------------------------------------------------------------------
    def change(self) -> tuple[str, list[str]]:
        """One random change: (what it was, the story files to publish)."""
        rng = self.rng
        kind = rng.choices(["add", "add-old", "correct", "retag", "redate", "withdraw", "republish", "photo"],
                           weights=[4, 1, 4, 2, 1, 2, 1, 1])[0]
        rel = rng.choice(sorted(self.fields))
        if kind == "withdraw" and rng.random() < 0.5:  # often one with old addresses: withdrawn*.map change
            rel = rng.choice(sorted(f for f, v in self.fields.items() if v.get("legacy_url")) or [rel])
        fields = dict(self.fields[rel])
        if kind == "add":
            return kind, [self.write({**self.new_fields(NOW - timedelta(minutes=rng.randint(1, 600))),
                                      "status": "เผยแพร่"})]
        if kind == "add-old":  # an imported or late story, dated in the past: it lands inside the lists
            return kind, [self.write({**self.new_fields(NOW - timedelta(days=rng.randint(5, 60))), "status": None})]
        if kind == "correct":
            fields["title"] = fields["title"] + " (แก้ไข)"
            fields["body"] = fields["body"] + "\n\nข้อความที่เพิ่มเติม"
            fields["modified"] = (NOW - timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M")
            fields["correction"] = "แก้ไขหัวข้อข่าว"
        elif kind == "retag":
            fields["tags"] = ", ".join(rng.sample(TAGS, rng.randint(1, 3)))
            fields["category"] = rng.choice(SECTIONS)
        elif kind == "redate":  # the date moves within the same year (the file stays in its folder)
            when = datetime.fromisoformat(fields["date"]) + timedelta(hours=rng.randint(-30, 30))
            if when.year != datetime.fromisoformat(fields["date"]).year or when > NOW:
                when = datetime.fromisoformat(fields["date"])
            fields["date"] = when.strftime("%Y-%m-%d %H:%M")
            fields.pop("modified", None)
        elif kind == "withdraw":
            fields["status"] = "ถอนแล้ว"
        elif kind == "republish":
            fields["status"] = "เผยแพร่"
        elif kind == "photo":
            fields["image"] = f"images/mix/new{self.counter}.jpg"
            fields["image_caption"] = "ภาพใหม่"
            self.counter += 1
        if self.path(fields) != rel:
            return kind, []
        return kind, [self.write(fields)]
