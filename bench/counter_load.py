"""Load the read-counter on loopback with wrk and compare with a minimal SQLite-upsert app.

    python bench/counter_load.py [--duration 10] [--connections 32] [--synchronous FULL]

Prints, for our service and for bench/reference_app.py measured in the same run: accepted (counted,
committed) reads/s, p50/p99 latency, and the ratio. Needs Debian's `wrk` (apt-get install wrk).
Only loopback traffic; each run is bounded by --duration.
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
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
LUA = Path(__file__).with_name("counter_reads.lua")
STORIES = 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            sys.exit(f"server exited: {proc.returncode}")
        try:
            if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
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


def cpu_seconds(pid: int) -> float:
    """user+system CPU time of a process and its threads (robust to other load on a shared machine)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def counted(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT COALESCE(SUM(reads), 0) FROM {table}").fetchone()[0]


class Server:
    """One app under test, running for the whole benchmark."""

    def __init__(self, name, cmd, env, db, table, args):
        self.name, self.db, self.table, self.args = name, db, table, args
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        if args.server_cpu:
            cmd = ["taskset", "-c", args.server_cpu, *cmd]
        self.proc = subprocess.Popen([c.replace("{port}", str(self.port)) for c in cmd], env=env, cwd=ROOT)
        wait_healthy(self.url, self.proc)
        self.pid = self.proc.pid
        if args.server_cpu:  # taskset execs the server: same pid
            pass
        self.readers = 0
        self.runs = []

    def run(self, seconds: float, record: bool = True) -> None:
        before, cpu_before = counted(self.db, self.table), cpu_seconds(self.pid)
        result = wrk(self.url, seconds, self.args.connections, self.args.client_cpu, first_reader=self.readers)
        after, cpu_after = counted(self.db, self.table), cpu_seconds(self.pid)
        self.readers += result["requests"] + 1000
        seconds = result["duration_us"] / 1e6
        if record:
            self.runs.append({
                "requests_per_s": result["requests"] / seconds,
                "accepted_reads_per_s": (after - before) / seconds,
                "cpu_us_per_read": (cpu_after - cpu_before) * 1e6 / max(1, after - before),
                "p50_ms": result["p50_us"] / 1000,
                "p99_ms": result["p99_us"] / 1000,
                "non2xx": result["non2xx"],
                "errors": result["errors"],
            })

    def summary(self) -> dict:
        """Median of the rounds for each figure (the machine is shared, rounds are interleaved)."""
        keys = self.runs[0].keys()
        return {"name": self.name, "rounds": len(self.runs), **{k: statistics.median(r[k] for r in self.runs) for k in keys}}

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=5, help="seconds per measured run")
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved measured runs per app (median)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--synchronous", default="FULL", help="SQLite synchronous for both apps: FULL or NORMAL")
    parser.add_argument("--server-cpu", default="0", help="taskset CPU list for the servers ('' = no pinning)")
    parser.add_argument("--client-cpu", default="1", help="taskset CPU list for wrk ('' = no pinning)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")

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
        }
        servers = [
            Server("readcounter", [sys.executable, "-m", "readcounter", "--port", "{port}"],
                   env, tmp / "counter.sqlite3", "reads_total", args),
            Server("reference (SQLite upsert per request)",
                   [sys.executable, str(Path(__file__).with_name("reference_app.py")), "{port}",
                    str(tmp / "reference.sqlite3"), args.synchronous],
                   env, tmp / "reference.sqlite3", "reads", args),
        ]
        try:
            for server in servers:
                server.run(args.warmup, record=False)
            for _ in range(args.rounds):
                for server in servers:
                    server.run(args.duration)
        finally:
            for server in servers:
                server.stop()
        ours, ref = (server.summary() for server in servers)

    print(f"wrk -t1 -c{args.connections}, median of {args.rounds} interleaved {args.duration:g}s runs on loopback, synchronous={args.synchronous}, "
          f"server cpu {args.server_cpu or 'any'}, wrk cpu {args.client_cpu or 'any'}")
    for server in servers:
        rounds = ", ".join(f"{r['accepted_reads_per_s']:,.0f}/s p99 {r['p99_ms']:.1f} ms" for r in server.runs)
        print(f"  rounds of {server.name}: {rounds}")
    for r in (ours, ref):
        print(f"  {r['name']:<40} accepted {r['accepted_reads_per_s']:>9,.0f} reads/s   "
              f"server CPU {r['cpu_us_per_read']:5.0f} us/read   p50 {r['p50_ms']:6.2f} ms   p99 {r['p99_ms']:6.2f} ms   non-2xx {r['non2xx']}  errors {r['errors']}")
    ratio = ours["accepted_reads_per_s"] / ref["accepted_reads_per_s"]
    print(f"  ratio readcounter/reference (accepted reads/s): {ratio:.2f}")
    print(f"  goal: >= 10,000 reads/s at p99 < 10 ms, ratio >= 0.8 -> "
          f"{'met' if ours['accepted_reads_per_s'] >= 10000 and ours['p99_ms'] < 10 and ratio >= 0.8 else 'NOT met'}")
    if args.json:
        print(json.dumps({"readcounter": ours, "reference": ref, "ratio": ratio}))


if __name__ == "__main__":
    main()
