"""Search index time and size for N synthetic stories (bench/corpus.py), with and without the Thai sub-word terms.

    .venv/bin/python bench/search_index.py --stories 1000
Baseline (same run): the Pelican build with search off. Prints the build time the extra terms add, Pagefind's
indexing time, and the index size (data files a reader downloads in part: index, fragments, filters) as ratios.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "plugins")]
from corpus import write_corpus  # noqa: E402
from search.pagefind_run import run_pagefind  # noqa: E402
from search.settings import DEFAULTS  # noqa: E402


def build(work: Path, content: Path, name: str, terms: bool) -> tuple[float, Path]:
    conf = work / f"{name}conf.py"
    conf.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
                    f"PATH = {str(content)!r}\nCACHE_PATH = {str(work / ('cache-' + name))!r}\n"
                    f"SEARCH_INDEX = False\nSEARCH_EXTRA_TERMS = {terms}\n")
    output = work / f"out-{name}"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(conf), "-q"],
                   check=True, cwd=ROOT)
    return time.perf_counter() - start, output


def index(output: Path) -> tuple[float, int, int]:
    """Pagefind time, data bytes (index + fragments + filters + meta) and file count of the bundle."""
    start = time.perf_counter()
    pages = run_pagefind(output, DEFAULTS["SEARCH_GLOB"], DEFAULTS["SEARCH_BUNDLE_DIR"],
                         DEFAULTS["SEARCH_EXCLUDE_SELECTORS"])
    took = time.perf_counter() - start
    data = [p for p in (output / "pagefind").rglob("*.pf_*") if p.is_file()]
    print(f"   indexed {pages} pages")
    return took, sum(p.stat().st_size for p in data), len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "search")
    args = parser.parse_args()
    if args.work.exists():
        shutil.rmtree(args.work)
    content = write_corpus(args.stories, args.work / "content")
    plain_build, plain_out = build(args.work, content, "plain", terms=False)
    terms_build, terms_out = build(args.work, content, "terms", terms=True)
    plain_index, plain_bytes, plain_files = index(plain_out)
    terms_index, terms_bytes, terms_files = index(terms_out)
    n = args.stories
    print(f"Pelican build, search off (baseline)  {plain_build:7.2f} s")
    print(f"Pelican build + sub-word terms        {terms_build:7.2f} s   ({terms_build / plain_build:.2f}x baseline)")
    for label, took, size, files in (("Pagefind extended only", plain_index, plain_bytes, plain_files),
                                     ("Pagefind + sub-word terms", terms_index, terms_bytes, terms_files)):
        print(f"{label:26s} index {took:6.2f} s ({took / plain_build:.2f}x baseline build)   "
              f"data {size / 1e6:6.2f} MB in {files} files ({size / n / 1e3:.1f} kB/story)")
    print(f"with terms / without: index time {terms_index / plain_index:.2f}x   size {terms_bytes / plain_bytes:.2f}x")


if __name__ == "__main__":
    main()
