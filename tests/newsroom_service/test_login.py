"""Login, sessions, lockout, CSRF and headers, in process (httpx ASGITransport) with an injected clock."""
from __future__ import annotations

import re

import pytest

from newsroom import totp
from newsroom.pages import COOKIE

from .conftest import PASSWORD

def cookie_header(response) -> str:
    headers = [v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith(COOKIE + "=")]
    assert len(headers) == 1, response.headers
    return headers[0]


async def test_login_lands_on_the_story_list_with_a_new_session(site):
    site.add_account("lpg.writer", "writer", ["ส.ปชส.ลำปาง"])
    client = site.client()
    page = await client.get("/newsroom/login")
    before = client.http.cookies[COOKIE]
    for label in ("ชื่อผู้ใช้", "รหัสผ่าน"):
        assert f">{label}</label>" in page.text
    assert re.search(r'<button type="submit"[^>]*>เข้าสู่ระบบ</button>', page.text)
    response = await client.post("/newsroom/login", {"name": "lpg.writer", "password": PASSWORD})
    assert response.status_code == 303 and response.headers["location"] == "/newsroom/"
    assert client.http.cookies[COOKIE] != before  # rotated at login
    home = await client.get("/newsroom/")
    assert home.status_code == 200 and "เขียนข่าวใหม่" in home.text and "ออกจากระบบ" in home.text
    assert 'href="/newsroom/stories/new"' in home.text
    assert (await client.get("/newsroom/stories/new")).status_code == 200
    # the pre-login session is gone: the old token is not a way in
    stale = site.client()
    stale.http.cookies.set(COOKIE, before)
    assert (await stale.get("/newsroom/")).status_code == 303


async def test_wrong_password_keeps_the_name_and_says_so_in_thai(site):
    site.add_account("editor1", "editor", ["LPG"])
    client = site.client()
    response = await client.login("editor1", "wrong password!!")
    assert response.status_code == 401
    assert 'value="editor1"' in response.text and "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.text
    assert 'aria-invalid="true"' in response.text and "wrong password" not in response.text
    unknown = await client.login("nobody", "whatever123")
    assert unknown.status_code == 401 and "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in unknown.text
    empty = await client.login("editor1", "")
    assert empty.status_code == 400 and "กรุณากรอก" in empty.text and 'value="editor1"' in empty.text


async def test_account_locks_after_n_failures_and_unlocks_after_the_period(site, clock):
    site.add_account("victim", "writer", ["LPG"])
    attacker = site.client(peer="198.51.100.1")
    limit = site.settings.account_failures
    for i in range(limit - 1):
        assert (await attacker.login("victim", f"guess-{i}-xxxx")).status_code == 401
    locked = await attacker.login("victim", "guess-last-xxxx")
    assert locked.status_code == 429 and "ล็อก" in locked.text and "15 นาที" in locked.text
    # even the right password, from another client, is refused while the account is locked
    owner = site.client(peer="203.0.113.50")
    refused = await owner.login("victim")
    assert refused.status_code == 429 and 'value="victim"' in refused.text
    clock.advance(site.settings.lock_seconds - 5)
    assert (await owner.login("victim")).status_code == 429
    clock.advance(10)
    assert (await owner.login("victim")).status_code == 303


async def test_a_client_guessing_many_accounts_is_locked(site, clock):
    site.add_account("real.user", "writer", ["LPG"])
    guesser = site.client(peer="198.51.100.9")
    statuses = [(await guesser.login(f"name{i}", "xxxxxxxxxxx")).status_code
                for i in range(site.settings.client_failures)]
    assert statuses[:-1] == [401] * (site.settings.client_failures - 1) and statuses[-1] == 429
    assert (await guesser.login("real.user")).status_code == 429  # the client, not the account
    assert (await site.client(peer="203.0.113.8").login("real.user")).status_code == 303
    clock.advance(site.settings.lock_seconds + 1)
    assert (await guesser.login("real.user")).status_code == 303


async def test_no_raw_address_or_typed_name_is_stored(site):
    site.add_account("known", "writer", ["LPG"])
    client = site.client(peer="198.51.100.77")
    await client.login("known", "bad-password-1")
    await client.login("my-secret-typo", "bad-password-2")
    raw = b"".join(p.read_bytes() for p in site.settings.db_path.parent.glob("newsroom.sqlite3*"))
    assert b"198.51.100.77" not in raw and b"my-secret-typo" not in raw
    with site.newsroom.db.connect() as conn:
        rows = conn.execute("SELECT actor, action, target, detail FROM audit_log WHERE action='login_failed'").fetchall()
    assert [r["target"] for r in rows] == ["known", "(ไม่มีบัญชีนี้)"]
    assert all("198.51.100.77" not in r["detail"] for r in rows)
    assert rows[0]["detail"] == rows[1]["detail"]  # the same client, linkable within the salt's period only


async def test_client_key_salt_rotates_and_old_salts_are_deleted(site, clock):
    client = site.client()
    await client.login("x1", "bad-password-1")
    with site.newsroom.db.connect() as conn:
        first = conn.execute("SELECT salt FROM client_salts").fetchall()
    clock.advance(site.settings.salt_period + 1)
    await client.login("x1", "bad-password-1")
    clock.advance(2 * site.settings.salt_period + 1)
    await client.login("x1", "bad-password-1")
    with site.newsroom.db.connect() as conn:
        salts = [r[0] for r in conn.execute("SELECT salt FROM client_salts")]
    assert len(first) == 1 and first[0][0] not in salts and len(salts) <= 2


async def test_cookie_flags_over_http_and_https(site):
    site.add_account("wr", "writer", ["LPG"])
    plain = cookie_header(await site.client().get("/newsroom/login"))
    assert "HttpOnly" in plain and "SameSite=lax" in plain and "Path=/newsroom" in plain and "Secure" not in plain
    https = cookie_header(await site.client(base_url="https://newsroom.test").get("/newsroom/login"))
    assert "Secure" in https and "HttpOnly" in https
    proxied = site.client(peer="127.0.0.1", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.4"})
    assert "Secure" in cookie_header(await proxied.get("/newsroom/login"))
    forged = site.client(peer="203.0.113.4", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" not in cookie_header(await forged.get("/newsroom/login"))
    bad = site.client(peer="127.0.0.1", headers={"X-Forwarded-For": "not-an-ip"})
    await bad.get("/newsroom/login")
    assert (await bad.post("/newsroom/login", {"name": "wr", "password": PASSWORD})).status_code == 400


async def test_session_ends_when_idle_and_at_its_absolute_limit(site, clock):
    site.add_account("wr", "writer", ["LPG"])
    client = site.client()
    await client.login("wr")
    clock.advance(site.settings.session_idle - 60)
    assert (await client.get("/newsroom/")).status_code == 200
    clock.advance(site.settings.session_idle + 1)
    response = await client.get("/newsroom/")
    assert response.status_code == 303 and response.headers["location"] == "/newsroom/login"
    await client.login("wr")
    start = clock.now
    while (await client.get("/newsroom/")).status_code == 200:  # active, never idle: only the absolute limit
        clock.advance(site.settings.session_idle / 2)
    assert site.settings.session_max < clock.now - start <= site.settings.session_max + site.settings.session_idle
    assert site.count("sessions") <= 1


async def test_logout_ends_the_session(site):
    site.add_account("wr", "writer", ["LPG"])
    client = site.client()
    await client.login("wr")
    token = client.http.cookies[COOKIE]
    await client.get("/newsroom/")
    response = await client.post("/newsroom/logout")
    assert response.status_code == 303 and response.headers["location"] == "/newsroom/login?m=out"
    again = site.client()
    again.http.cookies.set(COOKIE, token)
    assert (await again.get("/newsroom/")).status_code == 303


@pytest.mark.parametrize("csrf", [None, "", "forged-token-value"])
async def test_csrf_missing_or_wrong_is_403_and_writes_nothing(site, csrf):
    site.add_account("admin1", "admin")
    client = site.client()
    await client.login("admin1")
    await client.get("/newsroom/admin/accounts/new")
    accounts_before, audit_before = site.count("accounts"), site.count("audit_log")
    response = await client.post("/newsroom/admin/accounts/new", {
        "name": "intruder", "role": "admin", "password": PASSWORD, "password2": PASSWORD}, csrf=csrf)
    assert response.status_code == 403 and "CSRF" in response.text
    for path in ("/newsroom/admin/accounts/admin1/password", "/newsroom/admin/accounts/admin1/disabled",
                 "/newsroom/account/password"):
        assert (await client.post(path, {"password": "x" * 12, "password2": "x" * 12, "disabled": "1",
                                         "current": PASSWORD}, csrf=csrf)).status_code == 403
    assert (site.count("accounts"), site.count("audit_log")) == (accounts_before, audit_before)
    assert (await client.post("/newsroom/logout", csrf=csrf)).status_code == 403
    assert (await client.get("/newsroom/")).status_code == 200  # still logged in: logout refused too


async def test_login_with_a_stale_form_is_403_but_keeps_the_name(site):
    site.add_account("wr", "writer", ["LPG"])
    client = site.client()
    await client.get("/newsroom/login")
    response = await client.post("/newsroom/login", {"name": "wr", "password": PASSWORD}, csrf="stale")
    assert response.status_code == 403 and 'value="wr"' in response.text and site.count("audit_log") == 1
    assert (await client.post("/newsroom/login", {"name": "wr", "password": PASSWORD})).status_code == 303


async def test_disabled_account_is_logged_out_and_refused(site):
    site.add_account("admin1", "admin")
    site.add_account("wr", "writer", ["LPG"])
    writer = site.client(peer="203.0.113.20")
    await writer.login("wr")
    site.newsroom.set_disabled("admin1", "wr", True)
    assert (await writer.get("/newsroom/")).status_code == 303
    refused = await site.client().login("wr")
    assert refused.status_code == 403 and "ระงับ" in refused.text


async def test_password_is_rehashed_when_parameters_change(tmp_path, clock):
    from newsroom.app import server_app

    from .conftest import Site, make_settings
    strong = Site(server_app(make_settings(tmp_path, argon2_memory_kib=2048), clock), clock, None)
    strong.add_account("wr", "writer", ["LPG"])
    with strong.newsroom.db.connect() as conn:
        old = conn.execute("SELECT password_hash FROM accounts").fetchone()[0]
    weak = Site(server_app(make_settings(tmp_path), clock), clock, None)
    assert (await weak.client().login("wr")).status_code == 303
    with weak.newsroom.db.connect() as conn:
        new = conn.execute("SELECT password_hash FROM accounts").fetchone()[0]
    assert "m=2048" in old and "m=1024" in new and new.startswith("$argon2id$")
    assert (await weak.client().login("wr")).status_code == 303


async def test_totp_enrolment_then_login_needs_the_code(site, clock):
    site.add_account("ed", "editor", ["LPG"])
    client = site.client()
    await client.login("ed")
    page = await client.get("/newsroom/account/totp")
    assert page.status_code == 200 and "<svg" in page.text and "style=" not in page.text
    secret = re.search(r'class="nr-secret">([A-Z2-7]+)<', page.text).group(1)
    wrong = await client.post("/newsroom/account/totp", {"code": "000000" if totp.code_at(secret, clock()) != "000000"
                                                         else "111111"})
    assert wrong.status_code == 400 and "รหัสยืนยันไม่ถูกต้อง" in wrong.text
    assert (await client.post("/newsroom/account/totp", {"code": totp.code_at(secret, clock())})).status_code == 303
    await client.get("/newsroom/")
    await client.post("/newsroom/logout")

    clock.advance(60)
    second = site.client()
    response = await second.login("ed")
    assert response.status_code == 303 and response.headers["location"] == "/newsroom/login/totp"
    assert (await second.get("/newsroom/")).status_code == 303  # password alone is not a login
    await second.get("/newsroom/login/totp")
    assert (await second.post("/newsroom/login/totp", {"code": "12345x"})).status_code == 401
    code = totp.code_at(secret, clock())
    assert (await second.post("/newsroom/login/totp", {"code": code})).status_code == 303
    assert (await second.get("/newsroom/")).status_code == 200
    replay = site.client(peer="203.0.113.99")
    await replay.login("ed")
    await replay.get("/newsroom/login/totp")
    assert (await replay.post("/newsroom/login/totp", {"code": code})).status_code == 401  # a code works once


async def test_totp_second_step_expires(site, clock):
    site.add_account("ed", "editor", ["LPG"])
    secret = totp.new_secret()
    with site.newsroom.db.connect() as conn:
        conn.execute("UPDATE accounts SET totp_secret = ?", (secret,))
    client = site.client()
    await client.login("ed")
    await client.get("/newsroom/login/totp")
    clock.advance(301)
    response = await client.post("/newsroom/login/totp", {"code": totp.code_at(secret, clock())})
    assert response.status_code == 303 and response.headers["location"] == "/newsroom/login"


async def test_writers_cannot_enrol_totp_or_reach_admin_pages(site):
    site.add_account("admin1", "admin")
    site.add_account("wr", "writer", ["LPG"])
    writer = site.client()
    await writer.login("wr")
    assert (await writer.get("/newsroom/account/totp")).status_code == 403
    for path in ("/newsroom/admin/accounts", "/newsroom/admin/accounts/new", "/newsroom/admin/accounts/admin1",
                 "/newsroom/admin/audit"):
        response = await writer.get(path)
        assert response.status_code == 403 and "ผู้ดูแลระบบ" in response.text, path
    await writer.get("/newsroom/")
    before = site.count("accounts"), site.count("audit_log")
    forged = await writer.post("/newsroom/admin/accounts/new", {
        "name": "evil", "role": "admin", "password": PASSWORD, "password2": PASSWORD})
    assert forged.status_code == 403
    assert (await writer.post("/newsroom/admin/accounts/admin1/disabled", {"disabled": "1"})).status_code == 403
    assert (site.count("accounts"), site.count("audit_log")) == before
    anonymous = site.client()
    assert (await anonymous.get("/newsroom/admin/accounts")).status_code == 303
    assert (await anonymous.post("/newsroom/admin/accounts/new", {"name": "x"}, csrf=None)).status_code == 403


async def test_security_headers_on_pages_errors_and_static(site):
    client = site.client()
    responses = {"page": await client.get("/newsroom/login"), "404": await client.get("/newsroom/no-such-page"),
                 "405": await client.http.put("/newsroom/login"),
                 "static": await client.get("/newsroom/static/newsroom.css")}
    for what, response in responses.items():
        csp = response.headers["content-security-policy"]
        assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp and "default-src 'none'" in csp, what
        assert response.headers["x-content-type-options"] == "nosniff", what
        assert response.headers["referrer-policy"] == "same-origin", what
    assert responses["page"].headers["cache-control"] == "no-store"
    assert responses["404"].status_code == 404 and "ไม่พบ" in responses["404"].text
    assert responses["405"].status_code == 405 and responses["405"].headers["cache-control"] == "no-store"
    assert responses["static"].headers["cache-control"].startswith("private")
    font = await client.get("/newsroom/static/fonts/Sarabun-Regular.woff2")
    assert font.status_code == 200 and font.content[:4] == b"wOF2"


class BrokenRegistry:
    @property
    def agencies(self):
        raise RuntimeError("secret internal detail /srv/nuea-news")


async def test_server_errors_are_a_thai_page_without_a_trace(tmp_path, clock):
    from newsroom.app import server_app

    from .conftest import Site, make_settings
    broken = Site(server_app(make_settings(tmp_path), clock, registry=BrokenRegistry()), clock, None)
    with broken.newsroom.db.connect() as conn:
        from newsroom import accounts
        accounts.create(conn, clock(), "a1", "admin", (), False, broken.newsroom.passwords.hash(PASSWORD))
    client = broken.client()
    await client.login("a1")
    response = await client.get("/newsroom/")
    assert response.status_code == 500 and "ระบบขัดข้อง" in response.text
    assert "Traceback" not in response.text and "secret internal detail" not in response.text
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"
