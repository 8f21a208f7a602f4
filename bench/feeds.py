"""Cost of the feeds plugin: the site's build with and without plugins/feeds, same corpus, same run.

    .venv/bin/python bench/feeds.py --stories 1000
Prints both build times (warm: second build into the same output), the ratio, and how many feed files and bytes.
"""
from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
from build import timed_build  # noqa: E402
from corpus import fresh_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "feeds")
    args = parser.parse_args()
    content = fresh_corpus(args.stories, args.work)
    times = {}
    for name, plugins in (("without feeds", "[p for p in PLUGINS if p != 'feeds']"), ("with feeds", "PLUGINS")):
        conf = args.work / f"conf_{name.split()[0]}.py"
        conf.write_text("from pelicanconf import *\n"
                        f"PATH = {str(content)!r}\nCACHE_PATH = {str(args.work / ('cache-' + name[:4]))!r}\n"
                        f"PLUGINS = {plugins}\n")
        out = args.work / f"out-{name.split()[0]}"
        cold, warm = timed_build(conf, content, out), timed_build(conf, content, out)
        times[name] = (cold, warm)
        print(f"{name:14s} cold {cold:7.2f} s   warm {warm:7.2f} s")
    (bc, bw), (fc, fw) = times["without feeds"], times["with feeds"]
    files = list((args.work / "out-with" / "feeds").rglob("*.xml"))
    print(f"ratio (with / without), {args.stories} stories: cold {fc / bc:.2f}x   warm {fw / bw:.2f}x")
    print(f"feed files: {len(files)}, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
