"""A throwaway PostgreSQL cluster in a temporary folder (initdb + pg_ctl, Unix socket only), for the tests,
the benchmarks and trying several counter instances on one machine. Not used by the service itself.

    with ThrowawayCluster() as pg:
        url = pg.create_database("readcounter")      # postgresql://readcounter@/readcounter?host=/tmp/...

initdb refuses to run as root: as root, every server command runs as `nobody` (runuser), which owns the folder.
The server listens on no TCP port (listen_addresses=''), only on a Unix socket in the folder.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "readcounter"
UNPRIVILEGED = "nobody"


def postgres_bindir() -> Path | None:
    """Folder of initdb/pg_ctl/postgres: on PATH, else Debian's /usr/lib/postgresql/<newest>/bin."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(candidates[-1]).parent if candidates else None


class ThrowawayCluster:
    def __init__(self, settings: dict[str, str] | None = None, cpu: str | None = None):
        bindir = postgres_bindir()
        if bindir is None:
            raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
        self.bindir = bindir
        self.cpu = cpu  # taskset CPU list for the server (benchmarks), or None
        self.root = Path(tempfile.mkdtemp(prefix="readcounter-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.log = self.root / "server.log"
        self.settings = {
            "listen_addresses": "''",
            "unix_socket_directories": f"'{self.socket_dir}'",
            "max_connections": "100",
            "shared_buffers": "128MB",
            "fsync": "on",
            "synchronous_commit": "on",
            "log_min_messages": "warning",
            **(settings or {}),
        }
        self._as_owner_prefix: list[str] = []
        if os.geteuid() == 0:
            # initdb refuses root; the folder belongs to an unprivileged user who runs every server command.
            owner = pwd.getpwnam(UNPRIVILEGED)
            self._owner = (owner.pw_uid, owner.pw_gid)
            os.chown(self.root, *self._owner)
            self._as_owner_prefix = ["runuser", "-u", UNPRIVILEGED, "--"]
        self.socket_dir.mkdir()
        if os.geteuid() == 0:
            os.chown(self.socket_dir, *self._owner)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("".join(f"{key} = {value}\n" for key, value in self.settings.items()))
        self.running = False

    def _run(self, program: str, *args: str) -> subprocess.CompletedProcess:
        cmd = [*self._as_owner_prefix, str(self.bindir / program), *args]
        if self.cpu and program == "pg_ctl":
            cmd = ["taskset", "-c", self.cpu, *cmd]
        result = subprocess.run(cmd, capture_output=True, text=True, cwd=self.root)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(f"{program} {' '.join(args)} failed ({result.returncode}):\n"
                               f"{result.stdout}\n{result.stderr}\n{log}")
        return result

    # -- server life --------------------------------------------------------------------------------------------
    def start(self) -> ThrowawayCluster:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30", "start")
        self.running = True
        return self

    def stop(self, mode: str = "fast") -> None:
        """mode: fast (clean shutdown, unlogged tables kept) or immediate (like a crash: unlogged tables reset)."""
        if self.running:
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")
            self.running = False

    def restart(self, mode: str = "fast") -> None:
        self.stop(mode)
        self.start()

    def destroy(self) -> None:
        try:
            self.stop("immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> ThrowawayCluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.destroy()

    # -- addresses ----------------------------------------------------------------------------------------------
    def url(self, database: str = "postgres", scheme: str = "postgresql") -> str:
        return f"{scheme}://{SUPERUSER}@/{database}?host={self.socket_dir}"

    def create_database(self, name: str) -> str:
        self.psql("postgres", f'CREATE DATABASE "{name}"')
        return self.url(name)

    def psql(self, database: str, sql: str) -> str:
        """Run SQL with psql (as the cluster's superuser) and return its unaligned output."""
        result = subprocess.run(
            [str(self.bindir / "psql") if (self.bindir / "psql").exists() else "psql",
             "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", str(self.socket_dir), "-U", SUPERUSER,
             "-d", database, "-c", sql],
            capture_output=True, text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr}")
        return result.stdout.strip()

    def postmaster_pids(self) -> list[int]:
        """The server and its children (for CPU accounting in benchmarks)."""
        pid_file = self.data / "postmaster.pid"
        main = int(pid_file.read_text().split()[0])
        children = Path(f"/proc/{main}/task/{main}/children")
        kids = [int(p) for p in children.read_text().split()] if children.exists() else []
        return [main, *kids]
