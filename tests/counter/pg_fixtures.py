"""A REAL PostgreSQL for the counter tests: one throwaway cluster per test session (initdb + pg_ctl in a temporary
folder, Unix socket only; as root the server runs as `nobody`), a fresh database per test, and counter instances
(`python -m readcounter`) against it. Skips on a laptop without Debian's `postgresql`; fails with REQUIRE_SYSTEM=1.

(Not a conftest.py: import the fixtures by name, as with counter_service.py.)
"""

from __future__ import annotations

import atexit
import itertools
import os
import shutil

import pytest
from counter_service import ServiceProcess

from readcounter.throwaway_postgres import ThrowawayCluster, postgres_bindir
from system import require_system

_names = itertools.count(1)


def require_postgres() -> None:
    require_system("PostgreSQL server (initdb, pg_ctl)", postgres_bindir() is not None, "apt-get install postgresql")
    if os.geteuid() == 0:
        require_system("runuser (to run initdb as nobody)", shutil.which("runuser") is not None,
                       "apt-get install util-linux")


_clusters: list[ThrowawayCluster] = []  # one per test process, shared by every module that imports the fixture


@pytest.fixture(scope="session")
def pg_cluster():
    require_postgres()
    if not _clusters:
        _clusters.append(ThrowawayCluster().start())
        atexit.register(_clusters[0].destroy)
    return _clusters[0]


@pytest.fixture
def pg_url(pg_cluster) -> str:
    """A new, empty database (the service creates its tables)."""
    if not pg_cluster.running:  # a test that stopped the server and failed before starting it again
        pg_cluster.start()
    return pg_cluster.create_database(f"counter_{next(_names)}")


class PgService(ServiceProcess):
    """A counter instance on the PostgreSQL database; its log goes to a file (a full pipe would block it)."""

    def __init__(self, workdir, url, **env):
        super().__init__(workdir, READCOUNTER_DATABASE_URL=url, **env)
        self.log_path = workdir / f"instance-{id(self)}.log"

    def start(self, wait: bool = True) -> PgService:
        import subprocess
        import sys

        from counter_service import free_port, wait_healthy

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "readcounter", "--port", str(self.port)],
            cwd=self.workdir, env=self.env, stdout=subprocess.DEVNULL, stderr=self._log,
        )
        if not wait:
            return self
        try:
            wait_healthy(self.url, self.proc)
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}\n{self.log_path.read_text(errors='replace')[-3000:]}") from None
        return self

    def stop(self) -> None:
        super().stop()
        if getattr(self, "_log", None):
            self._log.close()


@pytest.fixture
def pg_instances(tmp_path, pg_url):
    """start(n=1, **env) -> [PgService]: counter instances sharing one manifest and one database."""
    started: list[PgService] = []

    def start(n: int = 1, **env) -> list[PgService]:
        fresh = [PgService(tmp_path, pg_url, **env).start() for _ in range(n)]
        started.extend(fresh)
        return fresh

    yield start
    for svc in started:
        svc.stop()
