"""Lighthouse (mobile) scores of a production build of the real content, served on loopback.

    make lighthouse                              # once: Lighthouse 12.2.3 from npm into .tools/node
    .venv/bin/python bench/lighthouse.py [--runs 3] [--pages home,story,list,search]

Builds content/ with publishconf.py (SITEURL as in production; Chromium resolves that host name to loopback), serves it
as production does: Debian's nginx on deploy/nginx/nuea-news.conf (HTTPS, HTTP/2, the precompressed files, the CSP
and caching headers; tests/publish/nginx_harness.py) with the read counter (`python -m readcounter`) behind /api
(--server local: `make serve`'s scripts/serve.py instead, uncompressed HTTP/1.1), and runs
Lighthouse's default mobile profile (Moto G Power, simulated slow 4G, 4x CPU slow-down) with Debian's Chromium
(CHROME_PATH) --runs times per page. Prints the median score of each category per page, then every audit that
kept a page below 100 in its median run. The JSON reports are kept in bench/out/lighthouse/. Baseline in the same
run: a plain page (one <h1> and a paragraph, no CSS, no JS) served by the same server, which shows what the
machine and the throttling alone cost.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from test_modules import test_module

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / ".tools" / "node" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PRODUCTION = "https://nuea-news.example.go.th"  # publishconf.py's placeholder address; nginx's server_name
PRODUCTION_HOST = "nuea-news.example.go.th"
REPORTS = ROOT / "bench" / "out" / "lighthouse"
PAGES = {"home": "/", "story": "/news/cmi-yi-peng-festival/", "list": "/province/lampang/",
         "search": "/search/?q=" + "ราชการ", "baseline": "/bench-baseline/"}
BASELINE = """<!DOCTYPE html><html lang="th"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>หน้าเปล่า</title>
<meta name="description" content="หน้าทดสอบเปล่าสำหรับวัดค่าพื้นฐาน"><link rel="icon" href="/favicon.ico"></head>
<body><main><h1>หน้าเปล่า</h1><p>หน้าทดสอบที่ไม่มี CSS และ JavaScript</p></main></body></html>
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def publish(work: Path, siteurl: str) -> Path:
    """`make publish` of content/ into work/output (publishconf.py; counts: legacy only)."""
    conf = work / "publishconf_bench.py"
    overrides = {"PATH": str(ROOT / "content"), "OUTPUT_PATH": str(work / "output"), "CACHE_PATH": str(work / "cache"),
                 "READ_COUNTS_SOURCE": str(work / "no-counter.sqlite3")}
    conf.write_text("from publishconf import *\n"
                    + "".join(f"{k} = {v!r}\n" for k, v in overrides.items()), encoding="utf-8")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build.py"), "-s", str(conf)], cwd=ROOT,
                   env={**os.environ, "SITEURL": siteurl}, check=True, capture_output=True)
    baseline = work / "output" / "bench-baseline" / "index.html"
    baseline.parent.mkdir(parents=True, exist_ok=True)
    baseline.write_text(BASELINE, encoding="utf-8")
    return work / "output"


def wait_for(url: str, seconds: float = 60) -> None:
    """Until `url` answers 200 (the search service loads PyThaiNLP before it opens its port)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def serve(work: Path, output: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "READCOUNTER_DB": str(work / "reads.sqlite3"),
           "READCOUNTER_MANIFEST": str(output / "api" / "stories.json")}
    server = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "serve.py"), "--port", str(port),
                               "--output", str(output)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the local server did not start")


def serve_nginx(work: Path, output: Path, api_port: int):
    """nginx on the shipped site file (test paths and ports), the counter and the search service behind it;
    (processes, https port)."""
    nginx_harness = test_module("nginx_harness", "publish/nginx_harness.py")

    counter = subprocess.Popen([sys.executable, "-m", "readcounter", "--host", "127.0.0.1", "--port", str(api_port)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "READCOUNTER_DB": str(work / "reads.sqlite3"),
                                    "READCOUNTER_MANIFEST": str(output / "api" / "stories.json"),
                                    "READCOUNTER_TRUSTED_PROXIES": "127.0.0.1",
                                    "READCOUNTER_ALLOWED_ORIGINS": PRODUCTION})  # as the systemd unit sets it
    search_port = free_port()  # the search page asks the search service, as in production
    search = subprocess.Popen([sys.executable, "-m", "searchservice", "--host", "127.0.0.1",
                               "--port", str(search_port)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "SEARCHSERVICE_INDEX": str(work / "var" / "search")})
    wait_for(f"http://127.0.0.1:{search_port}/api/search/health")
    setup = nginx_harness.write_test_config(work / "nginx", output, api_port, search_port=search_port)
    return [nginx_harness.start(setup), counter, search], setup.https_port


def lighthouse(url: str, report: Path, resolve: str = "") -> dict:
    """One Lighthouse run (default mobile profile) on `url`; its JSON report. `resolve`: a host-resolver rule."""
    flags = ("--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
             "--ignore-certificate-errors")  # nginx's throw-away certificate
    if resolve:
        flags += f' --host-resolver-rules="{resolve}"'
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}", "--locale=en-US"]
    subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True,
                   timeout=300)
    return json.loads(report.read_text(encoding="utf-8"))


def scores(result: dict) -> dict[str, int]:
    return {c: round(100 * (result["categories"][c]["score"] or 0)) for c in CATEGORIES}


def blockers(result: dict) -> list[str]:
    """The audits that cost a category points: weighted, scored and below 1."""
    found = []
    for name in CATEGORIES:
        for ref in result["categories"][name]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] > 0 and audit.get("score") is not None and audit["score"] < 1:
                value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                found.append(f"{name}: {ref['id']} = {audit['score']:.2f}{value}")
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", default=",".join(PAGES), help="comma list of: " + ", ".join(PAGES))
    parser.add_argument("--server", choices=("nginx", "local"), default="nginx")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"Lighthouse is not installed at {LIGHTHOUSE}: run `make lighthouse`")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROME_PATH)")
    pages = [p for p in args.pages.split(",") if p]
    work = Path(tempfile.mkdtemp(prefix="nuea-lighthouse-"))
    REPORTS.mkdir(parents=True, exist_ok=True)
    try:
        started = time.monotonic()
        if args.server == "nginx":  # the production build as is; Chromium resolves its host name to nginx
            base = PRODUCTION
            output = publish(work, base)
            processes, port = serve_nginx(work, output, free_port())
            resolve = f"MAP {PRODUCTION_HOST}:443 127.0.0.1:{port}"
        else:
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            output = publish(work, base)
            processes, resolve = [serve(work, output, port)], ""
        print(f"production build of content/ and servers: {time.monotonic() - started:.1f} s", flush=True)
        try:
            table, notes = {}, {}
            for name in pages:
                runs = []
                for n in range(args.runs):
                    result = lighthouse(base + PAGES[name], REPORTS / f"{name}-{n + 1}.json", resolve)
                    runs.append((scores(result), result))
                    print(f"  {name} run {n + 1}: {runs[-1][0]}", flush=True)
                median = {c: statistics.median(s[c] for s, _ in runs) for c in CATEGORIES}
                table[name] = median
                middle = sorted(runs, key=lambda r: r[0]["performance"])[len(runs) // 2][1]
                audits = middle["audits"]
                notes[name] = blockers(middle) + [
                    f"metrics: LCP {audits['largest-contentful-paint']['displayValue']}, "
                    f"CLS {audits['cumulative-layout-shift']['displayValue']}, "
                    f"TBT {audits['total-blocking-time']['displayValue']}, "
                    f"FCP {audits['first-contentful-paint']['displayValue']}"]
        finally:
            for process in processes:
                process.terminate()
                process.wait(10)
        version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout.strip()
        server = "nginx (deploy/nginx)" if args.server == "nginx" else "scripts/serve.py"
        print(f"\nLighthouse {version}, mobile, median of {args.runs} runs, {base} served by {server}")
        print(f"| page | {' | '.join(CATEGORIES)} |\n| --- |" + " --- |" * len(CATEGORIES))
        for name, median in table.items():
            print(f"| {name} ({PAGES[name]}) | " + " | ".join(f"{median[c]:g}" for c in CATEGORIES) + " |")
        for name, lines in notes.items():
            print(f"\n{name}:")
            for line in lines:
                print(f"  {line}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
