"""Publishing at archive scale: full builds (ours and plain Pelican) and fast publishes, in one run.

    .venv/bin/python bench/publish.py --stories 10000   # hours on a busy 2-core machine (2000: about 30 min)

On the synthetic archive of bench/corpus.py (Zipf-spread Thai words, ~300 reporters, ~3,000 tags, a photo in one
story of five), with the production settings (publishconf.py: precompressed twins), it measures:
- cold full build (empty output/ and cache/): ours (scripts/build.py) and plain Pelican (default theme,
  PLUGINS = []); ours with the time of each phase (reading with Pelican, photos, share cards, rendering, search,
  compression) from the build's own report;
- warm full build, nothing changed: ours and plain Pelican interleaved, --rounds times, medians;
- fast publish (scripts/publish.py) of a new story, a headline correction and a withdrawal, --publishes times each,
  medians: wall time from the command's start until every affected file is written (the command's end), until
  the search service finds the story (withdrawn: no longer finds it), and until the background run of the static
  fallback (Pagefind) has swapped in its new bundle;
- peak resident memory of every step: the sum of RSS over the whole process tree, sampled every 0.1 s (a background
  index run is sampled on its own); files written per step.
The machine's load average is printed beside every number; a busy machine makes every time longer, ratios less so.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
from build import write_plain_conf  # noqa: E402
from corpus import StoryMaker, write_corpus  # noqa: E402
from peak_memory import PeakSampler, _children  # noqa: E402

NOW = datetime(2026, 11, 24, 18, 0)
SITEURL = "https://nuea-news.example.go.th"


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def measured(cmd: list[str], **kwargs) -> dict:
    """Run `cmd`: wall seconds, peak RSS of its process tree (MiB), exit code, output."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, **kwargs)
    with PeakSampler(proc.pid) as sampler:
        out, err = proc.communicate()
    result = {"seconds": time.perf_counter() - start, "peak_mib": sampler.peak / 2**20, "code": proc.returncode,
              "out": out, "err": err, "load": load()}
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out}\n{err[-4000:]}")
    return result


def search_processes() -> list[int]:
    found = []
    for pids in _children().values():
        for pid in pids:
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if b"sitebuild.search_step" in cmdline:
                found.append(pid)
    return found


def story_found(index_folder: Path, url: str, title: str) -> bool:
    """Whether the search service's index (the one /api/search reads) finds the story at `url` by its headline."""
    from searchservice.query import SearchQuery
    from searchservice.store import SearchIndex

    result = SearchIndex(index_folder, page_size=50).search(SearchQuery(q=f'"{title}"'))
    return any(hit.url == url for hit in result.hits)


def wait_for_fallback(cache: Path, since: float, timeout: float) -> tuple[float | None, float]:
    """Seconds from `since` until the background fallback (Pagefind) run has ended, and its peak RSS (MiB)."""
    import fcntl

    from peak_memory import tree_rss

    peak, deadline = 0, time.time() + timeout
    while time.time() < deadline:
        running = search_processes()
        peak = max(peak, sum(tree_rss(pid) for pid in running))
        if not running and not (cache / "search" / "pending").exists():
            with open(cache / "search" / "fallback-runner.lock", "a") as lock:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return time.time() - since, peak / 2**20
                except BlockingIOError:
                    pass
        time.sleep(0.1)
    return None, peak / 2**20


class Site:
    def __init__(self, work: Path, stories: int, search: bool):
        self.work, self.content = work, work / "content"
        self.output, self.cache = work / "output", work / "cache"
        self.conf = work / "oursconf.py"
        work.mkdir(parents=True, exist_ok=True)
        values = {"PATH": str(self.content), "OUTPUT_PATH": str(self.output), "CACHE_PATH": str(self.cache),
                  "BUILD_NOW": NOW.strftime("%Y-%m-%dT%H:%M:%S+07:00"), "READ_COUNTS_SOURCE": "",
                  "SEARCH_INDEX": search, "SITEURL": SITEURL}
        self.conf.write_text("from publishconf import *\n" + "".join(f"{k} = {v!r}\n" for k, v in values.items()))
        self.maker, self.n = StoryMaker(3), stories

    def build(self) -> dict:
        report = self.work / "build-report.json"
        result = measured([sys.executable, "-m", "scripts.build", "-s", str(self.conf), "--report", str(report)])
        result["report"] = json.loads(report.read_text())
        return result

    def publish(self, path: Path) -> dict:
        report = self.work / "publish-report.json"
        result = measured([sys.executable, "scripts/publish.py", str(path), "--settings", str(self.conf),
                           "--report", str(report)])
        result["report"] = json.loads(report.read_text())
        return result

    # --- the three kinds of change ---
    def new_story(self, k: int) -> Path:
        i = self.n + k
        fields = self.maker.fields(i)
        path = self.content / f"news/2569/new-{k}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = self.maker.markdown(i, date=NOW - timedelta(minutes=30 - k), image="")
        path.write_text(text.replace(f"id: {fields['id']}", f"id: new-{k}"), encoding="utf-8")
        return path

    def new_story_with_photo(self, k: int) -> Path:
        """A new story with a photo never seen before: its sizes are made by the publish."""
        from corpus import photo_bytes

        path = self.new_story(100 + k)
        when = (NOW - timedelta(minutes=20 - k)).strftime("%Y-%m-%d %H:%M")  # in the past: live at once
        path.write_text(re.sub(r"^date: .*$", f"date: {when}", path.read_text(encoding="utf-8"), count=1,
                               flags=re.M), encoding="utf-8")
        image = f"images/2569/11/new-photo-{k}.jpg"
        (self.content / image).parent.mkdir(parents=True, exist_ok=True)
        (self.content / image).write_bytes(photo_bytes(900_000 + k))
        text = path.read_text(encoding="utf-8").replace("\n\n", f"\nimage: {image}\nimage_caption: ภาพข่าวใหม่\n\n", 1)
        path.write_text(text, encoding="utf-8")
        return path

    def correction(self, k: int) -> Path:
        i = 10 + k  # a recent story: on the front pages, in its feeds
        path = self.content / self.maker.path(i)
        path.write_text(self.maker.markdown(i, title=self.maker.fields(i)["title"] + f" (แก้ไขครั้งที่ {k + 1})",
                                            modified=NOW - timedelta(minutes=5)), encoding="utf-8")
        return path

    def story_of(self, path: Path) -> tuple[str, str]:
        """(address, headline) of the story file at `path`."""
        text = path.read_text(encoding="utf-8")
        return (f"/news/{re.search(r'^id: (.+)$', text, re.M).group(1).strip()}/",
                re.search(r"^title: (.+)$", text, re.M).group(1).strip())

    def withdrawal(self, k: int) -> Path:
        i = 40 + 7 * k
        path = self.content / self.maker.path(i)
        path.write_text(self.maker.markdown(i, status="ถอนแล้ว"), encoding="utf-8")
        return path


def plain_build(plain_conf: Path, content: Path, output: Path) -> dict:
    return measured([sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(plain_conf), "-q"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved warm builds of each")
    parser.add_argument("--publishes", type=int, default=5, help="publishes of each kind")
    parser.add_argument("--no-search", action="store_true", help="SEARCH_INDEX = False")
    parser.add_argument("--search-timeout", type=float, default=1800)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "publish")
    parser.add_argument("--json", type=Path, help="write every measurement here")
    parser.add_argument("--resume", action="store_true",
                        help="reuse the work folder of an earlier run (its corpus and cold builds): one full build "
                             "brings it to this code, then the warm builds and publishes are measured")
    args = parser.parse_args()
    work = args.work / str(args.stories)
    results: dict = {"stories": args.stories, "started": time.strftime("%Y-%m-%d %H:%M"), "cpus": os.cpu_count()}

    def say(text: str) -> None:
        print(text, flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str))

    if args.resume:
        site = Site(work, args.stories, not args.no_search)
        plain_conf = work / "plainconf.py"
        for k in range(args.publishes):  # undo the earlier run's publishes: the same corpus again
            (site.content / f"news/2569/new-{k}.md").unlink(missing_ok=True)
        write_corpus(args.stories, site.content)
        catch_up = site.build()
        say(f"catch-up full build with this code: {catch_up['seconds']:.0f} s, {catch_up['report']['written']} files "
            f"(load {load()})\n  {catch_up['report']['summary']}")
        results["catch_up"] = catch_up
    else:
        if work.exists():
            subprocess.run(["rm", "-rf", str(work)], check=True)
        started = time.perf_counter()
        site = Site(work, args.stories, not args.no_search)
        write_corpus(args.stories, site.content)
        plain_conf = write_plain_conf(work, site.content)
        say(f"corpus: {args.stories} stories ({args.stories // 5} photos) in {time.perf_counter() - started:.0f} s")

        cold_plain = plain_build(plain_conf, site.content, work / "plain-output")
        results["plain_cold"] = cold_plain
        say(f"plain Pelican cold: {cold_plain['seconds']:.0f} s, peak {cold_plain['peak_mib']:.0f} MiB "
            f"(load {load()})")
        cold = site.build()
        results["ours_cold"] = cold
        say(f"ours cold: {cold['seconds']:.0f} s, peak {cold['peak_mib']:.0f} MiB, {cold['report']['written']} "
            f"files (load {load()})\n  {cold['report']['summary']}\n  steps {cold['report']['seconds']}\n"
            f"  inside reading (process-seconds) {cold['report']['phases']}")

    warm_plain, warm_ours = [], []
    for _ in range(args.rounds):
        warm_plain.append(plain_build(plain_conf, site.content, work / "plain-output"))
        warm_ours.append(site.build())
        say(f"warm: plain {warm_plain[-1]['seconds']:.1f} s, ours {warm_ours[-1]['seconds']:.1f} s "
            f"({warm_ours[-1]['report']['written']} files written; load {load()})")
    results["plain_warm"], results["ours_warm"] = warm_plain, warm_ours

    for kind in ("new_story", "correction", "withdrawal", "new_story_with_photo"):
        runs = []
        for k in range(args.publishes):
            path = getattr(site, kind)(k)
            since = time.time()
            run = site.publish(path)
            if not args.no_search:  # found (or, withdrawn, no longer found) by the service the publish updated
                url, title = site.story_of(path)
                wanted = kind != "withdrawal"
                deadline = time.time() + args.search_timeout
                while story_found(site.work / "var" / "search", url, title) != wanted:
                    if time.time() > deadline:
                        raise RuntimeError(f"{kind}: {url} {'not found' if wanted else 'still found'} by search")
                    time.sleep(0.05)
                run["search_seconds"] = time.time() - since
                run["fallback_seconds"], run["search_peak_mib"] = wait_for_fallback(site.cache, since,
                                                                                   args.search_timeout)
            runs.append(run)
            say(f"{kind} {k + 1}: {run['seconds']:.2f} s, peak {run['peak_mib']:.0f} MiB, "
                f"{run['report']['written']} files, {run['report']['photos_made']} photo(s) sized, "
                f"found by search after {run.get('search_seconds', 0):.2f} s, fallback rebuilt after "
                f"{run.get('fallback_seconds') or 0:.1f} s (peak {run.get('search_peak_mib', 0):.0f} MiB), "
                f"load {run['load']}")
        results[kind] = runs

    final = site.build()
    results["after_publishes"] = final
    say(f"full build after the publishes: {final['report']['written']} files written (0 expected)")
    print_table(results)


def _median(runs, key):
    values = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(values) if values else None


def print_table(r: dict) -> None:
    pw, ow = _median(r["plain_warm"], "seconds"), _median(r["ours_warm"], "seconds")
    rows = []
    if "ours_cold" in r:
        pc, oc = r["plain_cold"]["seconds"], r["ours_cold"]["seconds"]
        rows.append(("cold full build", f"{oc:.0f} s", f"{pc:.0f} s", f"{oc / pc:.2f}×",
                     f"{r['ours_cold']['peak_mib']:.0f} MiB", r["ours_cold"]["report"]["written"],
                     r["ours_cold"]["load"]))
    rows.append(("warm full build, nothing changed (median)", f"{ow:.1f} s", f"{pw:.1f} s", f"{ow / pw:.2f}×",
                 f"{max(x['peak_mib'] for x in r['ours_warm']):.0f} MiB", r["ours_warm"][-1]["report"]["written"],
                 r["ours_warm"][-1]["load"]))
    for kind, label in (("new_story", "publish: new story"), ("correction", "publish: headline correction"),
                        ("withdrawal", "publish: withdrawal"),
                        ("new_story_with_photo", "publish: new story with a new photo")):
        runs = r[kind]
        search, fallback = _median(runs, "search_seconds"), _median(runs, "fallback_seconds")
        rows.append((f"{label} (median of {len(runs)})", f"{_median(runs, 'seconds'):.2f} s",
                     f"search {search:.2f} s, fallback {fallback:.0f} s" if search is not None else "search: -",
                     "", f"{max(x['peak_mib'] for x in runs):.0f} MiB (fallback run "
                     f"{max(x.get('search_peak_mib', 0) for x in runs):.0f} MiB)",
                     statistics.median(x["report"]["written"] for x in runs), runs[-1]["load"]))
    print(f"\n{r['stories']} stories, {r['cpus']} CPUs")
    print("| step | ours | plain Pelican | ratio | peak RSS (all processes) | files written | load (1/5/15 min) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")
    print(f"plain Pelican warm peak RSS: {max(x['peak_mib'] for x in r['plain_warm']):.0f} MiB")
    for kind in ("new_story", "correction", "withdrawal", "new_story_with_photo"):
        cpu = [x["report"]["seconds"] for x in r[kind]]
        print(f"{kind}: steps inside the command (s, median): " + json.dumps(
            {k: round(statistics.median(c.get(k, 0) for c in cpu), 2) for k in cpu[0]}))
    if "ours_cold" not in r:
        return
    print(f"\nplain Pelican peak RSS: cold {r['plain_cold']['peak_mib']:.0f} MiB")
    rep = r["ours_cold"]["report"]
    print(f"cold build steps (wall s): {json.dumps({k: round(v, 1) for k, v in rep['seconds'].items()})}")
    print(f"inside reading (process-seconds over both processes): "
          f"{json.dumps({k: round(v, 1) for k, v in rep['phases'].items()})}")


if __name__ == "__main__":
    main()
