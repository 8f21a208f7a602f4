"""deploy/ for several instances: Debian's nginx on the shipped site file with its upstream of two REAL counter
instances on a REAL PostgreSQL (one killed mid-way), and the systemd template unit for them."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psycopg
from counter_service import reader
from pg_fixtures import pg_cluster, pg_instances, pg_url  # noqa: F401 (fixtures)
from publish import nginx_harness

from system import require_command

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "systemd" / "nuea-readcounter@.service"
SINGLE = ROOT / "deploy" / "systemd" / "nuea-readcounter.service"
INSTANCES = ROOT / "deploy" / "nginx" / "nuea-readcounter-instances.conf"
HOST = "nuea-news.example.go.th"


def test_nginx_spreads_reads_over_two_instances_and_retries_a_killed_one(tmp_path, pg_instances, pg_url):
    require_command("nginx", "nginx-light")
    a, b = pg_instances(2)
    site = tmp_path / "htdocs"
    site.mkdir()
    for generated in nginx_harness.GENERATED_MAPS:  # written by every build; nginx includes them
        (site / generated).write_text("", encoding="utf-8")
    setup = nginx_harness.write_test_config(tmp_path / "nginx", site, a.port)
    snippet = INSTANCES.read_text(encoding="utf-8")
    assert "server 127.0.0.1:8011 " in snippet
    (setup.workdir / "snippets" / INSTANCES.name).write_text(
        snippet.replace("server 127.0.0.1:8011 ", f"server 127.0.0.1:{b.port} "), encoding="utf-8")
    assert nginx_harness.check_config(setup).returncode == 0
    process = nginx_harness.start(setup)
    try:
        with httpx.Client(base_url=f"https://127.0.0.1:{setup.https_port}", verify=False, headers={"Host": HOST},
                          timeout=10) as client:
            answers = []
            for n in range(16):  # paced under nginx's limit (10 requests/s per address, burst 20)
                if n == 8:
                    a.kill9()  # the upstream's first server dies: nginx sends the POST to the other instance
                answers.append(client.post("/api/reads/story-1", headers=reader(n)))
                time.sleep(0.05)
                if n == 7:
                    with psycopg.connect(pg_url) as conn:  # both instances counted (each into its own shard)
                        shards = conn.execute("SELECT count(DISTINCT shard) FROM reads_total").fetchone()[0]
            assert [r.status_code for r in answers] == [200] * 16
            assert all(r.json()["counted"] for r in answers)
            assert answers[-1].json()["reads"] == 1 + 16
            assert shards == 2
            again = client.post("/api/reads/story-1", headers=reader(3))  # a reader seen by the killed instance
            assert again.json() == {"id": "story-1", "reads": 17, "counted": False}
    finally:
        process.terminate()
        process.wait(timeout=10)
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT sum(reads) FROM reads_total").fetchone()[0] == 16


def _options(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "=" in line and not line.lstrip().startswith(("#", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def test_template_unit_takes_the_database_url_from_an_environment_file_and_is_hardened():
    options = _options(TEMPLATE.read_text(encoding="utf-8"))
    assert options["EnvironmentFile"] == ["/etc/nuea-news/readcounter.env"]  # required: no "-" prefix
    assert re.search(r"-m readcounter --host 127\.0\.0\.1 --port %i$", options["ExecStart"][0])
    for key, value in {"DynamicUser": "yes", "NoNewPrivileges": "yes", "ProtectSystem": "strict",
                       "ProtectHome": "yes", "PrivateTmp": "yes", "IPAddressDeny": "any",
                       "IPAddressAllow": "localhost", "CapabilityBoundingSet": ""}.items():
        assert options.get(key) == [value], key
    assert "StateDirectory" not in options  # nothing on this machine's disk: the counts are in PostgreSQL
    example = (ROOT / "deploy" / "systemd" / "readcounter.env.example").read_text(encoding="utf-8")
    assert re.search(r"^READCOUNTER_DATABASE_URL=postgresql://", example, re.M)
    single = _options(SINGLE.read_text(encoding="utf-8"))
    assert single["RuntimeDirectory"] == ["nuea-readcounter"] and single["RuntimeDirectoryPreserve"] == ["restart"]


def test_template_instance_passes_systemd_analyze(tmp_path):
    require_command("systemd-analyze", "systemd")
    text = TEMPLATE.read_text(encoding="utf-8").replace("/srv/nuea-news/app/.venv/bin/python", sys.executable)
    text = text.replace("/etc/nuea-news/readcounter.env", str(tmp_path / "readcounter.env"))
    (tmp_path / "readcounter.env").write_text("READCOUNTER_DATABASE_URL=postgresql://x@/y\n", encoding="utf-8")
    unit = tmp_path / "nuea-readcounter@8001.service"
    unit.write_text(text, encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True)
    complaints = [line for line in result.stderr.splitlines() if "nuea-readcounter@" in line]
    assert result.returncode == 0 and not complaints, result.stderr
    security = subprocess.run(["systemd-analyze", "security", "--offline=yes", str(unit)],
                              capture_output=True, text=True)
    level = re.search(r"Overall exposure level for \S+: ([\d.]+)", security.stdout)
    assert level and float(level.group(1)) <= 2.0, security.stdout[-2000:] + security.stderr
