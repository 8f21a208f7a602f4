"""Archive import speed and memory: a generated 10,000-page old-site mirror imported by the real command.

    .venv/bin/python bench/import_archive.py --pages 10000 --repeat 3

Prints, as medians of --repeat runs: the cold import (empty site) and a second run with nothing new, in pages/s,
with the peak memory of all processes (sum of the RSS of the importer and its workers); and, in the same run, two
baselines: reading every page file (the I/O floor) and the single-page reader (page -> story text, no photos, no
writing) in one process over every page. Goals: cold under 120 s, second run under 10 s.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


legacy_mirror = _load("legacy_mirror")
process_memory = _load("process_memory")


def page_files(mirror: Path) -> list[Path]:
    from legacy_import.archive_run import is_page_name

    return [Path(folder) / name for folder, _, names in os.walk(mirror) for name in names
            if is_page_name(name) and Path(folder) != mirror]


def baseline_read(files: list[Path]) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    for path in files:
        path.read_bytes()
    return time.perf_counter() - start, time.process_time() - cpu


def baseline_single_page_reader(files: list[Path]) -> float:
    """Every page through the one page reader and the story writer both importers share (nuea's write_story, read
    back with the build's reader), in one process; no photos, nothing written."""
    from legacy_import.story_file import imported_story, story_file_text
    from legacy_import.story_page import LegacyPageError, read_legacy_page
    from nuea.registry import load_registry
    from nuea.story import StoryContext

    ctx = StoryContext(registry=load_registry(ROOT / "content" / "agencies.toml"))
    agency = ctx.registry.agencies[0]
    start, cpu = time.perf_counter(), time.process_time()
    for path in files:
        try:
            page = read_legacy_page(path.read_bytes(), path.name, story_address=False)
        except LegacyPageError:
            continue
        year = page.date.year + 543
        story_file_text(imported_story(page, story_id="x-1", agency=agency, legacy_urls=["/news/detail.php?id=1"],
                                       source_path=f"content/news/{year}/x-1.md"), ctx)
    return time.perf_counter() - start, time.process_time() - cpu


def load() -> str:
    return "load average " + ", ".join(f"{n:.2f}" for n in os.getloadavg())


def import_once(mirror: Path, work: Path, fresh: bool) -> tuple[float, int, float, str]:
    if fresh:
        shutil.rmtree(work, ignore_errors=True)
        (work / "content").mkdir(parents=True)
        shutil.copy(ROOT / "content" / "agencies.toml", work / "content")
    cmd = [sys.executable, str(ROOT / "scripts" / "import_archive.py"), str(mirror), "--content",
           str(work / "content"), "--state", str(work / "var" / "state.sqlite3"), "--report",
           str(work / "var" / "report"), "--quiet"]
    result, seconds, peak_kib, cpu = process_memory.run_measured(cmd)
    if result.returncode not in (0, 1):
        raise SystemExit(f"import failed ({result.returncode}):\n{result.stderr}")
    return seconds, peak_kib, cpu, result.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "import-archive")
    args = parser.parse_args()
    mirror = args.work / "mirror"
    shutil.rmtree(mirror, ignore_errors=True)
    start = time.perf_counter()
    truth = legacy_mirror.write_mirror(mirror, args.pages)
    print(f"mirror: {args.pages:,} pages ({len(truth.stories):,} stories, {truth.count('duplicate'):,} duplicate "
          f"addresses, {truth.count('not_a_story'):,} not stories, {truth.count('failed'):,} failing), "
          f"{truth.other_files:,} other files, written in {time.perf_counter() - start:.1f} s; {os.cpu_count()} CPUs; "
          f"{load()}")
    files = page_files(mirror)
    assert len(files) == args.pages, len(files)

    names = ("read every page file (I/O floor)", "single-page reader, one process", "import, cold (empty site)",
             "import, second run (nothing new)")
    wall = {n: [] for n in names}
    cpu = {n: [] for n in names}
    peaks = {n: [] for n in names[2:]}
    for n in range(args.repeat):
        for name, measure in zip(names[:2], (baseline_read, baseline_single_page_reader), strict=True):
            w, c = measure(files)
            wall[name].append(w)
            cpu[name].append(c)
        work = args.work / "site"
        for name, fresh in zip(names[2:], (True, False), strict=True):
            w, peak, c, out = import_once(mirror, work, fresh=fresh)
            if not fresh and "read 0 pages" not in out:
                raise SystemExit(f"the second run read pages:\n{out}")
            wall[name].append(w)
            cpu[name].append(c)
            peaks[name].append(peak)
        print(f"  round {n + 1}: cold {wall[names[2]][-1]:.1f} s ({cpu[names[2]][-1]:.1f} CPU-s), "
              f"second {wall[names[3]][-1]:.2f} s; {load()}")
    base_wall, base_cpu = statistics.median(wall[names[1]]), statistics.median(cpu[names[1]])
    print(f"{'':36} {'wall s':>8} {'(range)':>15} {'pages/s':>8} {'CPU-s':>7} {'wall/reader':>11} "
          f"{'CPU/reader':>10} {'peak RSS (tree)':>15}")
    for name in names:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        span = f"{min(wall[name]):.1f}-{max(wall[name]):.1f}"
        peak = f"{statistics.median(peaks[name]) / 1024:.0f} MiB" if name in peaks else ""
        print(f"{name:36} {w:8.2f} {span:>15} {args.pages / w:8.0f} {c:7.1f} {w / base_wall:10.2f}x "
              f"{c / base_cpu:9.2f}x {peak:>15}")
    rows = wall
    cold, again = statistics.median(rows["import, cold (empty site)"]), statistics.median(
        rows["import, second run (nothing new)"])
    ok = cold < 120 and again < 10
    print(f"after the runs: {load()} (other work on the machine shares its CPUs)")
    print(f"goals: cold {cold:.1f} s < 120 s {'met' if cold < 120 else 'MISSED'}; "
          f"second run {again:.2f} s < 10 s {'met' if again < 10 else 'MISSED'} ({args.pages:,} pages)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
