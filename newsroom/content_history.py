"""History of content/: every save is a git commit, with optimistic locking on the file's blob id.

A save commits in-process (dulwich to read objects and to move the branch; newsroom/git_trees.py writes the
blob, the trees on the changed paths and the commit as loose objects, as git does): no git process and nothing
proportional to the number of stories per save, where the git plumbing it replaced (a private index,
update-index, write-tree, commit-tree, update-ref) cost ~130 ms of a ~150 ms save with 10,000 stories.
The branch moves with compare-and-swap under git's own ref lock (`refs.set_if_equals`, `<ref>.lock`), so a
developer's `git commit` in the same repository and ours never overwrite each other: a moved HEAD is retried on
top of it. The repository's own index gets the committed entries in place under git's index.lock
(newsroom/git_index.py; `git update-index --index-info` for an index shape it leaves to git). A kill -9 while
this process holds one of git's lock files is finished by the next save (`holding-lock` marker). Reading
history (log, show) stays with the git command the operators use.

Saving (`save_files`), under an exclusive lock so saves run one at a time:
  1. finish what a killed save left (the journal, below), and commit any uncommitted edit of the same file
     (made outside the newsroom) as its own commit, so that nothing on disk is ever silently superseded;
  2. refuse the save when a file's blob id on disk is not the one the writer started from (`Conflict`);
  3. write the journal (which paths, which temp files, author, message) and fsync it;
  4. write each file to a temp file beside it, fsync, rename over the old one, fsync the folder;
  5. commit those paths in-process (their blobs, the trees on their paths, the commit; author = the account's
     user name), move HEAD's branch from the old commit to the new one (compare-and-swap), give the
     repository's index the same entries, then drop the journal.
A kill -9 at any point leaves each file old or new, never torn (rename is atomic), and the next save (or
`recover()`) commits a renamed-but-uncommitted file with its original author and message.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import secrets
import subprocess
import time
import weakref
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from dulwich.errors import NotGitRepository
from dulwich.file import FileLocked
from dulwich.repo import Repo

from .git_index import IndexLocked, patch_index
from .git_trees import TreeEditor

COMMITTER = "ห้องข่าว (Nuea News newsroom)"
LEFTOVER_AUTHOR = "ห้องข่าว"
HEX = re.compile(r"[0-9a-f]{7,64}")
STALE_LOCK_SLACK = 2.0  # seconds: a lock of git's written this soon after our marker was ours


class HistoryError(RuntimeError):
    """The repository could not do what was asked; the message is Thai."""


class Conflict(HistoryError):
    """Someone saved the file after the writer opened it: their blob id differs from the writer's base."""

    def __init__(self, path: str, current_blob: str | None, current_data: bytes | None):
        super().__init__(f"มีผู้อื่นบันทึก {path} ไปก่อนแล้ว: ฉบับของคุณยังไม่ได้บันทึก")
        self.path, self.current_blob, self.current_data = path, current_blob, current_data


@dataclass(frozen=True)
class SaveResult:
    commit: str | None  # None when nothing changed
    blobs: dict[str, str]  # path under content/ -> new blob id


@dataclass(frozen=True)
class Revision:
    commit: str
    author: str
    at: float  # author time, Unix seconds
    message: str
    blob: str | None  # the file's blob id after this commit (None: removed)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, temp_name: str | None = None) -> None:
    """Write `data` to `path` via a temp file in the same folder: fsync, rename, fsync the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.parent / (temp_name or _temp_name(path.name))
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _temp_name(name: str) -> str:
    return f".{name}.newsroom-{secrets.token_hex(6)}.tmp"


def _ident(name: str) -> str:
    """A name as git writes it in an ident line: no angle brackets or line breaks, no crud at the ends."""
    return re.sub(r"[<>\n\r]", "", name).strip(" .,:;\"'\\") or "?"


class ContentHistory:
    """The git repository that holds `content_dir` (the project's own, or content/ as a repository of its own).

    `checkpoint(phase)` is called between the steps of a save (tests use it to kill a save at a known point).
    """

    def __init__(self, content_dir: str | Path, expected_repo: str | Path | None = None,
                 checkpoint: Callable[[str], None] | None = None, lock_wait: float = 5.0):
        self.content_dir = Path(content_dir).resolve()
        try:
            top, git_dir, prefix, fmt = self._git_lines(
                "rev-parse", "--show-toplevel", "--absolute-git-dir", "--show-prefix", "--show-object-format",
                cwd=self.content_dir)
        except HistoryError as err:
            raise HistoryError(f"{self.content_dir} ไม่อยู่ในที่เก็บ git: {err}") from None
        self.top = Path(top)
        if expected_repo and Path(expected_repo).resolve() != self.top:
            raise HistoryError(f"{self.content_dir} อยู่ในที่เก็บ git {self.top} ไม่ใช่ {expected_repo} "
                               "(NEWSROOM_CONTENT_REPO)")
        self.prefix = prefix  # content/ inside the repository, '' or 'content/'
        self.hash = hashlib.sha256 if fmt == "sha256" else hashlib.sha1
        self.state_dir = Path(self._git_lines("rev-parse", "--git-path", "nuea-newsroom", cwd=self.top)[0])
        if not self.state_dir.is_absolute():
            self.state_dir = self.top / self.state_dir
        self.state_dir.mkdir(exist_ok=True)
        self.journal = self.state_dir / "pending-save.json"
        self.lock_marker = self.state_dir / "holding-lock"  # names a lock of git's while a save holds it
        self.git_dir = Path(git_dir)
        common = Path(self._git_lines("rev-parse", "--git-common-dir", cwd=self.top)[0])
        self.common_dir = common if common.is_absolute() else (self.top / common).resolve()
        self._tree = (None, {})  # (HEAD commit, {path under content/: blob or None}) known for that commit
        try:
            self._repo = Repo(str(self.top))
        except NotGitRepository as err:
            raise HistoryError(f"{self.top}: dulwich เปิดที่เก็บ git ไม่ได้: {err}") from None
        self.trees = TreeEditor(self._repo.object_store, self.common_dir / "objects", self.hash)
        weakref.finalize(self, self._repo.close)  # its pack files, closed before the interpreter goes away
        self._index_behind: dict[str, str | None] = {}  # repo path -> blob the index could not take yet
        self._checkpoint = checkpoint or (lambda phase: None)
        self.lock_wait = lock_wait

    # --- git plumbing --------------------------------------------------------------------------------------
    def _git(self, *args: str, cwd: Path | None = None, env: dict | None = None, input: bytes | None = None,
             check: bool = True) -> subprocess.CompletedProcess:
        cmd = ["git", "-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false", "-c", "core.quotePath=false",
               *args]
        result = subprocess.run(cmd, cwd=cwd or self.top, env={**os.environ, "LC_ALL": "C", **(env or {})},
                                input=input, capture_output=True)
        if check and result.returncode != 0:
            said = (result.stderr or result.stdout).decode(errors="replace").strip()
            raise HistoryError(f"git {args[0]}: {said}")
        return result

    def _git_lines(self, *args: str, cwd: Path | None = None) -> list[str]:
        return self._git(*args, cwd=cwd).stdout.decode().splitlines()

    def blob_id(self, data: bytes) -> str:
        """The id git gives these bytes as a blob (computed here, as `git hash-object` would without filters)."""
        return self.hash(b"blob %d\0" % len(data) + data).hexdigest()

    def repo_path(self, path: str) -> str:
        """A path under content/ ('news/2569/x.md') as a path in the repository; anything else is refused."""
        pure = PurePosixPath(path)
        if pure.is_absolute() or not pure.parts or any(p in ("", ".", "..") or p.startswith(".") for p in pure.parts):
            raise HistoryError(f"ที่อยู่ไฟล์ไม่ถูกต้อง: {path!r}")
        return self.prefix + str(pure)

    def disk_blob(self, path: str) -> str | None:
        data = self._disk_bytes(path)
        return self.blob_id(data) if data is not None else None

    def _disk_bytes(self, path: str) -> bytes | None:
        file = self.content_dir / self.repo_path(path)[len(self.prefix):]
        try:
            return file.read_bytes() if file.is_file() else None
        except FileNotFoundError:
            return None

    def head_blobs(self, paths: list[str]) -> dict[str, str | None]:
        """Blob ids of these paths (under content/) in HEAD; None for a path HEAD lacks (or no HEAD yet).
        Known blobs of the current HEAD commit are kept; others are read from its trees (cached, in-process)."""
        commit = self.head()
        if commit is None:
            return dict.fromkeys(paths)
        known_commit, known = self._tree
        if known_commit == commit and all(p in known for p in paths):
            return {p: known[p] for p in paths}
        root = self.trees.commit_tree(commit)
        found = {p: self.trees.blob_at(root, self.repo_path(p)) for p in paths}
        self._tree = (commit, {**(known if known_commit == commit else {}), **found})
        return found

    def head(self) -> str | None:
        """The commit HEAD points to, read from the repository's files (no git process): HEAD, its ref, or
        packed-refs; None before the first commit."""
        try:
            head = (self.git_dir / "HEAD").read_text(encoding="utf-8").strip()
        except OSError:
            head = ""
        if not head.startswith("ref: "):
            if HEX.fullmatch(head):
                return head
            result = self._git("rev-parse", "--verify", "-q", "HEAD", check=False)
            return result.stdout.decode().strip() or None
        ref = head[5:].strip()
        for folder in (self.git_dir, self.common_dir):
            try:
                value = (folder / ref).read_text(encoding="utf-8").strip()
                if HEX.fullmatch(value):
                    return value
            except OSError:
                continue
        try:
            for line in (self.common_dir / "packed-refs").read_text(encoding="utf-8").splitlines():
                if line.endswith(" " + ref) and HEX.fullmatch(line.split(" ", 1)[0]):
                    return line.split(" ", 1)[0]
        except OSError:
            pass
        return None

    # --- saving --------------------------------------------------------------------------------------------
    @contextmanager
    def _locked(self):
        with open(self.state_dir / "lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released by the kernel even when the process is killed
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _commit(self, paths: list[str], author: str, message: str) -> str | None:
        """Commit exactly these paths (as they are on disk); None when they equal HEAD already.

        In-process: the changed blobs, the trees on their paths spliced from HEAD's
        (newsroom/git_trees.py), the commit, then HEAD's branch moved from HEAD to it only if HEAD is still
        HEAD (`set_if_equals` under git's ref lock). A moved HEAD (a developer's commit meanwhile) or a held
        ref lock: again on top of the new HEAD. Finally the repository's own index gets the same entries, so
        `git status` stays clean (another person's staged changes to other paths are left alone)."""
        for attempt in range(3):
            data = {p: self._disk_bytes(p) for p in paths}  # read once: the blob stored is the blob hashed
            on_disk = {p: self.blob_id(d) if d is not None else None for p, d in data.items()}
            in_head = self.head_blobs(paths)
            changed = [p for p in paths if on_disk[p] != in_head[p]]
            if not changed:
                return None
            parent = self.head()
            for p in changed:
                if data[p] is not None:
                    self.trees.write(b"blob", data[p])
            try:
                root = self.trees.commit_tree(parent) if parent else None
                tree = self.trees.edit(root, {self.repo_path(p): on_disk[p] for p in changed}).hex()
            except (KeyError, ValueError) as err:
                raise HistoryError(f"อ่านต้นไม้ของฉบับ {parent and parent[:10]} ไม่ได้: {err}") from None
            commit = self._commit_object(tree, parent, author, message)
            if self._move_head(parent, commit, message):
                self._sync_index({p: on_disk[p] for p in changed})
                known_commit, known = self._tree
                carried = known if known_commit == parent else {}
                self._tree = (commit, {**carried, **{p: on_disk[p] for p in changed}})
                return commit
            if attempt == 2:
                raise HistoryError("ที่เก็บ git มีการบันทึกพร้อมกันจากที่อื่นอยู่ ลองอีกครั้ง")
            time.sleep(0.1)
        return None

    def _commit_object(self, tree: str, parent: str | None, author: str, message: str) -> str:
        """Write a commit object as `git commit-tree` makes it (empty e-mail, the local time zone)."""
        now = int(time.time())
        offset = time.localtime(now).tm_gmtoff
        zone = "%s%02d%02d" % ("-" if offset < 0 else "+", abs(offset) // 3600, abs(offset) // 60 % 60)
        lines = [f"tree {tree}"] + ([f"parent {parent}"] if parent else []) + [
            f"author {_ident(author)} <> {now} {zone}", f"committer {_ident(COMMITTER)} <> {now} {zone}", ""]
        body = message if message.endswith("\n") else message + "\n"
        return self.trees.write(b"commit", ("\n".join(lines) + "\n" + body).encode()).hex()

    def _move_head(self, parent: str | None, commit: str, message: str) -> bool:
        """HEAD (its branch) from `parent` to `commit` if it is still at `parent`; False when it moved or a
        git holds the ref's lock. The branch's reflog gets the entry `git commit` would write."""
        subject = message.strip().splitlines()[0] if message.strip() else ""
        kwargs = {"committer": f"{_ident(COMMITTER)} <>".encode(), "timestamp": int(time.time()),
                  "timezone": time.localtime().tm_gmtoff, "message": f"commit (ห้องข่าว): {subject}"[:200].encode()}
        try:
            with self._holding(self._ref_lock_path()):
                if parent is None:
                    return self._repo.refs.add_if_new(b"HEAD", commit.encode(), **kwargs)
                return self._repo.refs.set_if_equals(b"HEAD", parent.encode(), commit.encode(), **kwargs)
        except FileLocked:
            return False

    def _ref_lock_path(self) -> Path:
        """The lock file git (and dulwich) take to move HEAD: its branch's, or HEAD's own when detached."""
        try:
            names, _ = self._repo.refs.follow(b"HEAD")
            name = names[-1]
        except (KeyError, IndexError):
            name = b"HEAD"
        return Path(os.fsdecode(self._repo.refs.refpath(name)) + ".lock")

    @contextmanager
    def _holding(self, lock: Path):
        """Around taking one of git's lock files in this process: a kill -9 while it is held would leave it
        behind (a git process would have finished on its own), so a marker names it for recovery."""
        self.lock_marker.write_text(str(lock), encoding="utf-8")  # no fsync: a kill -9 leaves it, enough
        try:
            yield
        finally:
            self.lock_marker.unlink(missing_ok=True)

    def _drop_stale_lock(self) -> None:
        """After a save killed while it held a lock of git's: remove that lock if it is ours, i.e. last written
        within STALE_LOCK_SLACK seconds of the marker (we hold one for milliseconds); a lock another git took
        later is left alone."""
        try:
            marked = self.lock_marker.stat().st_mtime
            lock = Path(self.lock_marker.read_text(encoding="utf-8"))
            if lock.name.endswith(".lock") and lock.stat().st_mtime <= marked + STALE_LOCK_SLACK:
                lock.unlink(missing_ok=True)
        except OSError:
            pass
        self.lock_marker.unlink(missing_ok=True)

    def _sync_index(self, blobs: dict[str, str | None]) -> None:
        """The repository's own index gets the committed entries (so `git status` shows nothing to commit):
        patched in-process (newsroom/git_index.py), or by `git update-index` for an index shape it leaves to
        git. Another git holding index.lock (e.g. a developer's `git commit` with its editor open) does not
        fail the save: the next save gives the index these entries too."""
        self._index_behind.update({self.repo_path(p): b for p, b in blobs.items()})
        deadline = time.monotonic() + min(self.lock_wait, 0.5)
        index_file = self.git_dir / "index"
        while True:
            try:
                with self._holding(Path(str(index_file) + ".lock")):
                    done = patch_index(index_file, self._index_behind, self.hash)
                break
            except IndexLocked:
                if time.monotonic() > deadline:
                    return
                time.sleep(0.05)
        if not done:
            zero = "0" * self.hash().digest_size * 2
            info = "".join(f"100644 {b}\t{p}\n" if b else f"0 {zero}\t{p}\n" for p, b in self._index_behind.items())
            if self._git("update-index", "--index-info", input=info.encode(), check=False).returncode != 0:
                return
        self._index_behind = {}

    def _sync_paths(self, paths: list[str]) -> None:
        """Bring the repository's index in line with HEAD for these paths (after a killed save)."""
        if paths and self.head():
            self._tree = (None, {})
            self._sync_index(self.head_blobs(paths))

    def recover(self) -> list[str]:
        """Finish a save that was killed: commit its renamed files, remove its temp files. Returns the paths."""
        with self._locked():
            return self._recover()

    def _recover(self) -> list[str]:
        self._drop_stale_lock()
        if not self.journal.exists():
            return []
        try:
            pending = json.loads(self.journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pending = None  # written by the temp-file + rename below, so never torn; defensive only
        if pending:
            for path, temp in pending["temps"].items():
                (self.content_dir / path).parent.joinpath(temp).unlink(missing_ok=True)
            finished = [p for p in pending["paths"] if self.disk_blob(p) == pending["blobs"][p]]
            if finished:  # renamed before the kill; a file edited by hand since is left to the leftover rule
                self._commit(finished, pending["author"], pending["message"])
                self._sync_paths(finished)  # killed after update-ref, before the index caught up
        self.journal.unlink()
        _fsync_dir(self.state_dir)
        return pending["paths"] if pending else []

    def save_files(self, files: dict[str, tuple[bytes | None, str | None]], author: str, message: str) -> SaveResult:
        """Write and commit `files` {path under content/: (bytes or None to remove it, base blob id or None for a
        new file)}, all in one commit.

        Raises Conflict (nothing written) when a file's blob on disk is not its base blob.
        """
        if not files:
            raise HistoryError("ไม่มีไฟล์ให้บันทึก")
        if not message.strip():
            raise HistoryError("ต้องมีข้อความบันทึกประวัติ")
        paths = list(files)
        for path in paths:
            self.repo_path(path)
        with self._locked():
            self._recover()
            self._checkpoint("recovered")
            for path, (_data, base) in files.items():
                current = self.disk_blob(path)
                if current != base:
                    file = self.content_dir / path
                    raise Conflict(path, current, file.read_bytes() if current else None)
            # An edit made outside the newsroom and never committed goes into history first, as it is.
            self._commit(paths, LEFTOVER_AUTHOR, "เก็บการแก้ไขที่ยังไม่ได้บันทึกในประวัติ ก่อนบันทึกจากห้องข่าว")
            temps = {path: _temp_name(PurePosixPath(path).name) for path in paths}
            blobs = {path: self.blob_id(data) if data is not None else None for path, (data, _base) in files.items()}
            self._write_journal({"paths": paths, "temps": temps, "blobs": blobs, "author": author,
                                 "message": message})
            self._checkpoint("journal-written")
            for path, (data, _base) in files.items():
                if data is None:  # a story moved to another year's folder leaves its old path
                    (self.content_dir / path).unlink(missing_ok=True)
                    _fsync_dir((self.content_dir / path).parent)
                else:
                    write_atomic(self.content_dir / path, data, temps[path])
                self._checkpoint(f"renamed:{path}")
            commit = self._commit(paths, author, message)
            self._checkpoint("committed")
            self.journal.unlink()  # not fsynced: a journal back after a power cut only finds its save committed
        return SaveResult(commit, blobs)

    def save(self, path: str, data: bytes, base_blob: str | None, author: str, message: str) -> SaveResult:
        return self.save_files({path: (data, base_blob)}, author, message)

    def _write_journal(self, pending: dict) -> None:
        write_atomic(self.journal, json.dumps(pending, ensure_ascii=False).encode())

    # --- reading history -----------------------------------------------------------------------------------
    def history(self, path: str, limit: int = 100) -> list[Revision]:
        """The commits that changed `path`, newest first, with the file's blob id after each."""
        repo_path = self.repo_path(path)
        if self.head() is None:
            return []
        out = self._git("log", f"--max-count={limit}", "--no-abbrev", "--raw", "--no-renames",
                        "--format=%x1e%H%x1f%an%x1f%at%x1f%B%x1f", "--", repo_path).stdout.decode()
        revisions = []
        for record in filter(None, out.split("\x1e")):
            commit, author, at, message, raw = record.split("\x1f", 4)
            blob = None
            for line in raw.strip().splitlines():
                if line.startswith(":"):
                    new_blob, status = line.split("\t", 1)[0].split()[3:5]
                    blob = None if status == "D" else new_blob
            revisions.append(Revision(commit, author, float(at), message.strip(), blob))
        return revisions

    def show(self, path: str, commit: str) -> bytes:
        """The file's bytes at `commit`."""
        if not HEX.fullmatch(commit):
            raise HistoryError(f"รหัสฉบับไม่ถูกต้อง: {commit!r}")
        result = self._git("cat-file", "blob", f"{commit}:{self.repo_path(path)}", check=False)
        if result.returncode != 0:
            raise HistoryError(f"ไม่มีไฟล์ {path} ในฉบับ {commit[:10]}")
        return result.stdout

    def restore(self, path: str, commit: str, base_blob: str | None, author: str) -> SaveResult:
        """Make the version of `commit` current again, as a new commit (history is never rewritten)."""
        data = self.show(path, commit)
        return self.save(path, data, base_blob, author, f"กู้คืน {path} เป็นฉบับ {commit[:10]}")
