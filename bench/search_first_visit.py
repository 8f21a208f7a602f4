"""Where a reader's first visit to /search/?q=... spends its time, measured in the page (Chromium, loopback).

    .venv/bin/python bench/search_first_visit.py --index bench/out/search-compare/fts5-10000/index --visits 7

Each visit is a fresh browser context (empty HTTP cache, no cookies) navigating to the search page with a query;
the browser itself is started once, before, and context start is timed apart (it is not part of a reader's
visit). Times are milliseconds from the navigation's start (performance.timeOrigin), read from the page:
Navigation Timing for the document, Resource Timing for every file and API call, the page's own marks
(`search-start`: search.js began to run; `search-shown`: results or the no-results message are in the page) and
the first paint after it (a requestAnimationFrame callback registered at the mark runs before that frame's
paint; the frame after it is the one that shows the results). The page is served as the compare bench serves
it (theme/static/js/search.js, the search service in the same uvicorn process). Baseline in the same run: the
same page without search-early.js (/search-late/), visited in turn with it. Prints the median of every step
over the visits, the load average before and after, and peak memory of the server.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
from peak_memory import PeakSampler
from search_compare import ARGS, CHROMIUM, serve_root, start_server

# Registered before any page script: the first paint after the results are in the page.
WATCH_PAINT = """
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.name !== "search-shown" || window.__painted) continue;
    window.__painted = true;
    requestAnimationFrame(() => requestAnimationFrame((t) => performance.mark("search-painted")));
  }
}).observe({ type: "mark", buffered: true });
"""
COLLECT = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const mark = (name) => (performance.getEntriesByName(name)[0] || {}).startTime;
  const paints = Object.fromEntries(performance.getEntriesByType("paint").map((p) => [p.name, p.startTime]));
  const files = performance.getEntriesByType("resource").map((r) => ({ name: new URL(r.name).pathname + new URL(r.name).search,
    type: r.initiatorType, start: r.startTime, end: r.responseEnd, bytes: r.transferSize }));
  return { responseStart: nav.responseStart, responseEnd: nav.responseEnd, domInteractive: nav.domInteractive,
    domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, fcp: paints["first-contentful-paint"],
    scriptStart: mark("search-start"), shown: mark("search-shown"), painted: mark("search-painted"), files,
    status: document.querySelector(".search-status").textContent };
}"""


def kind(path: str) -> str:
    """A short name for a file of the page."""
    if path.startswith("/api/search/filters"):
        return "api filters"
    if path.startswith("/api/search"):
        return "api search"
    if path.startswith("/api/"):
        return "api other"
    name = path.rsplit("/", 1)[-1].split("?")[0]
    return name.split(".")[0] + "." + name.rsplit(".", 1)[-1] if "." in name else name


def without_early(root: Path) -> None:
    """/search-late/: the same page without search-early.js (the query asked by search.js alone), to compare."""
    page = (root / "search/index.html").read_text(encoding="utf-8")
    late = re.sub(r'<script src="[^"]*search-early[^"]*"[^>]*></script>\s*', "", page)
    assert late != page, "search-early.js not in the page"
    (root / "search-late").mkdir(exist_ok=True)
    (root / "search-late/index.html").write_text(late, encoding="utf-8")


def visit(browser, base: str, q: str, timing, path: str = "/search/") -> dict:
    import time

    started = time.perf_counter()
    context = browser.new_context()
    context.add_init_script(WATCH_PAINT)
    page = context.new_page()
    ready = time.perf_counter()
    page.goto(f"{base}{path}?q={quote(q)}", wait_until="commit")
    page.wait_for_function("performance.getEntriesByName('search-painted').length > 0", timeout=60_000)
    out = page.evaluate(COLLECT)
    out["context_ms"] = (ready - started) * 1000
    context.close()
    timing.append(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True, help="a search index folder (the compare bench's)")
    parser.add_argument("--visits", type=int, default=7)
    parser.add_argument("--queries", nargs="+", default=["จังหวัด", "ราชการ", "แต่ ให้", "ฮอลลีวูด"])
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "search-compare")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    root = serve_root(args.work, "fts5", args.index.parent)
    without_early(root)
    server, base = start_server(root, args.index)
    visits: list[dict] = []
    late: list[dict] = []
    try:
        with PeakSampler(server.pid) as served, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            launch = visit(browser, base, args.queries[0], [])  # the browser's own first page: not counted
            for i in range(args.visits):  # the two pages in turn, under the same load
                visit(browser, base, args.queries[i % len(args.queries)], visits)
                visit(browser, base, args.queries[i % len(args.queries)], late, "/search-late/")
            browser.close()
    finally:
        server.terminate()
        server.wait()
    load_after = os.getloadavg()
    print("\n## /search/ (as built: search-early.js asks from <head>)")
    report(visits, load_before, load_after, served.peak)
    print("\n## baseline, same run: /search-late/ (the page without search-early.js: search.js asks)")
    report(late, load_before, load_after, served.peak)
    for name, key in (("results in the page", "shown"), ("results painted", "painted")):
        a, b = (statistics.median(v[key] for v in vs) for vs in (visits, late))
        print(f"{name}: median {a:.0f} ms vs {b:.0f} ms without search-early.js (ratio {a / b:.2f})")
    print(f"\n(not counted: the browser's first page after launch: results painted at {launch['painted']:.0f} ms, "
          f"search.js started at {launch['scriptStart']:.0f} ms)")
    if args.json:
        args.json.write_text(json.dumps({"early": visits, "late": late}, ensure_ascii=False, indent=1), encoding="utf-8")


def report(visits: list[dict], load_before, load_after, peak: int) -> None:
    med = lambda values: statistics.median(v for v in values if v is not None)  # noqa: E731
    steps = [("browser context + tab (not in the visit)", [v["context_ms"] for v in visits]),
             ("document: first byte", [v["responseStart"] for v in visits]),
             ("document: last byte", [v["responseEnd"] for v in visits]),
             ("DOM parsed (domInteractive)", [v["domInteractive"] for v in visits])]
    files: dict[str, list[tuple[float, float]]] = {}
    for v in visits:
        for f in v["files"]:
            files.setdefault(kind(f["name"]), []).append((f["start"], f["end"]))
    for name, spans in sorted(files.items(), key=lambda kv: med(s for s, _ in kv[1])):
        steps.append((f"{name}: requested → received", None, med(s for s, _ in spans), med(e for _, e in spans)))
    steps += [("search.js starts running", [v["scriptStart"] for v in visits]),
              ("first contentful paint", [v["fcp"] for v in visits]),
              ("DOMContentLoaded done", [v["domContentLoaded"] for v in visits]),
              ("**results in the page (search-shown)**", [v["shown"] for v in visits]),
              ("**results painted (next frame)**", [v["painted"] for v in visits]),
              ("load event done", [v["load"] for v in visits])]
    print(f"\n{len(visits)} fresh contexts; load average before {load_before[0]:.2f} / after {load_after[0]:.2f} "
          f"(1 min), server peak {peak / 2**20:.0f} MB")
    print("\n| step (ms from navigation start) | median | min | max |\n| --- | --- | --- | --- |")
    for step in steps:
        if len(step) == 4:
            print(f"| {step[0]} | {step[2]:.0f} → {step[3]:.0f} | | |")
            continue
        values = [x for x in step[1] if x is not None]
        print(f"| {step[0]} | {statistics.median(values):.0f} | {min(values):.0f} | {max(values):.0f} |")


if __name__ == "__main__":
    main()
