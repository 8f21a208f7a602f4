"""Reruns and interruptions: only what changed is read, an edited story is never overwritten, a killed run resumes."""
from __future__ import annotations

import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import (
    SCRIPT,
    content_snapshot,
    fresh_content,
    legacy_mirror,
    read_story_file,
    report_rows,
    run_import,
    story_files,
)

READS = re.compile("(อ่าน : )([0-9,]+)")


def page_file(truth, page: str) -> Path:
    """The file of a page named as the report names it (bytes that are not UTF-8 shown as \\xNN)."""
    return Path(os.fsdecode(page.encode("utf-8", "backslashreplace").decode("unicode_escape").encode("latin-1")))


def set_reads(truth, page: str, reads: int) -> None:
    path = truth.root / page_file(truth, page)
    codec = "utf-8" if truth.charsets[page].startswith("utf-8") else "cp874"
    text = path.read_bytes().decode(codec)
    path.write_bytes(READS.sub(lambda m: f"{m[1]}{reads:,}", text, count=1).encode(codec, "xmlcharrefreplace"))


@pytest.fixture
def small(tmp_path):
    truth = legacy_mirror.write_mirror(tmp_path / "mirror", 300, seed=5)
    base = tmp_path / "site"
    fresh_content(base)
    first = run_import(truth.root, base)
    assert first.returncode == 1, first.stderr
    return truth, base


def single_page_stories(truth) -> list:
    return [s for sid, s in sorted(truth.stories.items()) if len(s.pages) == 1 and not s.failed_pages and not s.seed]


def test_a_rerun_reads_only_changed_pages_and_never_overwrites_an_edit(small):
    truth, base = small
    content = base / "content"
    files = story_files(content)
    edited, changed, resaved, grows = single_page_stories(truth)[:4]
    edited_file = files[edited.story_id]
    edited_file.write_text(edited_file.read_text(encoding="utf-8") + "\nย่อหน้าที่บรรณาธิการเพิ่ม\n", encoding="utf-8")
    edited_bytes = edited_file.read_bytes()
    set_reads(truth, edited.pages[0], edited.reads + 7)
    set_reads(truth, changed.pages[0], changed.reads + 1000)
    resaved_path = truth.root / page_file(truth, resaved.pages[0])
    resaved_path.write_bytes(resaved_path.read_bytes() + b"<!-- saved again -->\n")  # new bytes, same story
    # the same story saved at one more address: a new duplicate page
    grows_path = truth.root / page_file(truth, grows.pages[0])
    host, section = grows.pages[0].split("/")[:2]
    new_page = truth.root / host / section / f"detail.php?id={grows.story_id.split('-')[1]}&from=line"
    shutil.copy(grows_path, new_page)
    before = content_snapshot(content)

    again = run_import(truth.root, base)
    assert again.returncode == 1, again.stderr
    assert "read 5 pages, 296 unchanged" in again.stdout  # 4 changed or new pages, plus the story grows again read
    assert "stories new 0, updated 2, unchanged 1" in again.stdout
    after = content_snapshot(content)
    changed_files = {p for p in after if after[p] != before.get(p)}
    assert changed_files == {files[changed.story_id].relative_to(content).as_posix(),
                             files[grows.story_id].relative_to(content).as_posix()}
    assert edited_file.read_bytes() == edited_bytes  # the edit is kept
    assert int(read_story_file(files[changed.story_id])[0]["legacy_reads"]) == changed.reads + 1000
    addresses = read_story_file(files[grows.story_id])[0]["legacy_url"].split(", ")
    assert addresses[-1].endswith(f"detail.php?id={grows.story_id.split('-')[1]}&from=line") and len(addresses) == 2
    rows = report_rows(base)
    assert rows[edited.pages[0]]["outcome"] == "conflict"
    assert "was edited since it was imported; not overwritten" in rows[edited.pages[0]]["reason"]
    assert rows[resaved.pages[0]]["outcome"] == "imported" and rows[resaved.pages[0]]["this_run"] == "read"
    assert sum(1 for r in rows.values() if r["this_run"] == "unchanged") == 296

    # the edited story's page unchanged since: no conflict is invented, nothing is written
    third = run_import(truth.root, base)
    assert "read 0 pages" in third.stdout and content_snapshot(content) == after
    assert report_rows(base)[edited.pages[0]]["outcome"] == "conflict"  # still reported: the page has news


def test_an_alias_added_later_imports_the_pages_that_failed_on_it(small):
    truth, base = small
    content = base / "content"
    rows = report_rows(base)
    unknown = [p for p, r in rows.items() if "unknown agency" in r["reason"]]
    names = {re.search(r"unknown agency '([^']+)'", rows[p]["reason"])[1] for p in unknown}
    assert unknown and names <= set(legacy_mirror.UNKNOWN_AGENCIES)
    before = content_snapshot(content)
    registry = content / "agencies.toml"
    alias_list = ", ".join(f'"{n}"' for n in sorted(names))
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        'aliases = ["สปจ.ลำปาง"', f'aliases = [{alias_list}, "สปจ.ลำปาง"', 1), encoding="utf-8")

    again = run_import(truth.root, base)
    assert "read 300 pages, 0 unchanged" in again.stdout  # another configuration: every page read again
    rows = report_rows(base)
    assert all(rows[p]["outcome"] == "imported" and rows[p]["agency"] == "ส.ปชส.ลำปาง" for p in unknown)
    after = content_snapshot(content)
    new = {p for p in after if p not in before}
    assert {p for p in new if p.startswith("news/")} == {f"{rows[p]['story_file'][len('content/'):]}" for p in unknown}
    assert all(after[p] == before[p] for p in before if p != "agencies.toml")  # nothing else rewritten
    assert "unknown agencies" not in again.stdout


def _session_processes(sid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[3]) == sid and fields[0] != "Z":
                found.append(int(entry))
    return found


def _recorded(state: Path) -> int:
    if not state.exists():
        return 0
    with sqlite3.connect(f"file:{state}?mode=ro", uri=True, timeout=5) as db:
        try:
            return db.execute("SELECT count(*) FROM pages").fetchone()[0]
        except sqlite3.OperationalError:
            return 0


@pytest.fixture(scope="module")
def resumable(tmp_path_factory):
    """A 600-page mirror and its uninterrupted import: what a resumed run must end with."""
    root = tmp_path_factory.mktemp("resumable")
    truth = legacy_mirror.write_mirror(root / "mirror", 600, seed=9)
    fresh_content(root / "reference")
    assert run_import(truth.root, root / "reference").returncode == 1
    return truth, root / "reference"


@pytest.mark.parametrize("how", ["ctrl-c", "kill -9"])
def test_an_interrupted_run_resumes_where_it_stopped(how, resumable, tmp_path):
    mirror, reference = resumable
    base = tmp_path / "site"
    fresh_content(base)
    state = base / "var" / "state.sqlite3"
    child = subprocess.Popen([sys.executable, str(SCRIPT), str(mirror.root), "--content", str(base / "content"),
                              "--state", str(state), "--report", str(base / "var" / "report"), "--quiet",
                              "--workers", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while _recorded(state) < 120:
            assert child.poll() is None and time.monotonic() < deadline, child.communicate()
            time.sleep(0.05)
        if how == "ctrl-c":
            os.killpg(child.pid, signal.SIGINT)  # as a terminal sends it: to the whole process group
        else:
            os.kill(child.pid, signal.SIGKILL)  # the importer alone; its workers must not live on
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _session_processes(child.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _session_processes(child.pid) == []
    if how == "ctrl-c":
        assert child.returncode == 130 and "INTERRUPTED: run the same command again to resume" in out, err
        rows = report_rows(base)
        assert len(rows) == len(mirror.pages) and any(r["outcome"] == "pending" for r in rows.values())
    else:
        assert child.returncode == -signal.SIGKILL
    recorded = _recorded(state)
    assert 120 <= recorded < len(mirror.pages)
    for path in (base / "content" / "news").rglob("*.md"):  # whatever was written is whole
        fields, paragraphs, _ = read_story_file(path)
        assert fields["title"] and fields["legacy_url"] and paragraphs, path

    resumed = run_import(mirror.root, base)
    assert resumed.returncode == 1, resumed.stderr
    read = int(re.search(r"this run: read ([\d,]+) pages", resumed.stdout)[1].replace(",", ""))
    assert read == len(mirror.pages) - recorded  # pages recorded before the stop are not read again
    assert not list((base / "content").rglob("*.tmp"))  # temporary files the kill left are gone
    # the result is the uninterrupted import's, byte for byte
    ours = {p: data for p, (data, _) in content_snapshot(base / "content").items()}
    assert ours == {p: data for p, (data, _) in content_snapshot(reference / "content").items()}
    strip = lambda rows: {p: {k: v for k, v in r.items() if k != "this_run"} for p, r in rows.items()}  # noqa: E731
    assert strip(report_rows(base)) == strip(report_rows(reference))


def test_reread_reads_every_page_and_writes_only_what_changed(small):
    """A photo replaced in the mirror behind an unchanged page: a plain rerun does not see it, --reread does."""
    truth, base = small
    content = base / "content"

    def lead(s):
        usable = [p for p in s.photos if p.status in ("copied", "converted")]
        return usable[0] if usable else None

    story = next(s for s in single_page_stories(truth)
                 if lead(s) and lead(s).status == "copied" and "%" not in lead(s).src and "facebook" not in lead(s).src)
    name = lead(story).src.rsplit("/", 1)[1]
    section = story.pages[0].split("/")[1]
    for host in legacy_mirror.HOSTS:
        path = truth.root / host / section / "images" / "news" / name
        assert path.is_file(), path
        path.write_bytes(legacy_mirror._photo_bytes(random.Random(1), "JPEG"))
    image = read_story_file(story_files(content)[story.story_id])[0]["image"]
    before = content_snapshot(content)
    plain = run_import(truth.root, base)
    assert "read 0 pages" in plain.stdout and content_snapshot(content) == before
    again = run_import(truth.root, base, "--reread")
    assert "read 300 pages, 0 unchanged" in again.stdout
    after = content_snapshot(content)
    assert {p for p in after if after[p] != before.get(p)} == {image}
    assert (content / image).read_bytes() == (truth.root / next(iter(legacy_mirror.HOSTS)) / section / "images"
                                              / "news" / name).read_bytes()


def test_a_run_removes_the_temporary_files_a_killed_run_left_and_only_those(small):
    """A kill between writing a temporary file and renaming it leaves `.<name>.import-archive.<random>.tmp`
    (nuea.files); the next run removes those, never another writer's temporary file (the newsroom's, in flight)."""
    truth, base = small
    content = base / "content"
    story = next(iter(story_files(content).values()))
    ours = story.with_name(f".{story.name}.import-archive.k3j_x9q2.tmp")
    photo = next((content / "images").rglob("*.jpg"))
    ours_photo = photo.with_name(f".{photo.name}.import-archive.a1b2c3d4.tmp")
    theirs = story.with_name(f".{story.name}.q8w7e6r5.tmp")
    for path in (ours, ours_photo, theirs):
        path.write_bytes(b"half a file")
    before = {p: d for p, (d, _) in content_snapshot(content).items() if not p.rsplit("/", 1)[-1].startswith(".")}
    again = run_import(truth.root, base)
    assert "read 0 pages" in again.stdout, again.stdout
    assert not ours.exists() and not ours_photo.exists() and theirs.read_bytes() == b"half a file"
    assert {p: d for p, (d, _) in content_snapshot(content).items() if p.rsplit("/", 1)[-1][0] != "."} == before
