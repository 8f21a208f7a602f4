"""From the newsroom to what readers get, with no person in between (production): a publish builds with
publishconf.py and copies the changed files, .gz/.br twins included, into the folder a real nginx serves; a
withdrawal changes withdrawn.map, and the shipped path unit's commands reload that nginx, which then answers 410.

systemd itself cannot run here (no init in a container), so the path unit is checked with systemd-analyze verify
and its trigger is played by a watcher that does what PathChanged= does (a map closed after writing or renamed
over) and then runs the shipped service's ExecStart= lines on the test's nginx (`systemctl reload nginx.service`
is nginx.service's ExecReload, `nginx -s reload`)."""
from __future__ import annotations

import asyncio
import os
import re
import shlex
import shutil
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from system import require_command, require_system

from . import nginx_harness
from .test_systemd_unit import _options

ROOT = nginx_harness.ROOT
PATH_UNIT = ROOT / "deploy" / "systemd" / "nuea-nginx-maps.path"
SERVICE = ROOT / "deploy" / "systemd" / "nuea-nginx-maps.service"
HOST = "nuea-news.example.go.th"
PAST = "1 พฤศจิกายน 2569 10:00"


class MapWatcher:
    """What nuea-nginx-maps.path + .service do, with the shipped unit files' paths and commands."""

    def __init__(self, htdocs: Path, setup):
        watched = _options(PATH_UNIT.read_text(encoding="utf-8"))["PathChanged"]
        self.paths = [Path(p.replace("/srv/nuea-news/htdocs", str(htdocs))) for p in watched]
        self.commands = [self._command(line, setup) for line in _options(SERVICE.read_text(encoding="utf-8"))["ExecStart"]]
        self.runs = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    @staticmethod
    def _command(line: str, setup) -> list[str]:
        args = shlex.split(line)
        if args[0] == "/usr/sbin/nginx":
            return setup.command(*args[1:])
        assert args == ["/bin/systemctl", "reload", "nginx.service"], args
        return setup.command("-s", "reload")

    def _stamp(self):
        out = []
        for path in self.paths:
            try:
                st = path.stat()
                out.append((st.st_ino, st.st_mtime_ns, st.st_size))
            except FileNotFoundError:
                out.append(None)
        return out

    def _loop(self):
        last = self._stamp()
        while not self._stop.wait(0.1):
            now = self._stamp()
            if now != last:
                last = now
                results = [subprocess.run(cmd, capture_output=True, text=True) for cmd in self.commands]
                self.runs.append([r.returncode for r in results])

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(5)


def test_path_unit_and_its_service_pass_systemd_analyze_verify(tmp_path):
    require_command("systemd-analyze", "systemd")
    for unit in (PATH_UNIT, SERVICE):
        shutil.copy(unit, tmp_path / unit.name)
    result = subprocess.run(["systemd-analyze", "verify", str(tmp_path / PATH_UNIT.name)], capture_output=True,
                            text=True)
    complaints = [line for line in result.stderr.splitlines() if "nuea-nginx-maps" in line]
    assert result.returncode == 0 and not complaints, result.stderr
    watched = _options(PATH_UNIT.read_text(encoding="utf-8"))["PathChanged"]
    site = (ROOT / "deploy" / "nginx" / "nuea-news.conf").read_text(encoding="utf-8")
    for path in watched:  # exactly the maps nginx includes
        assert f"include {path};" in site
    assert len(watched) == len(set(re.findall(r"include (/srv/nuea-news/htdocs/\S+\.map);", site)))


def _publish_settings(tmp: Path) -> Path:
    conf = tmp / "publish_settings.py"
    values = {"PATH": str(tmp / "content"), "OUTPUT_PATH": str(tmp / "output"), "CACHE_PATH": str(tmp / "cache"),
              "READ_COUNTS_SOURCE": str(tmp / "no-counter.sqlite3"), "SEARCH_INDEX": False, "IMAGES_WORKERS": 1}
    conf.write_text("from publishconf import *  # noqa\n" + "".join(f"{k} = {v!r}\n" for k, v in values.items()),
                    encoding="utf-8")
    return conf


def test_publish_reaches_nginx_and_a_withdrawal_reloads_it_into_410(tmp_path):
    require_system("nginx", shutil.which("nginx") is not None or Path(nginx_harness.NGINX).exists(),
                   "apt-get install nginx-light")
    from newsroom_service.conftest import Clock, make_settings
    from newsroom_stories.conftest import base_blob, content_repo, form_values

    from newsroom.app import server_app

    content_repo(tmp_path)
    htdocs = tmp_path / "htdocs"
    settings = make_settings(tmp_path, site_settings=_publish_settings(tmp_path), htdocs=str(htdocs),
                             work_dir=tmp_path / "work")
    app = server_app(settings, Clock())
    nr = app.state.newsroom
    nr.create_account("test", "lpg.editor", "editor", ["LPG"], False, "รหัสผ่านยาวพอ-2569")
    os.environ.setdefault("SITEURL", "https://nuea-news.example.go.th")

    async def act(steps):
        from newsroom_service.conftest import Site
        client = Site(app, None, settings).client()
        await client.login("lpg.editor")
        out = await steps(client)
        await client.aclose()
        return out

    def run(steps):
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, act(steps)).result()

    async def publish_two(client):
        urls = []
        for title in ("ลำปางเปิดศูนย์ราชการสะดวก", "ลำปางรณรงค์ลดหมอกควัน"):
            await client.get("/newsroom/stories/new")
            made = await client.post("/newsroom/stories/new", {**form_values(title=title, date=PAST),
                                                               "action": "publish"})
            assert made.status_code == 303, made.text
            urls.append(made.headers["location"].split("?")[0])
        return urls

    first, second = run(publish_two)
    assert nr.jobs.run_once() and not nr.jobs.run_once()  # two publishes, one update
    sid = first.rsplit("/", 1)[-1]
    page = htdocs / "news" / sid / "index.html"
    assert page.is_file() and (htdocs / "news" / sid / "index.html.gz").is_file()
    assert (htdocs / "news" / sid / "index.html.br").is_file()
    assert (htdocs / "withdrawn.map").is_file() and (htdocs / "legacy-redirects.map").is_file()

    setup = nginx_harness.write_test_config(tmp_path / "nginx", htdocs, 8001)
    main = setup.conf.read_text(encoding="utf-8").replace("master_process off;", "master_process on;\nuser root;")
    setup.conf.write_text(main, encoding="utf-8")
    assert nginx_harness.check_config(setup).returncode == 0
    process = nginx_harness.start(setup)
    web = httpx.Client(base_url=f"https://127.0.0.1:{setup.https_port}", verify=False, headers={"Host": HOST})
    try:
        with MapWatcher(htdocs, setup) as watcher:
            served = web.get(f"/news/{sid}/", headers={"Accept-Encoding": "br"})
            assert served.status_code == 200 and "ลำปางเปิดศูนย์ราชการสะดวก" in served.text
            assert served.headers.get("content-encoding") in ("br", "gzip")

            async def withdraw(client):
                form = await client.get(first)
                gone = await client.post(first, {**form_values(title="ลำปางเปิดศูนย์ราชการสะดวก", date=PAST),
                                                 "action": "withdraw", "base_blob": base_blob(form.text)})
                assert gone.status_code == 303
            run(withdraw)
            assert nr.jobs.run_once()
            assert f'"/news/{sid}/" 1;' in (htdocs / "withdrawn.map").read_text(encoding="utf-8")
            assert not page.exists()
            deadline = time.monotonic() + 20
            while (status := web.get(f"/news/{sid}/").status_code) != 410:
                assert time.monotonic() < deadline, f"nginx still answers {status}: not reloaded ({watcher.runs})"
                time.sleep(0.2)
            assert watcher.runs and watcher.runs[-1] == [0, 0]  # nginx -t passed, then the reload
            assert "ถอน" in web.get(f"/news/{sid}/").text
            other = second.rsplit("/", 1)[-1]
            assert web.get(f"/news/{other}/").status_code == 200  # the other story stays
    finally:
        web.close()
        subprocess.run(setup.command("-s", "quit"), capture_output=True)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
