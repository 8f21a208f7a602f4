"""deploy/systemd/nuea-readcounter.service: valid for systemd, hardened, and pointed where nginx proxies /api/."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from system import require_command, require_system

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "deploy" / "systemd" / "nuea-readcounter.service"
NGINX_SITE = ROOT / "deploy" / "nginx" / "nuea-news.conf"


def _options(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "=" in line and not line.lstrip().startswith(("#", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def test_counter_listens_where_nginx_proxies():
    options = _options(UNIT.read_text(encoding="utf-8"))
    exec_start = options["ExecStart"][0]
    assert exec_start.split()[1:3] == ["-m", "readcounter"]
    port = re.search(r"--port (\d+)", exec_start).group(1)
    host = re.search(r"--host (\S+)", exec_start).group(1)
    site = NGINX_SITE.read_text(encoding="utf-8")
    upstream = re.search(r"upstream nuea_readcounter \{(.*?)\}", site, re.S).group(1)
    assert f"server {host}:{port} " in upstream and "proxy_pass http://nuea_readcounter;" in site
    env = dict(value.split("=", 1) for value in options["Environment"])
    assert env["READCOUNTER_TRUSTED_PROXIES"].split(",")[0] == "127.0.0.1"


def test_unit_is_hardened():
    options = _options(UNIT.read_text(encoding="utf-8"))
    for key, value in {"DynamicUser": "yes", "NoNewPrivileges": "yes", "ProtectSystem": "strict",
                       "ProtectHome": "yes", "PrivateTmp": "yes", "IPAddressDeny": "any",
                       "IPAddressAllow": "localhost", "CapabilityBoundingSet": ""}.items():
        assert options.get(key) == [value], key


@pytest.fixture
def verifiable_unit(tmp_path) -> Path:
    """The unit with this machine's Python (systemd-analyze verify checks that ExecStart exists)."""
    require_command("systemd-analyze", "systemd")
    text = UNIT.read_text(encoding="utf-8").replace("/srv/nuea-news/app/.venv/bin/python", sys.executable)
    path = tmp_path / UNIT.name
    path.write_text(text, encoding="utf-8")
    return path


def test_systemd_analyze_verify_is_clean(verifiable_unit):
    result = subprocess.run(["systemd-analyze", "verify", str(verifiable_unit)], capture_output=True, text=True)
    complaints = [line for line in result.stderr.splitlines() if verifiable_unit.name in line]
    assert result.returncode == 0 and not complaints, result.stderr


def test_systemd_exposure_is_low(verifiable_unit):
    result = subprocess.run(["systemd-analyze", "security", "--offline=yes", str(verifiable_unit)],
                            capture_output=True, text=True)
    level = re.search(r"Overall exposure level for \S+: ([\d.]+)", result.stdout)
    require_system("systemd-analyze security --offline", level is not None, result.stderr.strip()[:200])
    assert float(level.group(1)) <= 2.0, result.stdout[-2000:]
