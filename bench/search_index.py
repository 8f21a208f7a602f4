"""Search index time and size for N synthetic stories (bench/corpus.py), with and without the Thai sub-word terms.

    .venv/bin/python bench/search_index.py --stories 1000
Baseline (same run): the Pelican build with search off. Then the same build with the Pagefind index (extended
build alone), and with the index plus the PyThaiNLP sub-word terms. Prints the time each adds and the index size
(data files a reader downloads in part: index chunks, fragments, filters, metadata).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
from corpus import fresh_corpus  # noqa: E402

RUNS = (  # name, settings
    ("search off (baseline)", {"SEARCH_INDEX": False, "SEARCH_EXTRA_TERMS": False}),
    ("Pagefind extended only", {"SEARCH_INDEX": True, "SEARCH_EXTRA_TERMS": False}),
    ("Pagefind + sub-word terms", {"SEARCH_INDEX": True, "SEARCH_EXTRA_TERMS": True}),
)


def build(work: Path, content: Path, name: str, settings: dict) -> tuple[float, Path]:
    conf = work / f"{name}conf.py"
    conf.write_text("from pelicanconf import *\n"
                    f"PATH = {str(content)!r}\nCACHE_PATH = {str(work / ('cache-' + name))!r}\n"
                    + "".join(f"{key} = {value!r}\n" for key, value in settings.items()))
    output = work / f"out-{name}"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(conf), "-q"],
                   check=True, cwd=ROOT)
    return time.perf_counter() - start, output


def bundle_size(output: Path) -> tuple[int, int]:
    data = [p for p in (output / "pagefind").rglob("*.pf_*") if p.is_file()]
    return sum(p.stat().st_size for p in data), len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "search")
    args = parser.parse_args()
    content = fresh_corpus(args.stories, args.work)
    n = args.stories
    base = None
    sizes = []
    for i, (label, settings) in enumerate(RUNS):
        took, output = build(args.work, content, f"run{i}", settings)
        if base is None:
            base = took
            print(f"{label:27s} build {took:6.2f} s")
            continue
        size, files = bundle_size(output)
        sizes.append(size)
        print(f"{label:27s} build {took:6.2f} s ({took / base:.2f}x baseline; search adds {took - base:5.2f} s)"
              f"   index data {size / 1e6:5.2f} MB in {files} files ({size / n / 1e3:.1f} kB/story)")
    print(f"index size with terms / without: {sizes[1] / sizes[0]:.2f}x  ({n} stories)")


if __name__ == "__main__":
    main()
