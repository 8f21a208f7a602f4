"""The newsroom with 10,000 stories: the story list's and the save's latency (p50/p99) against serving a static
file from the same server in the same run, and the server's peak memory.

    .venv/bin/python bench/newsroom.py [--stories 10000] [--requests 300] [--saves 150]

A real `python -m newsroom serve` (uvicorn, its index of story headers in SQLite, real git) on a corpus of
synthetic Thai stories (bench/corpus.py) committed to a fresh git repository. The baseline is the newsroom's own
stylesheet served by the same process (same middleware, same loopback client). A save is "บันทึกร่าง" of a draft
through the form (CSRF, form parsing, the build's checks, write + git commit, index refresh): no build runs.
Goals (issue 13): list p99 < 100 ms, save p99 < 200 ms.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
from corpus import write_corpus  # noqa: E402  (bench/, the script's own folder)

PASSWORD = "รหัสผ่านยาวพอ-2569"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
BLOB = re.compile(r'name="base_blob" value="([^"]*)"')


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def tree_peak_rss_kb(pid: int) -> int:
    """Peak RSS (VmHWM) of a process and its children, summed."""
    total = 0
    pids = [pid]
    try:
        pids += [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and its waited-for children (git, builds): utime + stime + cutime + cstime."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=bench", "-c", "user.email=", *args], check=True,
                   capture_output=True)


def timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300, help="requests per list/static measurement")
    parser.add_argument("--saves", type=int, default=150)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-newsroom-"))
    content = write_corpus(args.stories, work / "content")
    git(content, "init", "-q", "-b", "main")
    git(content, "add", "-A")
    git(content, "commit", "-q", "-m", "corpus")
    conf = work / "site_settings.py"
    conf.write_text("from pelicanconf import *  # noqa\n"
                    f"PATH = {str(content)!r}\nOUTPUT_PATH = {str(work / 'output')!r}\nCACHE_PATH = {str(work / 'cache')!r}\n")
    env = {**os.environ, "NEWSROOM_DB": str(work / "newsroom.sqlite3"), "NEWSROOM_CONTENT": str(content),
           "NEWSROOM_SITE_SETTINGS": str(conf), "NEWSROOM_WORK": str(work / "work"),
           "NEWSROOM_CACHE": str(ROOT / "cache")}
    for name, role, agency in (("chief", "editor", "--all-agencies"), ("lpg.writer", "writer", "--agency=LPG")):
        subprocess.run([sys.executable, "-m", "newsroom", "users", "add", name, "--role", role, agency],
                       input=f"{PASSWORD}\n", text=True, env=env, cwd=ROOT, check=True, capture_output=True)
    port = 18000 + os.getpid() % 1000
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "newsroom", "serve", "--port", str(port)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:  # the lifespan scans content/ into the index before the server listens
            try:
                httpx.get(f"{base}/newsroom/login", timeout=1)
                break
            except httpx.TransportError:
                if server.poll() is not None:
                    raise RuntimeError(server.stderr.read().decode()) from None
                time.sleep(0.2)
        scan = time.perf_counter() - started
        def login(name) -> httpx.Client:
            client = httpx.Client(base_url=base, timeout=30)
            token = CSRF.search(client.get("/newsroom/login").text).group(1)
            client.post("/newsroom/login", data={"csrf": token, "name": name, "password": PASSWORD})
            return client
        web = login("lpg.writer")
        csrf = CSRF.search(web.get("/newsroom/stories/new").text).group(1)
        form = {"title": "ข่าวทดสอบความเร็ว", "date": "1 ธันวาคม 2569 09:30", "reporter": "นายทดสอบ", "editor": "",
                "agency": "ส.ปชส.ลำปาง", "province": "", "category": "ข่าวภูมิภาค", "tags": "ลำไย",
                "summary": "สรุป", "image_path": "", "image_caption": "", "image_alt": "", "correction": "",
                "body": "ย่อหน้าแรก\n\nย่อหน้าที่สอง", "csrf": csrf, "action": "save"}
        drafts = []
        first_saves = []
        for n in range(max(5, args.saves // 5)):
            start = time.perf_counter()
            made = web.post("/newsroom/stories/new", data={**form, "title": f"ข่าวทดสอบความเร็ว {n}"})
            first_saves.append((time.perf_counter() - start) * 1000)
            assert made.status_code == 303, made.text[:500]
            drafts.append(made.headers["location"].split("?")[0])
        saves, cpu = [], 0.0
        for n in range(args.saves):
            url = drafts[n % len(drafts)]
            blob = BLOB.search(web.get(url).text).group(1)
            before = cpu_seconds(server.pid)
            start = time.perf_counter()
            saved = web.post(url, data={**form, "body": f"ย่อหน้าแรก ฉบับที่ {n}\n\nย่อหน้าที่สอง", "base_blob": blob})
            saves.append((time.perf_counter() - start) * 1000)
            cpu += cpu_seconds(server.pid) - before
            assert saved.status_code == 303, saved.text[:500]
        save_cpu = cpu / args.saves * 1000
        web = login("chief")
        cases = {
            "static file (baseline)": "/newsroom/static/newsroom.css",
            "list: all stories, page 1": "/newsroom/",
            "list: headline search": "/newsroom/?q=%E0%B8%A5%E0%B8%87%E0%B8%9E%E0%B8%B7%E0%B9%89%E0%B8%99%E0%B8%97%E0%B8%B5%E0%B9%88",
            "list: agency + status filter": "/newsroom/?agency=LPG&status=published",
            "list: page 100": "/newsroom/?page=100",
        }
        results = {name: [] for name in cases}
        rounds = 5
        for _ in range(rounds):  # interleaved, so a busy moment of the machine hits every case alike
            for name, path in cases.items():
                results[name] += timed(lambda p=path: web.get(p).raise_for_status(), args.requests // rounds)
        peak = tree_peak_rss_kb(server.pid)
        listed = web.get("/newsroom/").text
        shown = re.search(r"พบ ([\d,]+) เรื่อง", listed).group(1)
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)
    baseline = statistics.median(results["static file (baseline)"])
    print(f"newsroom bench: {args.stories:,} stories ({shown} listed), server up with the index built in {scan:.1f} s")
    print(f"{'case':34} {'p50 ms':>8} {'p99 ms':>8} {'p50 / static':>13}")
    rows = [*results.items(), ("save: first save of a new draft", first_saves), ("save: บันทึกร่าง of a draft", saves)]
    for name, values in rows:
        p50, p99 = percentile(values, 50), percentile(values, 99)
        print(f"{name:34} {p50:8.1f} {p99:8.1f} {p50 / baseline:12.1f}x")
    print(f"server peak RSS (VmHWM, process tree): {peak / 1024:.0f} MB; CPU per save (server + its git "
          f"processes): {save_cpu:.0f} ms; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    list_p99 = max(percentile(v, 99) for k, v in results.items() if k.startswith("list"))
    save_p99 = percentile(saves, 99)
    ok = list_p99 < 100 and save_p99 < 200
    print(f"goals: list p99 {list_p99:.0f} ms (< 100), save p99 {save_p99:.0f} ms (< 200): {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
