"""The history layer on real git repositories: commits with the account as author, optimistic locking, history,
restore, both repository layouts, and kill -9 of a real child process in the middle of a save."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from newsroom.content_history import Conflict, ContentHistory, HistoryError

from .conftest import git, git_repo

CHILD = Path(__file__).with_name("save_child.py")
STORY = "news/2569/lpg-2569-12-01-a.md"


def project_repo(tmp_path: Path) -> tuple[Path, Path]:
    """A repository like this project's: code at the top, content/ inside it."""
    repo = git_repo(tmp_path / "project")
    (repo / "pelicanconf.py").write_text("# site\n")
    (repo / "content").mkdir()
    (repo / "content" / "agencies.toml").write_text("# registry\n")
    git(repo, "add", ".")
    git(repo, "-c", "user.name=setup", "-c", "user.email=", "commit", "-qm", "init")
    return repo, repo / "content"


@pytest.fixture
def repo(tmp_path):
    return project_repo(tmp_path)


def clean(repo: Path) -> bool:
    return git(repo, "status", "--porcelain", "--untracked-files=all") == ""


def test_save_commits_with_the_account_as_author_and_a_thai_message(repo):
    top, content = repo
    history = ContentHistory(content)
    assert history.prefix == "content/" and history.top == top.resolve()
    result = history.save(STORY, "หัวข้อ: ข่าวใหม่\n".encode(), None, "lpg.writer", "บันทึกร่าง: ข่าวใหม่")
    assert (content / STORY).read_text(encoding="utf-8") == "หัวข้อ: ข่าวใหม่\n"
    log = git(top, "log", "-1", "--format=%an|%s|%H", "--", f"content/{STORY}").strip().split("|")
    assert log == ["lpg.writer", "บันทึกร่าง: ข่าวใหม่", result.commit]
    assert git(top, "rev-parse", f"HEAD:content/{STORY}").strip() == result.blobs[STORY]
    assert git(top, "hash-object", f"content/{STORY}").strip() == history.disk_blob(STORY)
    assert clean(top)


def test_a_save_from_an_old_blob_is_a_conflict_and_changes_nothing(repo):
    top, content = repo
    history = ContentHistory(content)
    first = history.save(STORY, b"v1\n", None, "writer", "ฉบับแรก")
    second = history.save(STORY, b"v2 by editor\n", first.blobs[STORY], "editor", "แก้โดยบรรณาธิการ")
    head = git(top, "rev-parse", "HEAD")
    with pytest.raises(Conflict) as err:
        history.save(STORY, b"v2 by writer\n", first.blobs[STORY], "writer", "แก้โดยนักข่าว")
    assert err.value.current_blob == second.blobs[STORY] and err.value.current_data == b"v2 by editor\n"
    assert "มีผู้อื่นบันทึก" in str(err.value)
    with pytest.raises(Conflict):
        history.save(STORY, b"new file?\n", None, "writer", "ใหม่")  # 'new' but the file exists
    assert (content / STORY).read_bytes() == b"v2 by editor\n" and git(top, "rev-parse", "HEAD") == head
    assert clean(top)


def test_two_concurrent_saves_from_one_base_one_wins_one_conflicts(repo):
    top, content = repo
    history = ContentHistory(content)
    base = history.save(STORY, b"base\n", None, "writer", "ฐาน").blobs[STORY]
    results, barrier = {}, threading.Barrier(2)

    def save(who):
        barrier.wait()
        try:
            results[who] = history.save(STORY, f"{who}\n".encode(), base, who, f"บันทึกโดย {who}")
        except Conflict as err:
            results[who] = err
    threads = [threading.Thread(target=save, args=(who,)) for who in ("writer", "editor")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    conflicts = [w for w, r in results.items() if isinstance(r, Conflict)]
    winners = [w for w, r in results.items() if not isinstance(r, Conflict)]
    assert len(conflicts) == 1 and len(winners) == 1
    assert (content / STORY).read_bytes() == f"{winners[0]}\n".encode()
    assert results[conflicts[0]].current_data == f"{winners[0]}\n".encode()
    assert clean(top)


def test_history_show_and_restore(repo):
    top, content = repo
    history = ContentHistory(content)
    v1 = history.save(STORY, "หัวข้อ: เดิม\n".encode(), None, "lpg.writer", "บันทึกร่าง")
    v2 = history.save(STORY, "หัวข้อ: แก้แล้ว\n".encode(), v1.blobs[STORY], "editor.north", "แก้หัวข้อ")
    revisions = history.history(STORY)
    assert [(r.author, r.message, r.blob, r.commit) for r in revisions] == [
        ("editor.north", "แก้หัวข้อ", v2.blobs[STORY], v2.commit),
        ("lpg.writer", "บันทึกร่าง", v1.blobs[STORY], v1.commit)]
    assert history.show(STORY, v1.commit) == "หัวข้อ: เดิม\n".encode()
    restored = history.restore(STORY, v1.commit, v2.blobs[STORY], "editor.north")
    assert (content / STORY).read_bytes() == "หัวข้อ: เดิม\n".encode()
    assert restored.blobs[STORY] == v1.blobs[STORY] and restored.commit not in (v1.commit, v2.commit)
    assert len(history.history(STORY)) == 3 and history.history(STORY)[0].message.startswith("กู้คืน")
    with pytest.raises(Conflict):
        history.restore(STORY, v2.commit, v2.blobs[STORY], "editor.north")  # restore also needs the current base
    with pytest.raises(HistoryError):
        history.show(STORY, "--output=/tmp/x")
    assert history.save(STORY, "หัวข้อ: เดิม\n".encode(), restored.blobs[STORY], "x", "ไม่เปลี่ยน").commit is None


def test_content_as_its_own_repository(tmp_path):
    content = git_repo(tmp_path / "content")
    history = ContentHistory(content, expected_repo=content)
    assert history.prefix == ""
    result = history.save(STORY, b"own repo\n", None, "writer", "บันทึก")  # the first commit of a new repo
    assert git(content, "log", "--format=%an %s").strip() == "writer บันทึก" and result.commit
    project, _ = project_repo(tmp_path / "p")
    with pytest.raises(HistoryError, match="NEWSROOM_CONTENT_REPO"):
        ContentHistory(content, expected_repo=project)


@pytest.mark.parametrize("path", ["../pelicanconf.py", "/etc/passwd", "news/../../x.md", ".git/config",
                                  "news/.hidden.md", ""])
def test_paths_outside_content_are_refused(repo, path):
    top, content = repo
    with pytest.raises(HistoryError):
        ContentHistory(content).save(path, b"x", None, "writer", "บันทึก")
    assert clean(top) and (top / "pelicanconf.py").read_text() == "# site\n"


def test_an_uncommitted_edit_is_committed_before_the_next_save(repo):
    top, content = repo
    history = ContentHistory(content)
    first = history.save(STORY, b"v1\n", None, "writer", "แรก")
    (content / STORY).write_bytes(b"edited by hand, never committed\n")
    base = history.disk_blob(STORY)
    history.save(STORY, b"v3\n", base, "editor", "ต่อจากที่แก้มือ")
    assert [r.author for r in history.history(STORY)] == ["editor", "ห้องข่าว", "writer"]
    assert history.show(STORY, history.history(STORY)[1].commit) == b"edited by hand, never committed\n"
    assert first.commit and clean(top)


def test_saves_leave_other_staged_work_alone(repo):
    top, content = repo
    (top / "pelicanconf.py").write_text("# developer's staged change\n")
    git(top, "add", "pelicanconf.py")
    ContentHistory(content).save(STORY, b"v1\n", None, "writer", "แรก")
    assert git(top, "show", "--name-only", "--format=", "HEAD").split() == [f"content/{STORY}"]
    assert git(top, "diff", "--cached", "--name-only").split() == ["pelicanconf.py"]


def _child(content: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(CHILD), str(content), STORY, *args], stdout=subprocess.PIPE,
                            text=True)


def _wait_line(process: subprocess.Popen, prefix: str) -> str:
    line = process.stdout.readline()
    assert line.startswith(prefix), line
    return line


@pytest.mark.parametrize("phase", ["recovered", "journal-written", f"renamed:{STORY}", "committed"])
def test_kill_9_at_each_step_of_a_save_leaves_a_consistent_repository(repo, phase):
    from .save_child import version
    top, content = repo
    history = ContentHistory(content)
    old = history.save(STORY, version(1), None, "writer", "ฉบับที่ 1")
    child = _child(content, "pause", phase, "2")
    _wait_line(child, "PAUSED")
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    on_disk = (content / STORY).read_bytes()
    assert on_disk in (version(1), version(2))  # never torn
    renamed = on_disk == version(2)
    assert renamed == (phase in (f"renamed:{STORY}", "committed"))
    # the next save finishes the killed one first: nothing that reached the disk is lost from history
    history.save(STORY, version(3), history.disk_blob(STORY), "editor", "ฉบับที่ 3")
    blobs = {r.blob: r for r in history.history(STORY)}
    assert old.blobs[STORY] in blobs and history.blob_id(version(3)) in blobs
    if renamed:
        assert blobs[history.blob_id(version(2))].author == "child.writer"
        assert blobs[history.blob_id(version(2))].message == "บันทึกจากลูก"
    else:
        assert history.blob_id(version(2)) not in blobs
    assert clean(top) and not history.journal.exists()
    assert subprocess.run(["git", "-C", str(top), "fsck", "--no-progress"], capture_output=True).returncode == 0


def test_kill_9_at_random_moments_never_tears_a_file_or_loses_a_save(repo):
    from .save_child import version
    top, content = repo
    history = ContentHistory(content)
    history.save(STORY, version(0), None, "writer", "ฉบับที่ 0")
    rng = random.Random(13)
    n, interrupted = 1, 0
    for _ in range(8):
        child = _child(content, "loop", str(n))
        started = _wait_line(child, "SAVING")
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(child.pid, signal.SIGKILL)
        saving = int(started.split()[1])
        for line in child.stdout:
            saving = int(line.split()[1])  # the last save it began
        child.wait()
        on_disk = (content / STORY).read_bytes()
        assert on_disk in {version(i) for i in range(saving + 1)}, "torn or unknown file"
        interrupted += history.journal.exists()  # killed between the journal and the commit's end
        history.recover()
        assert history.disk_blob(STORY) == history.head_blobs([STORY])[STORY]  # on disk == committed
        assert clean(top)
        n = saving + 1
    assert interrupted >= 1, "no kill landed inside a save: the test proved nothing"
    assert subprocess.run(["git", "-C", str(top), "fsck", "--no-progress"], capture_output=True).returncode == 0
