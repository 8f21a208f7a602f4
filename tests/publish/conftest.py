"""Fixtures of the publishing tests: one real `make publish`-style build (publishconf.py) shared by the session.

This folder is a package (__init__.py), so this conftest does not take the name `conftest` from tests/conftest.py.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, story_text

SITEURL = "https://nuea-news.example.go.th"
NOW = "2026-11-24T18:00:00+07:00"  # the build's "now" (BUILD_NOW): the two-day news window, what is live

# story id -> (file under content/, fields). Ids are the file names.
STORIES = {
    "hang-chat-gecc": ("news/2561/hang-chat-gecc.md", dict(
        title="กฟภ.ห้างฉัตร เดินหน้ายกระดับงานบริการประชาชน เปิดศูนย์ราชการสะดวกรับการประเมินจากคณะอนุกรรมการกลาง",
        date="2018-05-10 11:48:27", reporter="นายชาญณรงค์ ปันเต", agency="ส.ปชส.ลำปาง", legacy_reads="185",
        legacy_url="http://www.prd3.go.th/news/show.php?id=185&cat=2")),
    "lpg-ceramic-fair": ("news/2568/lpg-ceramic-fair.md", dict(
        title="ลำปางจัดงานเซรามิกแฟร์ 2568", date="2025-03-02 09:15", agency="ส.ปชส.ลำปาง",
        legacy_url="/ข่าว/ลำปาง/เซรามิก.html")),
    "nan-old-boat-race": ("news/2567/nan-old-boat-race.md", dict(
        title="น่านแข่งเรือยาวประเพณี", date="2024-09-20 08:00", agency="ส.ปชส.น่าน",
        legacy_url="/news/2024/boat-race/")),
    "cmi-haze-today": ("news/2569/cmi-haze-today.md", dict(
        title="เชียงใหม่เฝ้าระวังหมอกควัน PM2.5", date="2026-11-24 16:30", agency="ส.ปชส.เชียงใหม่",
        category="สิ่งแวดล้อม", tags="PM2.5, หมอกควัน")),
    "cri-coffee-yesterday": ("news/2569/cri-coffee-yesterday.md", dict(
        title="เชียงรายส่งเสริมกาแฟดอยช้าง", date="2026-11-23 10:00", agency="ส.ปชส.เชียงราย", category="เกษตร",
        modified="2026-11-24 09:00")),
    "pyo-kwan-three-days": ("news/2569/pyo-kwan-three-days.md", dict(
        title="พะเยาฟื้นฟูกว๊านพะเยา", date="2026-11-21 11:00", agency="ส.ปชส.พะเยา")),
}
DRAFT = ("news/2569/mhs-draft.md", dict(title="ร่างข่าวแม่ฮ่องสอน ยังไม่เผยแพร่", date="2026-11-24 12:00",
                                       agency="ส.ปชส.แม่ฮ่องสอน", status="draft", legacy_url="/news/draft.php?id=1"))
WITHDRAWN = ("news/2569/lpn-withdrawn.md", dict(title="ข่าวลำพูนที่ถอนแล้ว", date="2026-11-22 09:00",
                                              agency="ส.ปชส.ลำพูน", status="ถอนแล้ว",
                                              legacy_url="/lamphun/detail_new.php?id=900&cat=1"))
RECENT = {"cmi-haze-today", "cri-coffee-yesterday"}  # published within two days before NOW
LEGACY = {sid: fields["legacy_url"] for sid, (_, fields) in STORIES.items() if "legacy_url" in fields}


@dataclass
class PublishedSite:
    output: Path
    siteurl: str

    def story_url(self, story_id: str) -> str:
        return f"{self.siteurl}/news/{story_id}/"


def publish(tmp: Path, stories: dict[str, str], site_content: bool = False, **settings) -> Path:
    """Build like `make publish` (publishconf.py, in a child process) into tmp/output; returns output.
    site_content=True builds the real content/ folder (plus `stories`)."""
    content = tmp / "content"
    if site_content:
        shutil.copytree(ROOT / "content", content, dirs_exist_ok=True)
    content.mkdir(parents=True, exist_ok=True)
    (content / "agencies.toml").write_bytes((ROOT / "content" / "agencies.toml").read_bytes())
    for rel, text in stories.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    conf = tmp / "publishconf_test.py"
    overrides = {"PATH": str(content), "OUTPUT_PATH": str(tmp / "output"), "CACHE_PATH": str(tmp / "cache"),
                 "BUILD_NOW": NOW,
                 "READ_COUNTS_SOURCE": str(tmp / "no-counter.sqlite3"), **settings}  # counts: legacy only
    conf.write_text("from publishconf import *\n"
                    + "".join(f"{key} = {value!r}\n" for key, value in overrides.items()), encoding="utf-8")
    env = {**os.environ, "SITEURL": SITEURL}
    result = subprocess.run([sys.executable, "-m", "scripts.build", "-s", str(conf), "-o", str(tmp / "output")],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"publish build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return tmp / "output"


def site_stories() -> dict[str, str]:
    files = {path: story_text(**fields) for path, fields in STORIES.values()}
    files[DRAFT[0]] = story_text(**DRAFT[1])
    files[WITHDRAWN[0]] = story_text(**WITHDRAWN[1])
    return files


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> PublishedSite:
    """The test stories above (recent, old, legacy, a draft)."""
    return PublishedSite(publish(tmp_path_factory.mktemp("publish"), site_stories()), SITEURL)


@pytest.fixture(scope="session")
def published_real(tmp_path_factory) -> PublishedSite:
    """The site's real content/ (stories with photos, pages, the imported Hang Chat story)."""
    return PublishedSite(publish(tmp_path_factory.mktemp("publish-real"), {}, site_content=True), SITEURL)
