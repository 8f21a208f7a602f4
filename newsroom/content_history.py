"""History of content/: every save is a git commit, with optimistic locking on the file's blob id.

Why the git command (not dulwich or pygit2): it is the same git the operators use on the same repository, so
every repository feature (worktrees, packs, alternates, hooks turned off here, SHA-256 repositories) behaves the
same; its own locks (index.lock, ref locks) keep a developer's `git commit` and ours from corrupting each other;
it needs no compiled binding. The cost is a process per call (a few ms each; a save makes four or five,
none of which reads the whole work tree).

Saving (`save_files`), under an exclusive lock so saves run one at a time:
  1. finish what a killed save left (the journal, below), and commit any uncommitted edit of the same file
     (made outside the newsroom) as its own commit, so that nothing on disk is ever silently superseded;
  2. refuse the save when a file's blob id on disk is not the one the writer started from (`Conflict`);
  3. write the journal (which paths, which temp files, author, message) and fsync it;
  4. write each file to a temp file beside it, fsync, rename over the old one, fsync the folder;
  5. commit those paths with plumbing (their blobs, a private index, write-tree, commit-tree, update-ref
     HEAD new old; author = the account's user name), give the repository's index the same entries, then drop
     the journal.
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
import zlib
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

COMMITTER = "ห้องข่าว (Nuea News newsroom)"
LEFTOVER_AUTHOR = "ห้องข่าว"
HEX = re.compile(r"[0-9a-f]{7,64}")


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
        self.git_dir = Path(git_dir)
        common = Path(self._git_lines("rev-parse", "--git-common-dir", cwd=self.top)[0])
        self.common_dir = common if common.is_absolute() else (self.top / common).resolve()
        self._tree = (None, {})  # (HEAD commit, {path under content/: blob or None}) known for that commit
        self._private_commit: str | None = None  # the commit whose tree the newsroom's own index holds
        self._index_behind = b""  # entries the repository's index could not take yet (its lock was held)
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
        file = self.content_dir / self.repo_path(path)[len(self.prefix):]
        return self.blob_id(file.read_bytes()) if file.is_file() else None

    def head_blobs(self, paths: list[str]) -> dict[str, str | None]:
        """Blob ids of these paths (under content/) in HEAD; None for a path HEAD lacks (or no HEAD yet).
        Known blobs of the current HEAD commit are kept, so a save asks git (ls-tree) at most once."""
        commit = self.head()
        if commit is None:
            return dict.fromkeys(paths)
        known_commit, known = self._tree
        if known_commit == commit and all(p in known for p in paths):
            return {p: known[p] for p in paths}
        found = dict.fromkeys(paths)
        by_repo = {self.repo_path(p): p for p in paths}
        out = self._git("ls-tree", "-z", "--full-tree", commit, "--", *by_repo).stdout.decode()
        for entry in filter(None, out.split("\0")):
            meta, name = entry.split("\t", 1)
            if name in by_repo:
                found[by_repo[name]] = meta.split()[2]
        self._tree = (commit, {**(known if known_commit == commit else {}), **found})
        return found

    def _parent(self, commit: str | None) -> str | None:
        """The first parent of a commit that is a loose object (every commit just made is), else None."""
        if not commit:
            return None
        try:
            raw = zlib.decompress((self.common_dir / "objects" / commit[:2] / commit[2:]).read_bytes())
        except (OSError, zlib.error):
            return None
        for line in raw.split(b"\0", 1)[-1].split(b"\n"):
            if line.startswith(b"parent "):
                return line[7:].decode()
            if not line:
                break
        return None

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

    def _wait_for_index(self) -> None:
        """A git still running (e.g. the commit of a save whose process was killed) holds index.lock briefly."""
        index_lock = self.git_dir / "index.lock"
        deadline = time.monotonic() + self.lock_wait
        while index_lock.exists():
            if time.monotonic() > deadline:
                raise HistoryError(f"ที่เก็บ git ถูกล็อกอยู่ ({index_lock}); ลองอีกครั้ง หรือให้ผู้ดูแลตรวจสอบ")
            time.sleep(0.05)

    def _commit(self, paths: list[str], author: str, message: str) -> str | None:
        """Commit exactly these paths (as they are on disk); None when they equal HEAD already.

        Plumbing, so a save never stats the whole work tree nor rewrites the index twice (`git commit --only` did,
        about three times the cost on 10,000 files): the blobs are written into the object store here, a private
        index (kept equal to HEAD's tree) gets the changed entries, then `write-tree`, `commit-tree`, and
        `update-ref HEAD new old`, which refuses if HEAD moved meanwhile (a developer's commit): then again on
        top of theirs. Finally the repository's own index gets the same entries, so `git status` stays clean
        (another person's staged changes to other paths are left alone)."""
        env = {"GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "", "GIT_COMMITTER_NAME": COMMITTER,
               "GIT_COMMITTER_EMAIL": ""}
        for attempt in range(3):
            self._wait_for_index()
            on_disk = {p: self.disk_blob(p) for p in paths}
            in_head = self.head_blobs(paths)
            changed = [p for p in paths if on_disk[p] != in_head[p]]
            if not changed:
                return None
            parent = self.head()
            for p in changed:
                if on_disk[p] is not None:
                    self._write_blob((self.content_dir / p).read_bytes())
            entries = self._index_info({p: on_disk[p] for p in changed})
            try:
                private = self._private_index(parent)
                self._git("update-index", "--index-info", env=private, input=entries)
                tree = self._git("write-tree", env=private).stdout.decode().strip()
                commit = self._git("commit-tree", tree, *(["-p", parent] if parent else []), "-F", "-",
                                   env=env, input=message.encode()).stdout.decode().strip()
                subject = message.strip().splitlines()[0] if message.strip() else ""
                self._git("update-ref", "-m", f"commit (ห้องข่าว): {subject}"[:200], "HEAD", commit, parent or "")
            except HistoryError:
                self._private_commit = None
                if attempt == 2:
                    raise
                time.sleep(0.1)
                continue
            self._private_commit = commit
            self._sync_index(entries)
            known_commit, known = self._tree
            carried = known if known_commit == parent else {}
            self._tree = (commit, {**carried, **{p: on_disk[p] for p in changed}})
            return commit
        return None

    def _write_blob(self, data: bytes) -> str:
        """Put a file's bytes into the object store as a loose blob (as `git hash-object -w` does)."""
        raw = b"blob %d\0" % len(data) + data
        blob = self.hash(raw).hexdigest()
        target = self.common_dir / "objects" / blob[:2] / blob[2:]
        if not target.exists():
            target.parent.mkdir(exist_ok=True)
            temp = target.parent / f"tmp_obj_{secrets.token_hex(6)}"
            with open(temp, "wb") as out:
                out.write(zlib.compress(raw, 1))
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temp, 0o444)
            os.replace(temp, target)
        return blob

    def _index_info(self, blobs: dict[str, str | None]) -> bytes:
        """`update-index --index-info` lines: a blob for each path, or removal (mode 0) of a path gone."""
        zero = "0" * self.hash().digest_size * 2
        return "".join(f"100644 {b}\t{self.repo_path(p)}\n" if b else f"0 {zero}\t{self.repo_path(p)}\n"
                       for p, b in blobs.items()).encode()

    def _private_index(self, commit: str | None) -> dict:
        """The environment of git commands on the newsroom's own index, made equal to `commit`'s tree."""
        env = {"GIT_INDEX_FILE": str(self.state_dir / "index")}
        if self._private_commit != commit or not (self.state_dir / "index").exists():
            if commit:
                self._git("read-tree", commit, env=env)
            else:
                self._git("read-tree", "--empty", env=env)
            self._private_commit = commit
        return env

    def _sync_index(self, entries: bytes) -> None:
        """The repository's own index gets the committed entries (so `git status` shows nothing to commit)."""
        self._wait_for_index()
        entries = self._index_behind + entries
        result = self._git("update-index", "--index-info", input=entries, check=False)
        # someone's git held the index: the next save gives it these entries too
        self._index_behind = entries if result.returncode != 0 else b""

    def _sync_paths(self, paths: list[str]) -> None:
        """Bring the repository's index in line with HEAD for these paths (after a killed save)."""
        if paths and self.head():
            self._tree = (None, {})
            self._sync_index(self._index_info(self.head_blobs(paths)))

    def recover(self) -> list[str]:
        """Finish a save that was killed: commit its renamed files, remove its temp files. Returns the paths."""
        with self._locked():
            return self._recover()

    def _recover(self) -> list[str]:
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
            self.journal.unlink()
            _fsync_dir(self.state_dir)
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
