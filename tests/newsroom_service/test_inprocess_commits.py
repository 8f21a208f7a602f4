"""Commits made in-process (dulwich + newsroom/git_trees.py) and the index patched in-process
(newsroom/git_index.py), checked against what the git command makes from the same files, on real repositories."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from newsroom.content_history import STALE_LOCK_SLACK, ContentHistory
from newsroom.git_index import patch_index

from .conftest import git, git_repo
from .test_content_history import clean, project_repo

STORY = "news/2569/lpg-2569-12-01-a.md"


@pytest.fixture
def repo(tmp_path):
    return project_repo(tmp_path)


def git_tree_of_work_tree(top: Path, tmp: Path) -> str:
    """The tree `git add -A` + `git write-tree` makes from the work tree (a private index, HEAD untouched)."""
    env = {**os.environ, "GIT_INDEX_FILE": str(tmp / "check-index")}
    subprocess.run(["git", "-C", str(top), "read-tree", "HEAD"], env=env, check=True)
    subprocess.run(["git", "-C", str(top), "add", "-A", "."], env=env, check=True)
    return subprocess.run(["git", "-C", str(top), "write-tree"], env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


def test_each_in_process_commit_has_the_tree_git_makes_from_the_same_files(repo, tmp_path):
    top, content = repo
    history = ContentHistory(content)
    steps = [
        {STORY: b"v1\n"},                                            # a new file in new folders
        {STORY: "หัวข้อ: แก้แล้ว\n".encode()},                          # changed
        {"news/2569/b.md": b"b\n", "news/2570/c.md": b"c\n", "a.md": b"top\n"},  # several, one commit
        {"news/2569/b.md": None},                                    # removed; its folder keeps a file
        {"news/2570/c.md": None, "news/2570-x.md": b"sorts between\n"},  # a folder emptied: gone, as in git
        {"news/2569.md": b"a file named like a folder\n"},           # git's tree order ('2569.md' < '2569/')
    ]
    for n, files in enumerate(steps):
        bases = {p: history.disk_blob(p) for p in files}
        result = history.save_files({p: (data, bases[p]) for p, data in files.items()}, "writer", f"ขั้นที่ {n}")
        assert result.commit == git(top, "rev-parse", "HEAD").strip()
        assert git(top, "rev-parse", "HEAD^{tree}").strip() == git_tree_of_work_tree(top, tmp_path), n
        assert clean(top), git(top, "status", "--porcelain")
    assert "news/2570/" not in git(top, "ls-tree", "-r", "--name-only", "HEAD")


def test_commits_are_plain_git_commits_and_fsck_is_clean_after_many_saves(repo):
    top, content = repo
    history = ContentHistory(content)
    base = None
    for n in range(40):
        base = history.save(STORY, f"หัวข้อ: ฉบับที่ {n}\n".encode() * 50, base, f"writer{n % 3}",
                            f"ข่าว: ฉบับที่ {n}").blobs[STORY]
        if n % 7 == 0:
            history.save(f"news/2569/other-{n}.md", b"x\n", None, "editor", f"อีกเรื่อง {n}")
    fsck = subprocess.run(["git", "-C", str(top), "fsck", "--strict", "--no-progress", "--no-dangling"],
                          capture_output=True, text=True)
    assert fsck.returncode == 0 and fsck.stdout == "" and "error" not in fsck.stderr, fsck.stderr
    log = git(top, "log", "--format=%an|%ae|%cn|%s", "--", f"content/{STORY}").splitlines()
    assert len(log) == 40
    assert log[0] == "writer0||ห้องข่าว (Nuea News newsroom)|ข่าว: ฉบับที่ 39"
    assert log[-1] == "writer0||ห้องข่าว (Nuea News newsroom)|ข่าว: ฉบับที่ 0"
    # the branch's reflog, as `git commit` keeps it; git itself can commit on top
    assert "commit (ห้องข่าว): ข่าว: ฉบับที่ 39" in git(top, "reflog", "show", "main", "-1")
    (top / "pelicanconf.py").write_text("# later\n")
    git(top, "-c", "user.name=dev", "-c", "user.email=", "commit", "-qam", "dev")
    assert git(top, "show", f"HEAD:content/{STORY}") == "หัวข้อ: ฉบับที่ 39\n" * 50
    # a packed repository (after git gc) is read from its pack
    git(top, "gc", "-q")
    assert not list((top / ".git" / "objects").glob("??/*"))
    again = ContentHistory(content)
    assert again.head_blobs([STORY])[STORY] == base
    again.save(STORY, b"after gc\n", base, "writer", "หลัง gc")
    assert git(top, "show", f"HEAD:content/{STORY}") == "after gc\n" and clean(top)


def test_compare_and_swap_refuses_a_moved_head_and_the_save_lands_on_top_of_it(repo):
    top, content = repo
    history = ContentHistory(content)
    first = history.save(STORY, b"v1\n", None, "writer", "แรก").commit
    orphan = history._commit_object(git(top, "rev-parse", "HEAD^{tree}").strip(), first, "writer", "ไม่ควรเข้า")
    (top / "pelicanconf.py").write_text("# a developer's commit\n")
    git(top, "-c", "user.name=dev", "-c", "user.email=", "commit", "-qam", "dev")
    theirs = git(top, "rev-parse", "HEAD").strip()
    assert history._move_head(first, orphan, "ไม่ควรเข้า") is False  # HEAD is no longer `first`
    assert git(top, "rev-parse", "HEAD").strip() == theirs
    second = history.save(STORY, b"v2\n", history.disk_blob(STORY), "writer", "สอง").commit
    assert git(top, "rev-parse", f"{second}^").strip() == theirs
    assert git(top, "show", "HEAD:pelicanconf.py") == "# a developer's commit\n" and clean(top)


def test_a_held_ref_lock_fails_the_save_cleanly_and_a_killed_saves_lock_is_removed(repo):
    top, content = repo
    history = ContentHistory(content)
    history.save(STORY, b"v1\n", None, "writer", "แรก")
    lock = top / ".git" / "refs" / "heads" / "main.lock"
    lock.write_text("")  # another git moving the branch (held for the whole save)
    with pytest.raises(Exception, match="พร้อมกัน"):
        history.save(STORY, b"v2\n", history.disk_blob(STORY), "writer", "สอง")
    assert lock.exists(), "another git's lock is never removed"
    # the same lock, named by our marker as if this process had been killed holding it: recovery removes it
    history.lock_marker.write_text(str(lock))
    os.utime(lock, (time.time() - 5, time.time() - 5))
    history.recover()
    assert not lock.exists() and not history.lock_marker.exists()
    history.save(STORY, b"v2\n", history.disk_blob(STORY), "writer", "สอง")
    assert git(top, "show", f"HEAD:content/{STORY}") == "v2\n" and clean(top)
    # a lock taken well after the marker is another git's: left alone
    history.lock_marker.write_text(str(lock))
    old = time.time() - 30
    os.utime(history.lock_marker, (old, old))
    lock.write_text("")
    assert lock.stat().st_mtime > old + STALE_LOCK_SLACK
    history.recover()
    assert lock.exists()


def test_a_held_index_lock_does_not_fail_the_save_and_the_next_save_catches_the_index_up(repo):
    top, content = repo
    history = ContentHistory(content)
    history.save(STORY, b"v1\n", None, "writer", "แรก")
    index_lock = top / ".git" / "index.lock"
    index_lock.write_text("")  # a developer's `git commit` waiting in its editor
    history.save(STORY, b"v2\n", history.disk_blob(STORY), "writer", "สอง")
    assert git(top, "show", f"HEAD:content/{STORY}") == "v2\n"
    index_lock.unlink()
    assert not clean(top)  # the index still has v1 for the story
    history.save("news/2569/b.md", b"b\n", None, "writer", "อีกเรื่อง")
    assert clean(top), git(top, "status", "--porcelain")


def _index_repo(tmp_path: Path, name: str) -> Path:
    repo = git_repo(tmp_path / name)
    for i in range(30):
        folder = repo / "news" / ("2568" if i % 2 else "2569")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"s-{i:02d}.md").write_text(f"{i}\n")
    (repo / "top.md").write_text("top\n")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=setup", "-c", "user.email=", "commit", "-qm", "init")  # leaves a cache-tree
    return repo


@pytest.mark.parametrize("version", [2, 3])
def test_the_index_patched_in_process_equals_the_index_git_update_index_makes(tmp_path, version):
    ours = _index_repo(tmp_path, "ours")
    git(ours, "update-index", f"--index-version={version}")
    if version == 3:  # an entry with extended flags (intent-to-add) makes git keep version 3
        (ours / "ita.md").write_text("ita\n")
        git(ours, "add", "-N", "ita.md")
    theirs = tmp_path / "theirs"
    shutil.copytree(ours, theirs)
    blob = git(ours, "hash-object", "-w", "top.md").strip()
    git(theirs, "hash-object", "-w", "top.md")
    changes = {"news/2569/s-00.md": blob, "news/2569/new.md": blob, "news/2568/s-01.md": None,
               "a-first.md": blob, "zz/last.md": blob}
    assert patch_index(ours / ".git" / "index", changes, hashlib.sha1)
    info = "".join(f"100644 {b}\t{p}\n" if b else f"0 {'0' * 40}\t{p}\n" for p, b in changes.items())
    subprocess.run(["git", "-C", str(theirs), "update-index", "--index-info"], input=info.encode(), check=True)
    assert git(ours, "ls-files", "-s") == git(theirs, "ls-files", "-s")
    assert git(ours, "ls-files", "--debug").count("flags:") == git(theirs, "ls-files", "--debug").count("flags:")
    # the cache-tree of the changed folders was invalidated: write-tree (which trusts it) sees every change
    assert git(ours, "write-tree") == git(theirs, "write-tree")
    assert git(ours, "ls-tree", "-r", "--name-only", git(ours, "write-tree").strip()) == \
        git(theirs, "ls-tree", "-r", "--name-only", git(theirs, "write-tree").strip())
    assert not (ours / ".git" / "index.lock").exists()


def test_an_index_shape_left_to_git_is_updated_by_git(repo):
    top, content = repo
    git(top, "update-index", "--index-version=4")  # path-compressed entries: patch_index declines
    history = ContentHistory(content)
    assert not patch_index(top / ".git" / "index", {"content/x.md": None}, hashlib.sha1)
    history.save(STORY, b"v1\n", None, "writer", "แรก")
    history.save(STORY, b"v2\n", history.disk_blob(STORY), "writer", "สอง")
    assert clean(top), git(top, "status", "--porcelain")
    assert (top / ".git" / "index").read_bytes()[4:8] == (4).to_bytes(4, "big")  # git kept its version


def test_an_untracked_cache_is_dropped_and_git_status_stays_right(tmp_path):
    repo = _index_repo(tmp_path, "untracked")
    git(repo, "config", "core.untrackedCache", "true")
    (repo / "news" / "2569" / "untracked.md").write_text("not added\n")
    git(repo, "update-index", "--untracked-cache")
    git(repo, "status", "--porcelain")  # fills the cache
    assert b"UNTR" in (repo / ".git" / "index").read_bytes()
    (repo / "news" / "2569" / "new.md").write_text("new\n")
    blob = git(repo, "hash-object", "-w", "news/2569/new.md").strip()
    assert patch_index(repo / ".git" / "index", {"news/2569/new.md": blob}, hashlib.sha1)
    assert b"UNTR" not in (repo / ".git" / "index").read_bytes()
    assert git(repo, "status", "--porcelain").splitlines() == ["A  news/2569/new.md", "?? news/2569/untracked.md"]


def test_a_sha256_repository_gets_sha256_commits_trees_and_index(tmp_path):
    content = tmp_path / "content"
    subprocess.run(["git", "init", "-q", "-b", "main", "--object-format=sha256", str(content)], check=True)
    (content / "agencies.toml").write_text("# registry\n")
    git(content, "add", "-A")
    git(content, "-c", "user.name=setup", "-c", "user.email=", "commit", "-qm", "init")
    history = ContentHistory(content)
    first = history.save(STORY, b"v1\n", None, "writer", "แรก")
    second = history.save(STORY, b"v2\n", first.blobs[STORY], "writer", "สอง")
    assert len(second.commit) == 64 and second.commit == git(content, "rev-parse", "HEAD").strip()
    assert git(content, "rev-parse", "HEAD^{tree}").strip() == git_tree_of_work_tree(content, tmp_path)
    assert subprocess.run(["git", "-C", str(content), "fsck", "--strict"], capture_output=True).returncode == 0
    assert clean(content) and git(content, "log", "--format=%an|%s").splitlines() == [
        "writer|สอง", "writer|แรก", "setup|init"]
