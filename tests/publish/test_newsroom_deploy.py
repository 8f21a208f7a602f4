"""The newsroom in production: a real nginx on the shipped site file in front of a real uvicorn newsroom
(HTTPS only, Secure cookie through X-Forwarded-Proto, the app's headers not doubled or overridden), and the
systemd unit (systemd-analyze verify, hardening, the port nginx proxies to)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import httpx
import pytest
from system import require_command, require_system

from newsroom.app import server_app
from newsroom.settings import Settings

from . import nginx_harness
from .test_systemd_unit import _options

UNIT = nginx_harness.ROOT / "deploy" / "systemd" / "nuea-newsroom.service"
HOST = "nuea-news.example.go.th"
PASSWORD = "รหัสผ่านยาวพอ-2569"


@pytest.fixture(scope="module")
def newsroom_behind_nginx(published, tmp_path_factory):
    require_system("nginx", shutil.which("nginx") is not None or nginx_harness.Path(nginx_harness.NGINX).exists(),
                   "apt-get install nginx-light")
    from newsroom_service.conftest import make_settings
    from newsroom_service.live_server import LiveServer
    tmp = tmp_path_factory.mktemp("newsroom-nginx")
    settings = make_settings(tmp, trusted_proxies=Settings.from_env(
        {"NEWSROOM_TRUSTED_PROXIES": "127.0.0.1"}).trusted_proxies)
    app = server_app(settings)
    app.state.newsroom.create_account("test", "lpg.writer", "writer", ["LPG"], False, PASSWORD)
    with LiveServer(app) as server:
        setup = nginx_harness.write_test_config(tmp / "nginx", published.output, 8001)
        site = setup.workdir / "nuea-news.conf"
        text = site.read_text(encoding="utf-8")
        assert "proxy_pass http://127.0.0.1:8002;" in text
        site.write_text(text.replace("http://127.0.0.1:8002", f"http://127.0.0.1:{server.port}"), encoding="utf-8")
        assert nginx_harness.check_config(setup).returncode == 0
        process = nginx_harness.start(setup)
        yield setup, app
        process.terminate()
        process.wait(timeout=10)


def test_newsroom_is_https_only_with_its_own_headers(newsroom_behind_nginx):
    setup, _app = newsroom_behind_nginx
    plain = httpx.get(f"http://127.0.0.1:{setup.http_port}/newsroom/login", headers={"Host": HOST})
    assert plain.status_code == 301 and plain.headers["location"] == f"https://{HOST}/newsroom/login"
    with httpx.Client(base_url=f"https://127.0.0.1:{setup.https_port}", verify=False, headers={"Host": HOST}) as web:
        assert web.get("/newsroom").headers["location"].endswith("/newsroom/")
        page = web.get("/newsroom/login")
        assert page.status_code == 200 and "เข้าสู่ระบบ" in page.text
        for name in ("content-security-policy", "cache-control", "x-content-type-options", "referrer-policy",
                     "strict-transport-security"):
            assert len(page.headers.get_list(name)) == 1, (name, page.headers.get_list(name))
        assert page.headers["cache-control"] == "no-store"
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        cookie = page.headers["set-cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie  # HTTPS seen through nginx's X-Forwarded-Proto
        token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        login = web.post("/newsroom/login", data={"csrf": token, "name": "lpg.writer", "password": PASSWORD})
        assert login.status_code == 303 and login.headers["location"] == "/newsroom/"
        assert web.get("/newsroom/").status_code == 200


def test_login_failures_through_nginx_store_no_address(newsroom_behind_nginx):
    setup, app = newsroom_behind_nginx
    with httpx.Client(base_url=f"https://127.0.0.1:{setup.https_port}", verify=False, headers={"Host": HOST}) as web:
        token = re.search(r'name="csrf" value="([^"]+)"', web.get("/newsroom/login").text).group(1)
        assert web.post("/newsroom/login", data={"csrf": token, "name": "lpg.writer",
                                                 "password": "wrong-password"}).status_code == 401
    db = app.state.newsroom.settings.db_path
    raw = b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))
    assert b"127.0.0.1" not in raw


def test_newsroom_unit_listens_where_nginx_proxies_and_is_hardened():
    options = _options(UNIT.read_text(encoding="utf-8"))
    exec_start = options["ExecStart"][0]
    assert exec_start.split()[1:4] == ["-m", "newsroom", "serve"]
    host, port = re.search(r"--host (\S+)", exec_start).group(1), re.search(r"--port (\d+)", exec_start).group(1)
    site = (nginx_harness.ROOT / "deploy" / "nginx" / "nuea-news.conf").read_text(encoding="utf-8")
    assert f"proxy_pass http://{host}:{port};" in site
    env = dict(value.split("=", 1) for value in options["Environment"])
    assert env["NEWSROOM_TRUSTED_PROXIES"].split(",")[0] == "127.0.0.1"
    assert env["NEWSROOM_DB"].startswith("/var/lib/nuea-newsroom/")
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
                       "PrivateTmp": "yes", "IPAddressDeny": "any", "IPAddressAllow": "localhost",
                       "CapabilityBoundingSet": "", "StateDirectory": "nuea-newsroom"}.items():
        assert options.get(key) == [value], key
    assert options["ReadWritePaths"] == ["/srv/nuea-news/app/content /srv/nuea-news/app/.git",
                                         "/srv/nuea-news/app/output /srv/nuea-news/app/cache /srv/nuea-news/htdocs"]
    assert env["NEWSROOM_HTDOCS"] == "/srv/nuea-news/htdocs"  # where nginx's root is
    assert "root /srv/nuea-news/htdocs;" in site
    assert env["NEWSROOM_SITE_SETTINGS"] == "/srv/nuea-news/app/publishconf.py"


def test_newsroom_unit_passes_systemd_analyze_verify(tmp_path):
    require_command("systemd-analyze", "systemd")
    text = UNIT.read_text(encoding="utf-8").replace("/srv/nuea-news/app/.venv/bin/python", sys.executable)
    path = tmp_path / UNIT.name
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", str(path)], capture_output=True, text=True)
    complaints = [line for line in result.stderr.splitlines() if UNIT.name in line]
    assert result.returncode == 0 and not complaints, result.stderr
