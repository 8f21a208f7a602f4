"""scripts/publish.py and `make publish-story` as an operator (and the newsroom) uses them: one line when the site is
updated, the problem list and nothing written for a bad story, and a clear refusal for what is not a story."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pelican.settings import read_settings
from story_mix import NOW_ISO, StoryMix

from conftest import ROOT, story_text
from sitebuild import full_build


def write_conf(tmp: Path, content: Path, output: Path, cache: Path) -> Path:
    conf = tmp / "siteconf.py"
    values = {"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(cache), "BUILD_NOW": NOW_ISO,
              "SEARCH_INDEX": False, "READ_COUNTS_SOURCE": ""}
    conf.write_text("from pelicanconf import *\n" + "".join(f"{k} = {v!r}\n" for k, v in values.items()))
    return conf


@pytest.fixture
def site(tmp_path):
    mix = StoryMix.create(tmp_path / "content", 30, 5)
    output, cache = tmp_path / "output", tmp_path / "cache"
    conf = write_conf(tmp_path, mix.content, output, cache)
    full_build(read_settings(str(conf)))
    return mix, conf, output


def run(conf: Path, *files, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "scripts/publish.py", *map(str, files), "--settings", str(conf)],
                          cwd=cwd, capture_output=True, text=True)


def snapshot(output: Path) -> dict:
    return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in output.rglob("*") if p.is_file()}


def test_a_new_story_is_live_and_the_command_says_so_in_one_line(site):
    mix, conf, output = site
    rel = "news/2569/lpg-new-kiln.md"
    (mix.content / rel).write_text(story_text(title="ลำปางเปิดเตาเผาเซรามิกใหม่", date="2026-11-24 17:30",
                                              tags="เซรามิก"), encoding="utf-8")
    done = run(conf, mix.content / rel)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("publish: ") and "files written" in lines[0], done.stdout
    assert "live at /news/lpg-new-kiln/" in lines[0]
    assert (output / "news" / "lpg-new-kiln" / "index.html").is_file()
    assert "ลำปางเปิดเตาเผาเซรามิกใหม่" in (output / "index.html").read_text(encoding="utf-8")
    assert "lpg-new-kiln" in (output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert (output / "tag" / "ceramics" / "index.html").is_file()  # a new tag gets its list page and feeds
    assert (output / "feeds" / "tag" / "ceramics.rss.xml").is_file()


def test_make_publish_story_runs_the_same_command(site):
    mix, conf, output = site
    rel = sorted(mix.fields)[0]
    mix.write({**mix.fields[rel], "title": "หัวข้อที่แก้ผ่าน make"})
    done = subprocess.run(["make", "-s", "publish-story", f"FILES={mix.content / rel}", f"SETTINGS={conf}"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1].startswith("publish: ")


def test_a_story_with_problems_is_not_published_and_nothing_changes(site):
    mix, conf, output = site
    rel = sorted(mix.fields)[1]
    path = mix.content / rel
    path.write_text(story_text(title="หัวข้อใหม่ที่ไม่ควรออก", date="31 เมษายน 2569", agency="ส.ปชส.ลำปน"),
                    encoding="utf-8")
    before = snapshot(output)
    done = run(conf, path)
    assert done.returncode == 1
    problems = done.stderr.strip().splitlines()
    checked = subprocess.run([sys.executable, "scripts/check_content.py", "--content", str(mix.content)], cwd=ROOT,
                             capture_output=True, text=True)
    shown = f"content/{rel}"
    assert problems == [line for line in checked.stderr.splitlines() if line.startswith(shown)]  # as make check
    assert len(problems) == 2 and problems[0].startswith(f"{shown}:2: วันที่ (date): day 31 does not exist")
    assert problems[1].startswith(f"{shown}:5: หน่วยงาน (agency): unknown agency")
    assert "Traceback" not in done.stderr
    assert snapshot(output) == before


def test_a_duplicate_id_is_refused_like_make_check(site):
    mix, conf, output = site
    taken = mix.fields[sorted(mix.fields)[2]]["id"]
    path = mix.content / "news/2569/copy.md"
    path.write_text(story_text(title="ข่าวซ้ำรหัส", date="2026-11-24 10:00", id=taken), encoding="utf-8")
    before = snapshot(output)
    done = run(conf, path)
    assert done.returncode == 1 and f"story id {taken!r} is also used by" in done.stderr, done.stderr
    assert snapshot(output) == before


@pytest.mark.parametrize("path, code, says", [
    ("README.md", 2, "not a story file"),
    ("content/agencies.toml", 3, "the agency registry"),
    ("content/pages/about.md", 3, "a page"),
    ("theme/templates/base.html", 3, "the theme"),
    ("pelicanconf.py", 3, "the settings"),
])
def test_what_is_not_a_story_is_named(site, path, code, says):
    mix, conf, output = site
    target = {"content/agencies.toml": mix.content / "agencies.toml",
              "content/pages/about.md": mix.content / "pages" / "about.md"}.get(path, ROOT / path)
    before = snapshot(output)
    done = run(conf, target)
    assert done.returncode == code, done.stderr
    assert says in done.stderr and "Traceback" not in done.stderr
    assert snapshot(output) == before


def test_a_changed_page_asks_for_a_full_build_or_runs_it(site):
    mix, conf, output = site
    about = mix.content / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8").replace("เกี่ยวกับเรา", "เกี่ยวกับสำนักงาน", 1),
                     encoding="utf-8")
    rel = sorted(mix.fields)[3]
    mix.write({**mix.fields[rel], "title": "แก้หัวข้อพร้อมหน้าเกี่ยวกับเรา"})
    refused = run(conf, mix.content / rel)
    assert refused.returncode == 3 and "pages changed since the last full build" in refused.stderr
    ran = subprocess.run([sys.executable, "scripts/publish.py", str(mix.content / rel), "--settings", str(conf),
                          "--full-if-needed"], cwd=ROOT, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("full: ") and "a full build ran" in ran.stdout
    assert "เกี่ยวกับสำนักงาน" in (output / "index.html").read_text(encoding="utf-8")


def test_publishing_before_any_full_build_asks_for_one(tmp_path):
    mix = StoryMix.create(tmp_path / "content", 3, 1)
    conf = write_conf(tmp_path, mix.content, tmp_path / "output", tmp_path / "cache")
    done = run(conf, mix.content / sorted(mix.fields)[0])
    assert done.returncode == 3 and "no full build" in done.stderr
    assert not (tmp_path / "output").exists() or not any((tmp_path / "output").iterdir())
