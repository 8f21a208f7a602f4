"""Publishing is safe to run at any time: one build at a time (a publish waits for a full build, two publishes wait
for each other), and a run killed half-way leaves every file old or new; the next run finishes the change."""
from __future__ import annotations

import os
import subprocess
import sys
import time

from pelican.settings import read_settings
from story_mix import StoryMix
from test_publish_command import run, write_conf
from test_publish_equals_full_build import differences, fresh_full_build

from conftest import ROOT
from sitebuild import full_build
from sitebuild.lock import build_lock


def _site(tmp_path, stories=30):
    mix = StoryMix.create(tmp_path / "content", stories, 9)
    output, cache = tmp_path / "output", tmp_path / "cache"
    conf = write_conf(tmp_path, mix.content, output, cache)
    full_build(read_settings(str(conf)))
    return mix, conf, output, cache


def test_a_publish_waits_while_another_build_holds_the_lock(tmp_path):
    mix, conf, output, cache = _site(tmp_path)
    rel = sorted(mix.fields)[0]
    mix.write({**mix.fields[rel], "title": "ข่าวที่รอคิว"})
    with build_lock(cache / "sitebuild"):  # what a running full build or publish holds
        waiting = subprocess.Popen([sys.executable, "scripts/publish.py", str(mix.content / rel), "--settings",
                                    str(conf)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert waiting.poll() is None, "the publish did not wait for the lock"
        assert "ข่าวที่รอคิว" not in (output / "index.html").read_text(encoding="utf-8")
    out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    assert "ข่าวที่รอคิว" in (output / "index.html").read_text(encoding="utf-8")


def test_two_publishes_at_once_are_serialized_and_both_land(tmp_path):
    mix, conf, output, cache = _site(tmp_path)
    first, second = sorted(mix.fields)[:2]
    mix.write({**mix.fields[first], "title": "ข่าวแรกที่แก้พร้อมกัน"})
    mix.write({**mix.fields[second], "title": "ข่าวที่สองที่แก้พร้อมกัน"})
    procs = [subprocess.Popen([sys.executable, "scripts/publish.py", str(mix.content / rel), "--settings", str(conf)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for rel in (first, second)]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    assert differences(output, fresh_full_build(tmp_path, mix.content, 1)) == []


def test_a_publish_killed_half_way_leaves_whole_files_and_the_next_run_repairs(tmp_path):
    mix, conf, output, cache = _site(tmp_path, 40)
    rel = sorted(f for f, fields in mix.fields.items() if fields.get("status") is None)[4]
    mix.write({**mix.fields[rel], "title": "ข่าวที่ถูกขัดจังหวะ", "tags": "ลำไย, ไฟป่า"})
    env = {**os.environ, "SITEBUILD_CRASH_AFTER": "3"}
    killed = subprocess.run([sys.executable, "scripts/publish.py", str(mix.content / rel), "--settings", str(conf)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert killed.returncode == 70  # died after writing 3 files
    assert not list(output.rglob("*.tmp"))  # each file was renamed into place whole
    for page in output.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert text.rstrip().endswith("</html>"), page  # every page whole (old or new), never torn
    assert differences(output, fresh_full_build(tmp_path, mix.content, 1)) != []  # half-applied
    again = run(conf, mix.content / rel)  # the next publish of anything repairs it
    assert again.returncode == 0, again.stderr
    assert "interrupted run" in again.stdout
    assert not list(output.rglob("*.tmp"))
    assert differences(output, fresh_full_build(tmp_path, mix.content, 2)) == []


def test_a_full_build_also_repairs_a_killed_publish(tmp_path):
    mix, conf, output, cache = _site(tmp_path, 30)
    rel = sorted(f for f, fields in mix.fields.items() if fields.get("status") is None)[2]
    mix.write({**mix.fields[rel], "status": "ถอนแล้ว"})
    env = {**os.environ, "SITEBUILD_CRASH_AFTER": "2"}
    killed = subprocess.run([sys.executable, "scripts/publish.py", str(mix.content / rel), "--settings", str(conf)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert killed.returncode == 70
    report = full_build(read_settings(str(conf)))
    assert report.repaired
    assert differences(output, fresh_full_build(tmp_path, mix.content, 1)) == []
