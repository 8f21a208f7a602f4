"""Build time: this site's configuration vs plain Pelican (default theme, no plugins) on the same corpus.

    .venv/bin/python bench/build.py --stories 1000
Prints both times (cold: empty output and cache; warm: a second build) and the ratios.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
from corpus import fresh_corpus  # noqa: E402

PLAIN = """
PATH = {content!r}
TIMEZONE = "Asia/Bangkok"
DEFAULT_LANG = "th"
ARTICLE_PATHS = ["news"]
SLUGIFY_SOURCE = "basename"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
PLUGINS = []  # none: without this Pelican loads every installed namespace plugin (precompress, sitemap, ...)
"""


def build_argv(settings: Path, content: Path, output: Path) -> list[str]:
    """The command that builds `content` with `settings`: this site's settings (they import pelicanconf or
    publishconf) go through the site build (scripts/build.py, as `make html`), plain Pelican's through `pelican`."""
    text = Path(settings).read_text(encoding="utf-8")
    if "from pelicanconf" in text or "from publishconf" in text:
        return [sys.executable, str(ROOT / "scripts" / "build.py"), "-s", str(settings), "-o", str(output),
                "-e", f"PATH={json.dumps(str(content))}"]
    return [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(settings), "-q"]


def timed_build(settings: Path, content: Path, output: Path) -> float:
    start = time.perf_counter()
    subprocess.run(build_argv(settings, content, output), check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def write_plain_conf(work: Path, content: Path) -> Path:
    """Settings for plain Pelican (default theme, no plugins) on the corpus; the baseline of every benchmark."""
    conf = work / "plainconf.py"
    conf.write_text(PLAIN.format(content=str(content)))
    return conf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "build")
    args = parser.parse_args()
    content = fresh_corpus(args.stories, args.work)
    plain_conf = write_plain_conf(args.work, content)
    ours_conf = args.work / "oursconf.py"
    ours_conf.write_text("from pelicanconf import *\n"
                         f"PATH = {str(content)!r}\nCACHE_PATH = {str(args.work / 'cache')!r}\n")
    results = {}
    for name, conf in (("plain Pelican", plain_conf), ("Nuea News", ours_conf)):
        out = args.work / f"out-{name.split()[0].lower()}"
        cold = timed_build(conf, content, out)
        warm = timed_build(conf, content, out)
        results[name] = (cold, warm)
        print(f"{name:14s} cold {cold:7.2f} s   warm {warm:7.2f} s")
    (pc, pw), (oc, ow) = results["plain Pelican"], results["Nuea News"]
    print(f"ratio (ours / plain), {args.stories} stories: cold {oc / pc:.2f}x   warm {ow / pw:.2f}x")


if __name__ == "__main__":
    main()
