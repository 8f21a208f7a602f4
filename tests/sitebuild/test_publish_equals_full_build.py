"""Correct by construction, checked: after random sequences of fast publishes (new, late, corrected, re-tagged,
re-dated, withdrawn, re-published stories, new photos), output/ equals what a full build from the same content writes
into an empty output/ with an empty site model: file for file, byte for byte (pagefind/ alone excepted).

The full builds from scratch reuse the content-addressed caches of drawn share cards and photo derivatives (keyed by
everything they show, so they cannot make bytes differ); the first comparison is fully cold. Sizes for a longer local
run: SITEBUILD_EQUALITY_STORIES (default 200), SITEBUILD_EQUALITY_STEPS (default 6), SITEBUILD_EQUALITY_SEED.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pelican.settings import read_settings
from story_mix import NOW_ISO, StoryMix

from conftest import ROOT
from sitebuild import full_build
from sitebuild.publish import publish

STORIES = int(os.environ.get("SITEBUILD_EQUALITY_STORIES", 200))
STEPS = int(os.environ.get("SITEBUILD_EQUALITY_STEPS", 6))
SEED = int(os.environ.get("SITEBUILD_EQUALITY_SEED", 14))
EXCEPT = ("pagefind",)


def settings_for(content: Path, output: Path, cache: Path, conf: str = "pelicanconf.py", **extra) -> dict:
    override = {"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(cache), "BUILD_NOW": NOW_ISO,
                "SEARCH_INDEX": False, "IMAGES_CACHE_DIR": str(cache.parent / "shared-cache" / "images"),
                "SHARE_CARD_CACHE": str(cache.parent / "shared-cache" / "share-cards"),
                "READ_COUNTS_SOURCE": "", **extra}
    return read_settings(str(ROOT / conf), override=override)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] not in EXCEPT}


def differences(fast: Path, full: Path) -> list[str]:
    a, b = tree(fast), tree(full)
    found = [f"only after publishing: {p}" for p in sorted(set(a) - set(b))]
    found += [f"only in the full build: {p}" for p in sorted(set(b) - set(a))]
    found += [f"bytes differ: {p}" for p in sorted(set(a) & set(b)) if a[p] != b[p]]
    return found


def fresh_full_build(tmp: Path, content: Path, step: int, **extra) -> Path:
    output, cache = tmp / f"full-{step}" / "output", tmp / f"full-{step}" / "cache"
    shutil.rmtree(tmp / f"full-{step}", ignore_errors=True)
    full_build(settings_for(content, output, cache, **extra))
    return output


def test_random_publishes_equal_a_full_build_from_scratch(tmp_path):
    mix = StoryMix.create(tmp_path / "content", STORIES, SEED)
    site = settings_for(mix.content, tmp_path / "site" / "output", tmp_path / "site" / "cache")
    full_build(site)
    assert differences(tmp_path / "site" / "output", fresh_full_build(tmp_path, mix.content, 0)) == []
    done = []
    for step in range(1, STEPS + 1):
        changes = [mix.change() for _ in range(mix.rng.randint(1, 3))]
        files = [f for _, fs in changes for f in fs]
        if not files:
            continue
        report = publish([mix.content / f for f in files], settings=site)
        done.append((step, [kind for kind, _ in changes], report.summary(), len(report.written)))
        diff = differences(tmp_path / "site" / "output", fresh_full_build(tmp_path, mix.content, step))
        assert diff == [], f"after {done}:\n" + "\n".join(diff[:40])
        shutil.rmtree(tmp_path / f"full-{step}")
    assert sum(1 for step in done if step[-1]) >= STEPS // 2  # most steps changed the site (a few may not)
    output = tmp_path / "site" / "output"
    for name in ("legacy-redirects.map", "legacy-ids.map", "withdrawn.map", "withdrawn-ids.map"):
        assert (output / name).is_file(), name  # compared above with every other file
    assert "|" in (output / "legacy-ids.map").read_text(encoding="utf-8")  # path|id keys of the mix's old addresses


def test_an_unchanged_rebuild_and_a_publish_write_only_what_changed(tmp_path):
    mix = StoryMix.create(tmp_path / "content", 60, SEED + 1)
    site = settings_for(mix.content, tmp_path / "output", tmp_path / "cache")
    full_build(site)
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "output").rglob("*") if p.is_file()}
    again = full_build(site)
    assert again.written == [] and again.read == []
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "output").rglob("*") if p.is_file()} == before

    rel = sorted(f for f, fields in mix.fields.items() if fields.get("status") is None)[5]
    fields = {**mix.fields[rel], "title": mix.fields[rel]["title"] + " แก้ไขหัวข้อ"}
    mix.write(fields)
    report = publish([mix.content / rel], settings=site)
    after = {p: p.stat().st_mtime_ns for p in (tmp_path / "output").rglob("*") if p.is_file()}
    touched = {p.relative_to(tmp_path / "output").as_posix() for p in after if after[p] != before.get(p)}
    assert touched == set(report.written)  # nothing else on disk changed
    story_id = fields["id"]
    assert f"news/{story_id}/index.html" in touched
    assert any(p.startswith("cards/" + story_id + "-") for p in touched)  # a new share card for the new headline
    assert "index.html" not in touched or story_id in (tmp_path / "output" / "index.html").read_text()
    assert 3 < len(touched) < 60, sorted(touched)


@pytest.mark.parametrize("kind", ["withdraw", "correct"])
def test_production_twins_follow_the_pages_a_publish_rewrote(tmp_path, kind):
    mix = StoryMix.create(tmp_path / "content", 40, SEED + 2)
    extra = {"SITEURL": "https://nuea-news.example.go.th"}
    site = settings_for(mix.content, tmp_path / "site" / "output", tmp_path / "site" / "cache", "publishconf.py",
                        **extra)
    full_build(site)
    rel = sorted(f for f, fields in mix.fields.items() if fields.get("status") is None)[3]
    fields = dict(mix.fields[rel])
    if kind == "withdraw":
        fields["status"] = "ถอนแล้ว"
    else:
        fields["title"] += " (แก้ไข)"
    mix.write(fields)
    report = publish([mix.content / rel], settings=site)
    assert any(p.endswith(".html") for p in report.written)
    output = tmp_path / "site" / "output"
    full = tmp_path / "full" / "output"
    full_build(settings_for(mix.content, full, tmp_path / "full" / "cache", "publishconf.py", **extra))
    assert differences(output, full) == []
    for page in report.written:
        if page.endswith(".html"):
            assert (output / (page + ".br")).is_file() and (output / (page + ".gz")).is_file(), page
