"""deploy/nginx/nuea-news.conf under Debian's nginx: `nginx -t`, then a real server in front of a published build."""
from __future__ import annotations

import gzip
import json
import os
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from system import require_system

from . import nginx_harness
from .conftest import LEGACY, SITEURL, STORIES

HOST = "nuea-news.example.go.th"


@pytest.fixture(scope="module")
def nginx_required():
    require_system("nginx", bool(shutil.which("nginx")) or os.path.exists(nginx_harness.NGINX),
                   "apt-get install nginx-light")


class _EchoCounter(BaseHTTPRequestHandler):
    """Stands in for the read counter behind /api/: answers with what nginx forwarded."""

    def do_GET(self):
        body = json.dumps({"path": self.path, "xff": self.headers.get("X-Forwarded-For"),
                           "proto": self.headers.get("X-Forwarded-Proto"), "host": self.headers.get("Host")})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def echo_counter():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EchoCounter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def nginx(nginx_required, published, echo_counter, tmp_path_factory):
    setup = nginx_harness.write_test_config(tmp_path_factory.mktemp("nginx"), published.output, echo_counter)
    process = nginx_harness.start(setup)
    client = httpx.Client(base_url=f"https://127.0.0.1:{setup.https_port}", verify=False, headers={"Host": HOST},
                          timeout=5)
    yield setup, client
    client.close()
    process.terminate()
    process.wait(timeout=10)


def test_nginx_t_accepts_the_shipped_config_with_and_without_brotli(nginx_required, published, tmp_path):
    variants = [False] + ([True] if nginx_harness.BROTLI_MODULE.exists() else [])
    for brotli in variants:
        setup = nginx_harness.write_test_config(tmp_path / f"brotli-{brotli}", published.output, 8001, brotli)
        result = nginx_harness.check_config(setup)
        assert result.returncode == 0 and "syntax is ok" in result.stderr, result.stderr


def test_pages_are_served_precompressed_with_short_cache(nginx, published):
    setup, client = nginx
    raw = (published.output / "news" / "cmi-haze-today" / "index.html").read_bytes()
    response = client.get("/news/cmi-haze-today/", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert response.content == raw
    assert response.headers["cache-control"] == "public, max-age=300"
    assert "accept-encoding" in response.headers.get("vary", "").lower()
    assert response.headers["x-content-type-options"] == "nosniff"
    if setup.brotli:
        response = client.get("/news/cmi-haze-today/", headers={"Accept-Encoding": "br, gzip"})
        assert response.headers["content-encoding"] == "br" and response.content == raw
    plain = client.get("/news/cmi-haze-today/", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == raw
    assert gzip.decompress((published.output / "sitemap.xml.gz").read_bytes()) == (
        published.output / "sitemap.xml").read_bytes()


def test_assets_cache_long_when_hashed_and_a_day_otherwise(nginx, published):
    _, client = nginx
    assert client.get("/theme/css/site.css").headers["cache-control"] == "public, max-age=86400"
    hashed = published.output / "theme" / "css" / "site.0123abcd.css"  # a content-hashed name
    hashed.write_text("body{}")
    try:
        assert client.get("/theme/css/site.0123abcd.css").headers["cache-control"] == (
            "public, max-age=31536000, immutable")
    finally:
        hashed.unlink()


def test_every_legacy_address_redirects_once_to_its_story(nginx, published):
    _, client = nginx
    mapped = (published.output / "legacy-redirects.map").read_text(encoding="utf-8")
    assert "draft.php" not in mapped  # a draft has no public address to send readers to
    for story_id, legacy_url in LEGACY.items():
        old = httpx.URL(legacy_url).raw_path.decode()  # path + query, percent-encoded as a browser sends it
        response = client.get(old)
        assert response.status_code == 301, (legacy_url, response.status_code)
        target = response.headers["location"]
        assert target == f"{SITEURL}/news/{story_id}/"
        story = client.get(httpx.URL(target).path)
        assert story.status_code == 200
        assert STORIES[story_id][1]["title"] in story.text
    plain_http = httpx.get(f"http://127.0.0.1:{nginx[0].http_port}/news/show.php?id=185&cat=2",
                           headers={"Host": HOST})
    assert plain_http.status_code == 301 and plain_http.headers["location"].endswith("/news/hang-chat-gecc/")


def test_plain_http_goes_to_https_on_our_own_name(nginx):
    setup, _ = nginx
    response = httpx.get(f"http://127.0.0.1:{setup.http_port}/news/cmi-haze-today/?a=1",
                         headers={"Host": "evil.example"})
    assert response.status_code == 301
    assert response.headers["location"] == f"https://{HOST}/news/cmi-haze-today/?a=1"


def test_api_is_proxied_to_the_counter_with_the_client_address(nginx):
    _, client = nginx
    response = client.get("/api/reads?ids=cmi-haze-today")
    assert response.status_code == 200
    seen = response.json()
    assert seen["path"] == "/api/reads?ids=cmi-haze-today"
    assert seen["xff"] == "127.0.0.1" and seen["proto"] == "https" and seen["host"] == HOST
    assert "cache-control" not in response.headers  # the counter decides its own caching
    forged = client.get("/api/reads", headers={"X-Forwarded-For": "203.0.113.9"}).json()
    assert forged["xff"] == "203.0.113.9, 127.0.0.1"  # nginx appends the real peer; the counter reads from the right


def test_unknown_address_gets_the_thai_404_page(nginx, published):
    _, client = nginx
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.text
    assert client.get("/legacy-redirects.map").status_code == 404  # server data, not for readers
    stale = published.output / "drafts" / "old-preview" / "index.html"  # left by an earlier local build
    stale.parent.mkdir(parents=True)
    stale.write_text("<p>ร่าง</p>", encoding="utf-8")
    try:
        assert client.get("/drafts/old-preview/").status_code == 404
    finally:
        shutil.rmtree(published.output / "drafts")


def test_withdrawn_story_and_its_old_address_answer_410(nginx, published):
    _, client = nginx
    assert not (published.output / "news" / "lpn-withdrawn").exists()
    for path in ("/news/lpn-withdrawn/", "/lamphun/detail_new.php?id=900&cat=1"):
        response = client.get(path)
        assert response.status_code == 410, path
        assert "ข่าวนี้ถูกถอนแล้ว" in response.text
    assert client.get("/withdrawn.map").status_code == 404  # server data, not for readers
    assert client.get("/news/cmi-haze-today/").status_code == 200


def test_access_log_keeps_no_client_address_or_user_agent(nginx):
    setup, client = nginx
    assert client.get("/", headers={"User-Agent": "NueaTestBrowser/1.0"}).status_code == 200
    log = (setup.workdir / "logs" / "nuea-news.access.log").read_text(encoding="utf-8")
    assert '"GET / HTTP/' in log  # the request is logged ...
    assert "127.0.0.1" not in log and "NueaTestBrowser" not in log  # ... but not who sent it


def test_every_answer_carries_the_strict_content_security_policy(nginx, published):
    from plugins.content_security.policy import strict_policy

    _, client = nginx
    hashed_css = next((published.output / "theme" / "css").glob("site.*.css")).name
    for path in ("/", "/news/cmi-haze-today/", "/no-such-page/", f"/theme/css/{hashed_css}", "/favicon.ico",
                 "/feeds/all.rss.xml", "/api/reads?ids=cmi-haze-today"):
        response = client.get(path)
        assert response.headers.get("content-security-policy") == strict_policy(), path
    hashed = client.get(f"/theme/css/{hashed_css}")
    assert hashed.status_code == 200 and hashed.headers["cache-control"] == "public, max-age=31536000, immutable"
    manifest = client.get("/site.webmanifest")
    assert manifest.status_code == 200 and manifest.headers["content-type"] == "application/manifest+json"
    assert manifest.json()["lang"] == "th"
