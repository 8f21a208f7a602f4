"""Peak resident memory of a command and all its child processes (the sum of their RSS, sampled from /proc).

GNU time's %M is the largest single process only; a build that starts Pagefind or a process pool needs the sum.
"""
from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_rss(pid: int) -> int:
    """Bytes resident in `pid` and every process below it, now."""
    tree, total, todo = _children(), 0, [pid]
    while todo:
        p = todo.pop()
        todo += tree.get(p, [])
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


class PeakSampler:
    """Samples tree_rss(pid) every `interval` seconds until stopped; .peak is the largest sum seen."""

    def __init__(self, pid: int, interval: float = 0.1):
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def run_measured(cmd: list[str], **kwargs) -> tuple[float, int, subprocess.CompletedProcess]:
    """Run `cmd`; (wall seconds, peak RSS bytes of its process tree, the completed process)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    with PeakSampler(proc.pid) as sampler:
        out, err = proc.communicate()
    took = time.perf_counter() - start
    return took, sampler.peak, subprocess.CompletedProcess(cmd, proc.returncode, out, err)


if __name__ == "__main__":
    import sys

    seconds, peak, done = run_measured(sys.argv[1:])
    print(f"{seconds:.1f} s, peak RSS of all processes {peak / 2**20:.0f} MiB, exit {done.returncode}",
          file=sys.stderr)
    os._exit(done.returncode)
