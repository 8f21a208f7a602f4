"""Chromium (Playwright, Debian's /usr/bin/chromium) against a real uvicorn: login flows by exact accessible
names, lockout and unlock (injected clock), TOTP enrolment and login, cookie flags over HTTP and HTTPS, session
expiry, a writer refused at the admin pages, and a strict CSP that the pages never break."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from system import require_system

from conftest import CHROMIUM
from newsroom import totp
from newsroom.app import server_app
from newsroom.settings import Settings

from .conftest import PASSWORD, Clock, make_settings
from .live_server import LiveServer, self_signed


@pytest.fixture(scope="module")
def chromium(browser):
    """The suite's one Chromium (tests/conftest.py); REQUIRE_SYSTEM=1 makes its absence a failure here too."""
    require_system("Chromium", Path(CHROMIUM).exists(), "apt-get install chromium")
    return browser


class Live:
    def __init__(self, tmp: Path, tls=None):
        self.clock = Clock()
        self.settings = make_settings(tmp, trusted_proxies=Settings.from_env(
            {"NEWSROOM_TRUSTED_PROXIES": "127.0.0.1"}).trusted_proxies)
        self.app = server_app(self.settings, self.clock)
        self.newsroom = self.app.state.newsroom
        self.server = LiveServer(self.app, tls)

    def add(self, name, role, agencies=(), all_agencies=False):
        self.newsroom.create_account("test", name, role, list(agencies), all_agencies, PASSWORD)


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    site = Live(tmp_path_factory.mktemp("live"))
    with site.server:
        yield site


@pytest.fixture
def page(chromium, live):
    context = chromium.new_context(base_url=live.server.url, locale="th-TH")
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and page.csp_violations.append(m.text))
    yield page
    context.close()


def log_in(page, name, password=PASSWORD):
    page.goto("/newsroom/login")
    page.get_by_label("ชื่อผู้ใช้", exact=True).fill(name)
    page.get_by_label("รหัสผ่าน", exact=True).fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ", exact=True).click()
    page.wait_for_load_state()


def test_log_in_and_out_by_exact_names(page, live):
    live.add("lpg.reporter", "writer", ["ส.ปชส.ลำปาง"])
    log_in(page, "lpg.reporter")
    assert page.url == f"{live.server.url}/newsroom/"
    assert page.get_by_role("heading", name="รายการข่าว", exact=True).is_visible()
    new_story = page.get_by_role("link", name="เขียนข่าวใหม่", exact=True)
    assert new_story.get_attribute("href") == "/newsroom/stories/new"
    assert page.evaluate("document.fonts.check('16px Sarabun')") and page.evaluate(
        "[...document.fonts].some(f => f.family.includes('Sarabun') && f.status === 'loaded')")
    page.get_by_role("button", name="ออกจากระบบ", exact=True).click()
    page.wait_for_url(re.compile(r"/newsroom/login\?m=out$"))
    assert page.get_by_role("status").inner_text() == "ออกจากระบบแล้ว"
    page.goto("/newsroom/")
    assert page.url.endswith("/newsroom/login")
    assert page.csp_violations == []


def test_wrong_password_locks_then_unlocks_after_the_period(page, live):
    live.add("lock.me", "writer", ["NAN"])
    for i in range(live.settings.account_failures):
        log_in(page, "lock.me", f"wrong-password-{i}")
        assert page.get_by_label("ชื่อผู้ใช้", exact=True).input_value() == "lock.me"  # what was typed stays
    alert = page.get_by_role("alert").inner_text()
    assert "ล็อกไว้ชั่วคราว" in alert and "15 นาที" in alert
    log_in(page, "lock.me")  # the right password, still locked
    assert "ล็อกไว้ชั่วคราว" in page.get_by_role("alert").inner_text()
    password = page.get_by_label("รหัสผ่าน", exact=True)
    assert password.get_attribute("aria-describedby") == "login-error"
    live.clock.advance(live.settings.lock_seconds + 1)
    log_in(page, "lock.me")
    assert page.url.endswith("/newsroom/")


def test_totp_enrolment_by_qr_and_login_with_the_code(page, live):
    live.add("chief.editor", "editor", all_agencies=True)
    log_in(page, "chief.editor")
    page.goto("/newsroom/account")
    page.get_by_role("link", name="ตั้งค่ารหัสยืนยันสองชั้น", exact=True).click()
    qr = page.locator("figure.nr-qr svg")
    box = qr.bounding_box()
    assert box and box["width"] > 150 and box["width"] == box["height"]
    assert page.get_by_role("img", name="คิวอาร์โค้ดสำหรับแอปยืนยันตัวตน").count() == 1 or qr.locator("title").count()
    secret = page.locator(".nr-secret").inner_text()
    page.get_by_label("รหัสยืนยัน", exact=True).fill(totp.code_at(secret, live.clock()))
    page.get_by_role("button", name="เปิดใช้รหัสยืนยันสองชั้น", exact=True).click()
    assert page.get_by_role("status").inner_text() == "เปิดใช้รหัสยืนยันสองชั้นแล้ว"
    page.get_by_role("button", name="ออกจากระบบ", exact=True).click()
    live.clock.advance(60)
    log_in(page, "chief.editor")
    assert page.url.endswith("/newsroom/login/totp")
    page.get_by_label("รหัสยืนยัน", exact=True).fill(totp.code_at(secret, live.clock()))
    page.get_by_role("button", name="ยืนยัน", exact=True).click()
    page.wait_for_url(re.compile(r"/newsroom/$"))
    assert page.csp_violations == []


def test_http_cookie_flags_and_session_expiry(page, live):
    live.add("idle.writer", "writer", ["PYO"])
    log_in(page, "idle.writer")
    [cookie] = [c for c in page.context.cookies() if c["name"] == "nuea_newsroom"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and not cookie["secure"]
    assert cookie["path"] == "/newsroom/" and cookie["expires"] == -1  # a browser-session cookie
    live.clock.advance(live.settings.session_idle + 1)
    page.reload()
    assert page.url.endswith("/newsroom/login")


def test_writer_gets_403_at_admin_pages(page, live):
    live.add("plain.writer", "writer", ["LPN"])
    log_in(page, "plain.writer")
    assert page.get_by_role("link", name="บัญชีผู้ใช้", exact=True).count() == 0
    response = page.goto("/newsroom/admin/accounts")
    assert response.status == 403 and "ผู้ดูแลระบบ" in page.get_by_role("alert").inner_text()


def test_https_cookie_is_secure(chromium, tmp_path):
    site = Live(tmp_path / "site", tls=self_signed(tmp_path / "tls"))
    site.add("tls.writer", "writer", ["LPG"])
    with site.server:
        context = chromium.new_context(base_url=site.server.url, ignore_https_errors=True)
        page = context.new_page()
        log_in(page, "tls.writer")
        assert page.url == f"{site.server.url}/newsroom/"
        [cookie] = [c for c in context.cookies() if c["name"] == "nuea_newsroom"]
        assert cookie["secure"] and cookie["httpOnly"] and cookie["sameSite"] == "Lax"
        context.close()
