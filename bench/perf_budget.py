"""Performance budget of a production build, measured in one run on the same synthetic corpus (bench/corpus.py).

    .venv/bin/python bench/perf_budget.py --stories 1000

1. Build time: `make publish` settings (every plugin, precompression) vs plain Pelican (default theme, no plugins),
   each built once to warm its caches, then timed warm (best of --runs, alternating). Budget: ratio <= 1.5, judged
   on CPU seconds (steady on a shared machine; wall clock printed beside). --breakdown: what each plugin costs.
2. A story page's HTML + CSS + JS, compressed (the .gz/.br the server sends), photo and font excluded. Budget < 100 KB.
3. No render-blocking third-party resource (stylesheet or synchronous script from another host) on any page type.
Exits 1 when a budget is missed.
"""
from __future__ import annotations

import argparse
import gzip
import resource
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import brotli

ROOT = Path(__file__).resolve().parent.parent
from build import build_argv, write_plain_conf  # noqa: E402
from corpus import fresh_corpus  # noqa: E402

SITEURL = "https://nuea-news.example.go.th"
BUILD_RATIO_BUDGET = 1.5
STORY_BYTES_BUDGET = 100 * 1024
# One page of each kind a reader can land on (site-relative); missing ones (features not merged) are reported.
PAGE_KINDS = {
    "home": "index.html", "story": "news/s00000/index.html", "province": "province/lampang/index.html",
    "agency": "agency/index.html", "section": "section/index.html", "archive": "archive/index.html",
    "search": "search/index.html", "feeds": "feeds/index.html", "404": "404.html",
}


class _Resources(HTMLParser):
    """Stylesheets, scripts and preloads of a page, with what makes them blocking or not."""

    def __init__(self):
        super().__init__()
        self.stylesheets, self.scripts, self.in_head = [], [], False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag == "link" and "stylesheet" in (a.get("rel") or "").split():
            # a stylesheet blocks rendering unless its media never matches the screen (print, the onload trick)
            self.stylesheets.append((a.get("href", ""), a.get("media", "all") not in ("print", "not all")))
        elif tag == "script" and a.get("src"):
            blocking = not ("async" in a or "defer" in a or a.get("type") == "module")
            self.scripts.append((a["src"], blocking))


def resources(html: str) -> _Resources:
    parser = _Resources()
    parser.feed(html)
    return parser


def _is_ours(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.netloc or url.startswith(SITEURL + "/")


def _local_file(output: Path, url: str) -> Path:
    path = urlsplit(url).path
    return output / path.lstrip("/")


def compressed_sizes(path: Path) -> tuple[int, int]:
    """(gzip, brotli) bytes as served: the build's .gz/.br twins, else compressed here the same way."""
    data = path.read_bytes()
    gz = path.with_name(path.name + ".gz")
    br = path.with_name(path.name + ".br")
    gz_size = gz.stat().st_size if gz.exists() else len(gzip.compress(data, 9, mtime=0))
    br_size = br.stat().st_size if br.exists() else len(brotli.compress(data, quality=11))
    return min(gz_size, len(data)), min(br_size, len(data))


def story_weight(output: Path, page: Path) -> list[tuple[str, int, int]]:
    """[(file, gzip bytes, brotli bytes)] for the page and every first-party stylesheet and script it loads."""
    found = resources(page.read_text(encoding="utf-8"))
    rows = [(str(page.relative_to(output)), *compressed_sizes(page))]
    for url in [u for u, _ in found.stylesheets] + [u for u, _ in found.scripts]:
        if _is_ours(url):
            local = _local_file(output, url)
            rows.append((str(local.relative_to(output)), *compressed_sizes(local)))
    return rows


def third_party_blockers(output: Path) -> tuple[list[str], list[str]]:
    """(blocking third-party resources as 'page: url', page kinds missing from this build)."""
    blockers, missing = [], []
    for kind, rel in PAGE_KINDS.items():
        page = output / rel
        if not page.exists():
            missing.append(kind)
            continue
        found = resources(page.read_text(encoding="utf-8"))
        for url, blocking in found.stylesheets + found.scripts:
            if blocking and not _is_ours(url):
                blockers.append(f"{rel}: {url}")
    return blockers, missing


def timed_build(conf: Path, content: Path, output: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one build (build_argv); CPU = user + system of it and its worker processes,
    which a busy machine (other jobs on the same cores) disturbs far less than the wall clock."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(build_argv(conf, content, output), check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _best(times: list[tuple[float, float]]) -> tuple[float, float]:
    return min(t[0] for t in times), min(t[1] for t in times)


def cold_and_warm(builds: dict[str, tuple[Path, Path]], content: Path, runs: int) -> dict[str, tuple]:
    """name -> (cold (wall, cpu), best warm (wall, cpu)). One cold build each fills output and caches; then the
    warm rebuilds alternate between configurations, so a busy machine slows both alike."""
    cold = {name: timed_build(conf, content, out) for name, (conf, out) in builds.items()}
    warm = {name: [] for name in builds}
    for _ in range(runs):
        for name, (conf, out) in builds.items():
            warm[name].append(timed_build(conf, content, out))
    return {name: (cold[name], _best(warm[name])) for name in builds}


CORE_PLUGINS = {"build_guard", "thai_metadata", "listings"}  # the site cannot build without these


def plugin_breakdown(ours_conf: Path, content: Path, output: Path, runs: int, plain_cpu: float,
                     full_cpu: float) -> None:
    """Warm CPU seconds of the site with its core plugins only, and what each other plugin costs: the full build
    minus the build without it. Each variant builds in a copy of the full output (its own, so that it does not
    disturb the full build's output and caches), once to settle, then timed."""
    from publishconf import PLUGINS

    def warm_without(name: str, plugins_expr: str) -> float | None:
        conf = ours_conf.with_name(f"{name}.py")
        conf.write_text(ours_conf.read_text() + f"PLUGINS = {plugins_expr}\n")
        out = output.with_name(f"out-{name}")
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(output, out, symlinks=True)
        try:
            timed_build(conf, content, out)
            return _best([timed_build(conf, content, out) for _ in range(runs)])[1]
        except subprocess.CalledProcessError:
            return None
        finally:
            shutil.rmtree(out)

    core = warm_without("core_only", f"[p for p in PLUGINS if p in {sorted(CORE_PLUGINS)!r}]")  # site's order
    if core is None:
        print("site with core plugins only: the build fails (a template needs another plugin)")
    else:
        print(f"site with core plugins only ({', '.join(sorted(CORE_PLUGINS))}), warm: {core:.2f} CPU s "
              f"= {core / plain_cpu:.2f}x plain")
    print("what each plugin costs, warm (full build minus the build without it):")
    for plugin in [p for p in PLUGINS if p not in CORE_PLUGINS]:
        cpu = warm_without(f"without_{plugin.replace('.', '_')}", f"[p for p in PLUGINS if p != {plugin!r}]")
        print(f"  {plugin:32s} " + ("(the build fails without it)" if cpu is None else f"{full_cpu - cpu:6.2f} CPU s"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=2, help="timed warm builds per configuration (best is kept)")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "perf_budget")
    parser.add_argument("--breakdown", action="store_true", help="also time the build without each plugin")
    args = parser.parse_args()
    content = fresh_corpus(args.stories, args.work)
    plain_conf = write_plain_conf(args.work, content)
    ours_conf = args.work / "publishconf_bench.py"
    ours_conf.write_text("from publishconf import *\n"
                         f"SITEURL = {SITEURL!r}\nPATH = {str(content)!r}\n"
                         f"CACHE_PATH = {str(args.work / 'cache')!r}\n"
                         f"READ_COUNTS_SOURCE = {str(args.work / 'no-counter.sqlite3')!r}\n")
    ours_out = args.work / "out-ours"
    times = cold_and_warm({"plain": (plain_conf, args.work / "out-plain"), "ours": (ours_conf, ours_out)},
                          content, args.runs)
    (plain_cold, plain_warm), (ours_cold, ours_warm) = times["plain"], times["ours"]
    for name, cold, warm in (("plain Pelican", plain_cold, plain_warm), ("Nuea News publish", ours_cold, ours_warm)):
        print(f"{name:18s} {args.stories} stories: cold {cold[0]:6.2f} s ({cold[1]:6.2f} CPU s)   "
              f"warm {warm[0]:6.2f} s ({warm[1]:6.2f} CPU s)")
    ratio = ours_warm[1] / plain_warm[1]
    print(f"build ratio (publish / plain), warm: {ratio:.2f}x CPU, {ours_warm[0] / plain_warm[0]:.2f}x wall  "
          f"(cold {ours_cold[1] / plain_cold[1]:.2f}x CPU)  budget <= {BUILD_RATIO_BUDGET}x  "
          f"{'OK' if ratio <= BUILD_RATIO_BUDGET else 'OVER'}")
    if args.breakdown:
        plugin_breakdown(ours_conf, content, ours_out, args.runs, plain_warm[1], ours_warm[1])

    rows = story_weight(ours_out, ours_out / PAGE_KINDS["story"])
    gz_total, br_total = sum(r[1] for r in rows), sum(r[2] for r in rows)
    for name, gz, br in rows:
        print(f"  {name:48s} gzip {gz / 1024:6.1f} KB  brotli {br / 1024:6.1f} KB")
    print(f"story page HTML+CSS+JS compressed: gzip {gz_total / 1024:.1f} KB, brotli {br_total / 1024:.1f} KB  "
          f"= {gz_total / STORY_BYTES_BUDGET:.2f} of the 100 KB budget  "
          f"{'OK' if gz_total < STORY_BYTES_BUDGET else 'OVER'}")

    blockers, missing = third_party_blockers(ours_out)
    print(f"render-blocking third-party resources: {len(blockers)}" + "".join(f"\n  {b}" for b in blockers))
    if missing:
        print(f"  (page kinds not in this build: {', '.join(missing)})")
    return 0 if ratio <= BUILD_RATIO_BUDGET and gz_total < STORY_BYTES_BUDGET and not blockers else 1


if __name__ == "__main__":
    sys.exit(main())
