"""The command's edges: stories already on the site, ids taken by hand, bad arguments and settings, make."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from .conftest import ROOT, fresh_content, legacy_mirror, report_rows, run_import

SEED_HTML = ROOT / "tests" / "thai_metadata" / "fixtures" / "hang-chat-gecc-legacy.html"
HOST = "old.prd3.example.go.th"


@pytest.mark.parametrize("addresses", ["", "ที่อยู่เดิม: /news/show.php?id=9\nที่อยู่เดิม: /news/detail.php?id=41236\n"
                                           "ที่อยู่เดิม: /news/print.php?id=41236\n"])
def test_a_story_already_on_the_site_is_not_imported_again(tmp_path, addresses):
    """The seed was imported by hand as hang-chat-gecc with its old address (or one of several, on repeated lines):
    the mirror's copy is that story."""
    mirror = tmp_path / "mirror"
    (mirror / HOST / "news").mkdir(parents=True)
    shutil.copy(SEED_HTML, mirror / HOST / "news" / "detail.php?id=41236")
    shutil.copy(SEED_HTML, mirror / HOST / "news" / "detail_new.php?id=41236&fbclid=x")
    base = tmp_path / "site"
    shutil.copytree(ROOT / "content", base / "content")
    if addresses:
        seed = base / "content" / "news" / "2561" / "hang-chat-gecc.md"
        text = seed.read_text(encoding="utf-8")
        assert "ที่อยู่เดิม: /news/detail.php?id=41236\n" in text
        seed.write_text(text.replace("ที่อยู่เดิม: /news/detail.php?id=41236\n", addresses), encoding="utf-8")
    before = sorted(p.relative_to(base).as_posix() for p in (base / "content").rglob("*"))
    result = run_import(mirror, base)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = report_rows(base)
    assert {r["outcome"] for r in rows.values()} == {"existing"}
    assert all("already on the new site as hang-chat-gecc (content/news/2561/hang-chat-gecc.md)" in r["reason"]
               for r in rows.values())
    assert sorted(p.relative_to(base).as_posix() for p in (base / "content").rglob("*")) == before


def test_an_id_taken_by_a_hand_made_story_is_a_conflict(tmp_path):
    writer = legacy_mirror.MirrorWriter(tmp_path / "mirror", seed=2)
    s = writer.new_story(section="lampang")
    writer.story_page(s, HOST)
    base = tmp_path / "site"
    content = fresh_content(base)
    other_year = s["date"].year + 543 + 1
    hand = content / "news" / str(other_year) / f"{s['story_id']}.md"
    hand.parent.mkdir(parents=True)
    hand.write_text("หัวข้อ: ข่าวอื่น\n", encoding="utf-8")
    result = run_import(writer.root, base)
    assert result.returncode == 1
    [row] = report_rows(base).values()
    assert row["outcome"] == "conflict"
    assert f"story id {s['story_id']} is already used by content/news/{other_year}/{s['story_id']}.md" in row["reason"]
    assert hand.read_text(encoding="utf-8") == "หัวข้อ: ข่าวอื่น\n"
    assert not list((content / "news").rglob("*.md"))[1:]


def test_bad_arguments_and_settings_stop_before_anything_is_written(tmp_path):
    base = tmp_path / "site"
    content = fresh_content(base)
    missing = run_import(tmp_path / "no-such-mirror", base)
    assert missing.returncode == 2 and "is not a folder" in missing.stderr
    (tmp_path / "mirror").mkdir()
    published = run_import(tmp_path / "mirror", base, "--report", str(ROOT / "output" / "import-report"))
    assert published.returncode == 2 and "must not go under output/" in published.stderr
    registry = content / "agencies.toml"
    registry.write_text(registry.read_text(encoding="utf-8").replace('"สปจ.น่าน"', '"สปจ.ลำปาง"'), encoding="utf-8")
    bad = run_import(tmp_path / "mirror", base)
    assert bad.returncode == 2 and "aliases 'สปจ.ลำปาง' of agency NAN already names agency LPG" in bad.stderr
    assert not (base / "var" / "report").exists() and not (content / "news").exists()


def test_one_state_file_belongs_to_one_content_folder(tmp_path):
    (tmp_path / "mirror").mkdir()
    first, second = tmp_path / "a", tmp_path / "b"
    fresh_content(first)
    fresh_content(second)
    assert run_import(tmp_path / "mirror", first).returncode == 0
    state = str(first / "var" / "state.sqlite3")
    other = run_import(tmp_path / "mirror", second, "--state", state)
    assert other.returncode == 2 and "belongs to the content folder" in other.stderr


def test_make_import_archive_needs_a_mirror():
    result = subprocess.run(["make", "-s", "import-archive"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "usage: make import-archive MIRROR=" in result.stdout
