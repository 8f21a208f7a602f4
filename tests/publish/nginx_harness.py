"""Run Debian's nginx on deploy/nginx/nuea-news.conf in a private folder: `nginx -t`, or a real server on loopback.

The site file is used as shipped except for the lines that name this machine's paths and ports; each replacement
must match, so a change to the site file that breaks this harness fails loudly instead of testing something else.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE_CONF = ROOT / "deploy" / "nginx" / "nuea-news.conf"
BROTLI_SNIPPET = ROOT / "deploy" / "nginx" / "nuea-news-brotli.conf"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# written into the site by every build (plugins/legacy_redirects, plugins/withdrawn); the site file includes them
GENERATED_MAPS = ("legacy-redirects.map", "legacy-ids.map", "withdrawn.map", "withdrawn-ids.map")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class NginxSetup:
    workdir: Path
    conf: Path
    https_port: int
    http_port: int
    brotli: bool

    def command(self, *extra: str) -> list[str]:
        return [NGINX, "-p", str(self.workdir), "-c", str(self.conf), "-e", str(self.workdir / "logs" / "error.log"),
                *extra]


def _replace(text: str, old: str, new: str) -> str:
    if old not in text:
        raise AssertionError(f"{SITE_CONF.name} no longer contains {old!r}; update tests/publish/nginx_harness.py")
    return text.replace(old, new)


def _certificate(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "2", "-subj", "/CN=nuea-news.example.go.th",
                    "-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem")],
                   check=True, capture_output=True)


def write_test_config(workdir: Path, site_root: Path, api_port: int, brotli: bool | None = None) -> NginxSetup:
    """A main nginx.conf that includes the shipped site file with test paths and ports."""
    brotli = BROTLI_MODULE.exists() if brotli is None else brotli
    for sub in ("logs", "tmp", "snippets"):
        (workdir / sub).mkdir(parents=True, exist_ok=True)
    _certificate(workdir / "ssl")
    https_port, http_port = free_port(), free_port()
    site = SITE_CONF.read_text(encoding="utf-8")
    for old, new in (
        ("/srv/nuea-news/htdocs", str(site_root)),
        ("/etc/ssl/nuea-news/", f"{workdir}/ssl/"),
        ("/etc/nginx/snippets/", f"{workdir}/snippets/"),
        ("/var/log/nginx/", f"{workdir}/logs/"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("server 127.0.0.1:8001 ", f"server 127.0.0.1:{api_port} "),
    ):
        site = _replace(site, old, new)
    (workdir / "nuea-news.conf").write_text(site, encoding="utf-8")
    if brotli:
        shutil.copy(BROTLI_SNIPPET, workdir / "snippets" / BROTLI_SNIPPET.name)
    tmp = workdir / "tmp"
    main = "\n".join([
        f"load_module {BROTLI_MODULE};" if brotli else "# brotli_static module not installed",
        "daemon off;",
        "master_process off;",
        f"pid {workdir}/nginx.pid;",
        f"error_log {workdir}/logs/error.log warn;",
        "events { worker_connections 64; }",
        "http {",
        "    include /etc/nginx/mime.types;",
        "    default_type application/octet-stream;",
        *(f"    {kind}_temp_path {tmp}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")),
        f"    include {workdir}/nuea-news.conf;",
        "}",
        "",
    ])
    conf = workdir / "nginx.conf"
    conf.write_text(main, encoding="utf-8")
    return NginxSetup(workdir, conf, https_port, http_port, brotli)


def check_config(setup: NginxSetup) -> subprocess.CompletedProcess:
    return subprocess.run(setup.command("-t"), capture_output=True, text=True)


def start(setup: NginxSetup) -> subprocess.Popen:
    process = subprocess.Popen(setup.command(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {process.stderr.read().decode(errors='replace')}"
                               f"{(setup.workdir / 'logs' / 'error.log').read_text(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", setup.https_port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("nginx did not start listening within 10 s")
