"""Load the read-counter on loopback with wrk: SQLite, PostgreSQL with one and with two instances, and a minimal
SQLite-upsert app as the baseline, all in the same run (interleaved rounds, medians).

    python bench/counter_load.py [--duration 5] [--rounds 3] [--connections 32] [--synchronous FULL]
                                 [--modes sqlite,reference,postgresql,postgresql-2,postgresql-nogather]

Prints, per mode: accepted (counted, committed) reads/s, p50/p99 latency, server CPU per read (every server
process: the instances plus, for PostgreSQL, the postmaster and its backends) and the ratio to the SQLite
service; `postgresql-nogather` is one instance with READCOUNTER_COMMIT_GATHER=0 (what the gather wait buys). Every
read is a new reader (wrk script counter_reads.lua). PostgreSQL runs in a throwaway cluster
(readcounter.throwaway_postgres) with fsync and synchronous_commit on, like SQLite with synchronous=FULL.
Needs Debian's `wrk` and `postgresql`. Only loopback traffic and Unix sockets; each run is bounded by --duration.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
LUA = Path(__file__).with_name("counter_reads.lua")
STORIES = 200
READER_SPAN = 1_500_000  # readers per wrk process: distinct (address, story) pairs repeat every 3,276,800


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc) -> None:
    for _ in range(600):
        if proc.poll() is not None:
            sys.exit(f"server exited: {proc.returncode}")
        try:
            if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    sys.exit("server did not start")


def wrk(url: str, seconds: float, connections: int, cpu: str | None, first_reader: int = 0) -> dict:
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "5s",
           "-s", str(LUA), url, "/api/reads/", str(first_reader)]
    if cpu:
        cmd = ["taskset", "-c", cpu, *cmd]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    match = re.search(r"RESULT (.*)", out)
    if not match:
        sys.exit(f"wrk gave no result:\n{out}")
    return {k: int(v) for k, v in (kv.split("=") for kv in match.group(1).split())}


def cpu_seconds(pids) -> float:
    """user+system CPU time of processes (and their threads); robust to other load on a shared machine."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def pss_bytes(pids) -> int:
    """Memory of a process tree as the sum of PSS (shared pages, e.g. PostgreSQL's shared buffers, split between the
    processes sharing them instead of counted once per process as RSS would)."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
        except (FileNotFoundError, PermissionError):
            pass
    return total


def sqlite_counted(db: Path, table: str):
    def count() -> int:
        with sqlite3.connect(db) as conn:
            return conn.execute(f"SELECT COALESCE(SUM(reads), 0) FROM {table}").fetchone()[0]

    return count


def postgres_counted(url: str):
    import psycopg

    def count() -> int:
        with psycopg.connect(url) as conn:
            return conn.execute("SELECT COALESCE(SUM(reads), 0)::bigint FROM reads_total").fetchone()[0]

    return count


class Mode:
    """One setup under test (one or more server processes), running for the whole benchmark."""

    def __init__(self, name, cmds, env, count, args, extra_pids=lambda: []):
        self.name, self.count, self.args, self.extra_pids = name, count, args, extra_pids
        self.urls, self.procs = [], []
        for cmd in cmds:
            port = free_port()
            if args.server_cpu:
                cmd = ["taskset", "-c", args.server_cpu, *cmd]
            self.procs.append(subprocess.Popen([c.replace("{port}", str(port)) for c in cmd], env=env, cwd=ROOT))
            self.urls.append(f"http://127.0.0.1:{port}")
        for url, proc in zip(self.urls, self.procs):
            wait_healthy(url, proc)
        self.readers = 0
        self.runs = []

    def pids(self) -> list[int]:
        return [p.pid for p in self.procs] + list(self.extra_pids())

    def run(self, seconds: float, record: bool = True) -> None:
        pids = self.pids()
        before, cpu_before = self.count(), cpu_seconds(pids)
        own_before = cpu_seconds([p.pid for p in self.procs])
        share = max(1, self.args.connections // len(self.urls))
        with ThreadPoolExecutor(len(self.urls)) as pool:  # one wrk per instance, at the same time
            results = list(pool.map(
                lambda i: wrk(self.urls[i], seconds, share, self.args.client_cpu,
                              first_reader=self.readers + i * READER_SPAN), range(len(self.urls))))
        after, cpu_after = self.count(), cpu_seconds(self.pids())
        own_after = cpu_seconds([p.pid for p in self.procs])
        requests = sum(r["requests"] for r in results)
        self.readers += max(r["requests"] for r in results) + 1000
        seconds = max(r["duration_us"] for r in results) / 1e6
        accepted = after - before
        if record:
            self.runs.append({
                "requests_per_s": requests / seconds,
                "accepted_reads_per_s": accepted / seconds,
                "cpu_us_per_read": (cpu_after - cpu_before) * 1e6 / max(1, accepted),
                "instance_cpu_us_per_read": (own_after - own_before) * 1e6 / max(1, accepted),
                "p50_ms": statistics.mean(r["p50_us"] for r in results) / 1000,
                "p99_ms": max(r["p99_us"] for r in results) / 1000,
                "non2xx": sum(r["non2xx"] for r in results),
                "errors": sum(r["errors"] for r in results),
                "pss_mb": pss_bytes(self.pids()) / 2**20,
            })

    def summary(self) -> dict:
        """Median of the rounds for each figure (the machine is shared, rounds are interleaved)."""
        keys = self.runs[0].keys()
        return {"name": self.name, "rounds": len(self.runs),
                **{k: statistics.median(r[k] for r in self.runs) for k in keys}}

    def stop(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            proc.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=5, help="seconds per measured run")
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved measured runs per mode (median)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections in all (split over instances)")
    parser.add_argument("--synchronous", default="FULL", help="SQLite synchronous for both SQLite apps")
    parser.add_argument("--modes", default="sqlite,reference,postgresql,postgresql-2",
                        help="comma list of: sqlite, reference, postgresql (1 instance), postgresql-2 (2 instances)")
    parser.add_argument("--server-cpu", default="0", help="taskset CPU list for every server process ('' = any)")
    parser.add_argument("--client-cpu", default="1", help="taskset CPU list for wrk ('' = any)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    args = parser.parse_args()
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")

    cluster = None
    with tempfile.TemporaryDirectory(prefix="counter-bench-") as tmp:
        tmp = Path(tmp)
        manifest = tmp / "stories.json"
        manifest.write_text(json.dumps({"stories": {f"story-{i}": {"legacy_reads": 0} for i in range(STORIES)}}))
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "READCOUNTER_DB": str(tmp / "counter.sqlite3"),
            "READCOUNTER_MANIFEST": str(manifest),
            "READCOUNTER_TRUSTED_PROXIES": "127.0.0.1",
            "READCOUNTER_SYNCHRONOUS": args.synchronous,
            "READCOUNTER_RATE_LIMIT": "100000000",
        }
        counter_cmd = [sys.executable, "-m", "readcounter", "--port", "{port}"]
        running: list[Mode] = []
        try:
            if "sqlite" in modes:
                running.append(Mode("SQLite, 1 instance", [counter_cmd], env,
                                    sqlite_counted(tmp / "counter.sqlite3", "reads_total"), args))
            if "reference" in modes:
                running.append(Mode("reference (SQLite upsert per request)",
                                    [[sys.executable, str(Path(__file__).with_name("reference_app.py")), "{port}",
                                      str(tmp / "reference.sqlite3"), args.synchronous]],
                                    env, sqlite_counted(tmp / "reference.sqlite3", "reads"), args))
            if {"postgresql", "postgresql-2", "postgresql-nogather"} & set(modes):
                from readcounter.throwaway_postgres import ThrowawayCluster

                cluster = ThrowawayCluster(cpu=args.server_cpu or None).start()
                for name, n, gather in (("postgresql", 1, ""), ("postgresql-2", 2, ""),
                                        ("postgresql-nogather", 1, "0")):
                    if name in modes:
                        url = cluster.create_database(name.replace("-", "_"))
                        label = f"PostgreSQL, {n} instance{'s' if n > 1 else ''}" + (", no gather" if gather else "")
                        running.append(Mode(label, [counter_cmd] * n,
                                            {**env, "READCOUNTER_DATABASE_URL": url,
                                             "READCOUNTER_COMMIT_GATHER": gather}, postgres_counted(url), args,
                                            extra_pids=cluster.postmaster_pids))
            for mode in running:
                mode.run(args.warmup, record=False)
            for _ in range(args.rounds):
                for mode in running:
                    mode.run(args.duration)
        finally:
            for mode in running:
                mode.stop()
            if cluster:
                cluster.destroy()
        results = [mode.summary() for mode in running]

    print(f"wrk -t1 -c{args.connections} in all (split over instances), median of {args.rounds} interleaved "
          f"{args.duration:g}s runs on loopback; SQLite synchronous={args.synchronous}, PostgreSQL fsync=on "
          f"synchronous_commit=on; server processes on CPU {args.server_cpu or 'any'}, wrk on CPU "
          f"{args.client_cpu or 'any'}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    for mode in running:
        rounds = ", ".join(f"{r['accepted_reads_per_s']:,.0f}/s p99 {r['p99_ms']:.1f} ms" for r in mode.runs)
        print(f"  rounds of {mode.name}: {rounds}")
    base = next((r for r in results if r["name"].startswith("SQLite")), None)
    print(f"  {'mode':<38} {'reads/s':>9} {'p50 ms':>7} {'p99 ms':>7} {'CPU us/read':>11} {'(instances)':>11}"
          f" {'PSS MB':>7} {'ratio':>6}  non-2xx errors")
    for r in results:
        ratio = r["accepted_reads_per_s"] / base["accepted_reads_per_s"] if base else float("nan")
        print(f"  {r['name']:<38} {r['accepted_reads_per_s']:>9,.0f} {r['p50_ms']:>7.2f} {r['p99_ms']:>7.2f}"
              f" {r['cpu_us_per_read']:>11.0f} {r['instance_cpu_us_per_read']:>11.0f} {r['pss_mb']:>7.0f}"
              f" {ratio:>6.2f}  {r['non2xx']:.0f} {r['errors']:.0f}")
    pg = next((r for r in results if r["name"] == "PostgreSQL, 1 instance"), None)
    if base and pg:
        ratio = pg["accepted_reads_per_s"] / base["accepted_reads_per_s"]
        print(f"  goal PostgreSQL >= 0.7x SQLite (same run): {ratio:.2f} -> {'met' if ratio >= 0.7 else 'NOT met'}")
        print(f"  per core, from CPU per read: SQLite ~{1e6 / base['cpu_us_per_read']:,.0f} reads/s, PostgreSQL "
              f"~{1e6 / pg['cpu_us_per_read']:,.0f} reads/s (instances {pg['instance_cpu_us_per_read']:.0f} us + "
              f"database {pg['cpu_us_per_read'] - pg['instance_cpu_us_per_read']:.0f} us per read)")
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
