"""Publishing at archive scale: full builds (ours and plain Pelican) and fast publishes, in one run.

    .venv/bin/python bench/publish.py --stories 10000            # about 2 hours on a busy 2-core machine

On the synthetic archive of bench/corpus.py (Zipf-spread Thai words, ~300 reporters, ~3,000 tags, a photo in one
story of five), with the production settings (publishconf.py: precompressed twins), it measures:
- cold full build (empty output/ and cache/): ours (scripts/build.py) and plain Pelican (default theme,
  PLUGINS = []); ours with the time of each phase (reading with Pelican, photos, share cards, rendering, search,
  compression) from the build's own report;
- warm full build, nothing changed: ours and plain Pelican interleaved, --rounds times, medians;
- fast publish (scripts/publish.py) of a new story, a headline correction and a withdrawal, --publishes times each,
  medians: wall time from the command's start until every affected file is written (the command's end), and until
  the story is findable by search (the background index run has swapped in an index made after the publish);
- peak resident memory of every step: the sum of RSS over the whole process tree, sampled every 0.1 s (a background
  index run is sampled on its own); files written per step.
The machine's load average is printed beside every number; a busy machine makes every time longer, ratios less so.
"""
from __future__ import annotations

import argparse
import json
import os
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


def wait_for_search(cache: Path, since: float, timeout: float) -> tuple[float | None, float]:
    """Seconds from `since` until an index made after it is live, and the peak RSS (MiB) of the index runs."""
    stamp = cache / "search" / "index.json"
    peak, deadline = 0, time.time() + timeout
    from peak_memory import tree_rss

    while time.time() < deadline:
        running = search_processes()
        peak = max(peak, sum(tree_rss(pid) for pid in running))
        pending = (cache / "search" / "pending").exists()
        if not running and not pending and stamp.exists() and stamp.stat().st_mtime > since:
            return stamp.stat().st_mtime - since, peak / 2**20
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
            if not args.no_search:
                run["search_seconds"], run["search_peak_mib"] = wait_for_search(site.cache, since,
                                                                                args.search_timeout)
            runs.append(run)
            say(f"{kind} {k + 1}: {run['seconds']:.2f} s, peak {run['peak_mib']:.0f} MiB, "
                f"{run['report']['written']} files, {run['report']['photos_made']} photo(s) sized, "
                f"search {run.get('search_seconds')} s "
                f"(index run peak {run.get('search_peak_mib', 0):.0f} MiB), load {run['load']}")
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
        search = _median(runs, "search_seconds")
        rows.append((f"{label} (median of {len(runs)})", f"{_median(runs, 'seconds'):.2f} s",
                     f"search {search:.0f} s" if search is not None else "search: -", "",
                     f"{max(x['peak_mib'] for x in runs):.0f} MiB (index run "
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
