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
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))


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


def baseline_read(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        path.read_bytes()
    return time.perf_counter() - start


def baseline_single_page_reader(files: list[Path]) -> float:
    """Every page through the one page reader and the story-file writer both importers share, in one process."""
    from legacy_import.story_file import story_file_text
    from legacy_import.story_page import LegacyPageError, read_legacy_page

    start = time.perf_counter()
    for path in files:
        try:
            story_file_text(read_legacy_page(path.read_bytes(), path.name, story_address=False), "x-1")
        except LegacyPageError:
            pass
    return time.perf_counter() - start


def import_once(mirror: Path, work: Path, fresh: bool) -> tuple[float, int, str]:
    if fresh:
        shutil.rmtree(work, ignore_errors=True)
        (work / "content").mkdir(parents=True)
        shutil.copy(ROOT / "content" / "agencies.toml", work / "content")
    cmd = [sys.executable, str(ROOT / "scripts" / "import_archive.py"), str(mirror), "--content",
           str(work / "content"), "--state", str(work / "var" / "state.sqlite3"), "--report",
           str(work / "var" / "report"), "--quiet"]
    result, seconds, peak_kib = process_memory.run_measured(cmd)
    if result.returncode not in (0, 1):
        raise SystemExit(f"import failed ({result.returncode}):\n{result.stderr}")
    return seconds, peak_kib, result.stdout


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
          f"{truth.other_files:,} other files, written in {time.perf_counter() - start:.1f} s; {os.cpu_count()} CPUs")
    files = page_files(mirror)
    assert len(files) == args.pages, len(files)

    rows = {"read every page file (I/O floor)": [], "single-page reader, one process": [],
            "import, cold (empty site)": [], "import, second run (nothing new)": []}
    peaks = {"import, cold (empty site)": [], "import, second run (nothing new)": []}
    for n in range(args.repeat):
        rows["read every page file (I/O floor)"].append(baseline_read(files))
        rows["single-page reader, one process"].append(baseline_single_page_reader(files))
        work = args.work / "site"
        cold, cold_peak, out = import_once(mirror, work, fresh=True)
        again, again_peak, out2 = import_once(mirror, work, fresh=False)
        if "read 0 pages" not in out2:
            raise SystemExit(f"the second run read pages:\n{out2}")
        rows["import, cold (empty site)"].append(cold)
        rows["import, second run (nothing new)"].append(again)
        peaks["import, cold (empty site)"].append(cold_peak)
        peaks["import, second run (nothing new)"].append(again_peak)
        print(f"  round {n + 1}: cold {cold:.1f} s, second {again:.2f} s")
    base = statistics.median(rows["single-page reader, one process"])
    print(f"{'':40} {'median s':>9} {'pages/s':>9} {'vs reader':>10} {'peak RSS, all processes':>24}")
    for name, times in rows.items():
        t = statistics.median(times)
        peak = f"{statistics.median(peaks[name]) / 1024:.0f} MiB" if name in peaks else ""
        print(f"{name:40} {t:9.2f} {args.pages / t:9.0f} {t / base:9.2f}x {peak:>24}")
    cold, again = statistics.median(rows["import, cold (empty site)"]), statistics.median(
        rows["import, second run (nothing new)"])
    ok = cold < 120 and again < 10
    print(f"goals: cold {cold:.1f} s < 120 s {'met' if cold < 120 else 'MISSED'}; "
          f"second run {again:.2f} s < 10 s {'met' if again < 10 else 'MISSED'} ({args.pages:,} pages)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
