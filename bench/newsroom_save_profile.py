"""Where one newsroom save spends its time, on a corpus of 10,000 stories: cProfile of "บันทึกร่าง" saves made
in-process (newsroom.app.server_app + httpx.ASGITransport, as the story tests do), with the wall time spent
waiting for git processes, by git command.

    .venv/bin/python -m bench.newsroom_save_profile [--stories 10000] [--saves 40] [--top 25] [--new]

Prints the mean wall time per save, the part of it spent in git subprocesses (per command), and cProfile's
top functions by cumulative time. A profile, not a benchmark: bench/newsroom.py measures latency over HTTP.
"""
from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

if not __package__:  # as a script, bench/newsroom.py would stand in for the newsroom package
    sys.exit("run it as a module from the project's folder: .venv/bin/python -m bench.newsroom_save_profile")

from bench.corpus import write_corpus  # noqa: E402
from newsroom.app import server_app  # noqa: E402
from tests.newsroom_service.conftest import PASSWORD, Client, Clock, make_settings  # noqa: E402

BLOB_RE = re.compile(r'name="base_blob" value="([^"]*)"')


def site_settings_file(tmp: Path) -> Path:
    """The site's pelicanconf.py pointed at tmp/content (as the story tests' fixture does)."""
    conf = tmp / "site_settings.py"
    values = {"PATH": str(tmp / "content"), "OUTPUT_PATH": str(tmp / "output"), "CACHE_PATH": str(tmp / "cache"),
              "SEARCH_INDEX": False}
    conf.write_text("from pelicanconf import *  # noqa\n" + "".join(f"{k} = {v!r}\n" for k, v in values.items()),
                    encoding="utf-8")
    return conf


def form_values(**fields) -> dict:
    values = {"title": "ลำปางจัดงานลำไยประจำปี", "date": "1 ธันวาคม 2569 09:30", "reporter": "นายทดสอบ ใจดี",
              "editor": "", "agency": "ส.ปชส.ลำปาง", "province": "", "category": "ข่าวภูมิภาค",
              "tags": "ลำไย, เกษตรกร", "summary": "สรุปข่าวลำไย", "image_path": "", "image_caption": "",
              "image_alt": "", "body": "ย่อหน้าแรกของข่าว\n\nย่อหน้าที่สอง", "correction": ""}
    return {**values, **fields}


class GitTimer:
    """Wraps subprocess.run to add up the wall time of each git command."""

    def __init__(self):
        self.spent: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._run = subprocess.run

    def __enter__(self):
        def run(cmd, *args, **kwargs):
            start = time.perf_counter()
            try:
                return self._run(cmd, *args, **kwargs)
            finally:
                if cmd and cmd[0] == "git":
                    name = next((c for c in cmd[1:] if not c.startswith("-") and "=" not in c), "?")
                    self.spent[name] += time.perf_counter() - start
                    self.calls[name] += 1
        subprocess.run = run
        return self

    def __exit__(self, *exc):
        subprocess.run = self._run


async def profile(stories: int, saves: int, top: int, new: bool = False) -> None:
    work = Path(tempfile.mkdtemp(prefix="profile-save-"))
    try:
        content = write_corpus(stories, work / "content")
        for args in (("init", "-q", "-b", "main"), ("add", "-A"),
                     ("-c", "user.name=bench", "-c", "user.email=", "commit", "-q", "-m", "corpus")):
            subprocess.run(["git", "-C", str(content), *args], check=True, capture_output=True)
        conf = site_settings_file(work)
        settings = make_settings(work, site_settings=conf, work_dir=work / "work")
        app = server_app(settings, Clock())
        newsroom = app.state.newsroom
        newsroom.index.scan()
        newsroom.create_account("bench", "lpg.writer", "writer", ["LPG"], False, PASSWORD)
        transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 40000))
        web = Client(httpx.AsyncClient(transport=transport, base_url="http://newsroom.test"))
        await web.login("lpg.writer")
        await web.get("/newsroom/stories/new")
        made = await web.post("/newsroom/stories/new", {**form_values(), "action": "save"})
        assert made.status_code == 303, made.text[:300]
        url = made.headers["location"].split("?")[0]
        for n in range(3):  # warm: the newsroom's private index, the template cache
            blob = BLOB_RE.search((await web.get(url)).text).group(1)
            await web.post(url, {**form_values(body=f"warm {n}"), "base_blob": blob, "action": "save"})
        profiler, total = cProfile.Profile(), 0.0
        from newsroom.story_desk import StoryDesk
        act = StoryDesk.act

        def profiled_act(*args, **kwargs):  # the save runs in a worker thread: profile it there
            profiler.enable()
            try:
                return act(*args, **kwargs)
            finally:
                profiler.disable()
        StoryDesk.act = profiled_act
        with GitTimer() as git:
            for n in range(saves):
                if new:  # the first save of a new draft
                    await web.get("/newsroom/stories/new")
                    target, data = "/newsroom/stories/new", {**form_values(title=f"ข่าวใหม่ {n}"), "action": "save"}
                else:
                    blob = BLOB_RE.search((await web.get(url)).text).group(1)
                    target, data = url, {**form_values(body=f"ย่อหน้าแรก ฉบับที่ {n}\n\nย่อหน้าที่สอง"),
                                         "base_blob": blob, "action": "save"}
                start = time.perf_counter()
                saved = await web.post(target, data)
                total += time.perf_counter() - start
                assert saved.status_code == 303, saved.text[:300]
        StoryDesk.act = act
        print(f"{saves} {'first saves of new drafts' if new else 'saves of a draft'} among {stories:,} stories: {total / saves * 1000:.1f} ms per request "
              "(in-process, the desk's part under cProfile)")
        print(f"{'git command':24} {'calls/save':>10} {'ms/save':>8}")
        for name, spent in sorted(git.spent.items(), key=lambda kv: -kv[1]):
            print(f"{name:24} {git.calls[name] / saves:10.1f} {spent / saves * 1000:8.1f}")
        print(f"{'all git processes':24} {sum(git.calls.values()) / saves:10.1f} "
              f"{sum(git.spent.values()) / saves * 1000:8.1f}")
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(top)
        print(re.sub(r"\n{3,}", "\n\n", out.getvalue()))
        await web.aclose()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=40)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--new", action="store_true", help="profile the first save of new drafts instead")
    args = parser.parse_args(argv)
    asyncio.run(profile(args.stories, args.saves, args.top, args.new))
    return 0


if __name__ == "__main__":
    sys.exit(main())
