"""Administration pages: create, role and agencies, password reset, disable; the audit log; server-side rules."""
from __future__ import annotations

import re


from .conftest import PASSWORD

async def admin_client(site):
    site.add_account("admin1", "admin")
    client = site.client()
    assert (await client.login("admin1")).status_code == 303
    return client


async def test_admin_creates_a_writer_and_an_editor(site):
    client = await admin_client(site)
    await client.get("/newsroom/admin/accounts/new")
    response = await client.post("/newsroom/admin/accounts/new", {
        "name": "lpg.writer", "role": "writer", "agencies": "LPG", "password": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 303 and response.headers["location"] == "/newsroom/admin/accounts/lpg.writer?m=created"
    await client.get("/newsroom/admin/accounts/new")
    response = await client.post("/newsroom/admin/accounts/new", {
        "name": "editor.north", "role": "editor", "agencies": ["LPG", "NAN"], "password": PASSWORD,
        "password2": PASSWORD})
    assert response.status_code == 303
    listing = await client.get("/newsroom/admin/accounts")
    assert "ส.ปชส.ลำปาง, ส.ปชส.น่าน" in listing.text and "lpg.writer" in listing.text
    assert (await site.client().login("lpg.writer")).status_code == 303


async def test_a_refused_account_form_keeps_what_was_typed(site):
    client = await admin_client(site)
    await client.get("/newsroom/admin/accounts/new")
    response = await client.post("/newsroom/admin/accounts/new", {
        "name": "two.agencies", "role": "writer", "agencies": ["LPG", "NAN"], "password": PASSWORD,
        "password2": PASSWORD})
    assert response.status_code == 400
    assert 'value="two.agencies"' in response.text and "นักข่าวต้องสังกัดหน่วยงานเดียว" in response.text
    assert re.search(r'value="LPG" checked', response.text) and re.search(r'value="NAN" checked', response.text)
    assert PASSWORD not in response.text  # passwords are never sent back
    response = await client.post("/newsroom/admin/accounts/new", {
        "name": "ok.name", "role": "writer", "agencies": "LPG", "password": PASSWORD, "password2": "different-1234"})
    assert response.status_code == 400
    assert re.search(r'id="f-password2"[^>]*aria-invalid="true" aria-describedby="f-password2-error"', response.text)
    assert 'id="f-password2-error">รหัสผ่านทั้งสองช่องไม่ตรงกัน<' in response.text
    assert site.count("accounts") == 1


async def test_role_agencies_password_and_disable_are_audited(site):
    client = await admin_client(site)
    site.add_account("w1", "writer", ["LPG"])
    await client.get("/newsroom/admin/accounts/w1")
    assert (await client.post("/newsroom/admin/accounts/w1/role", {
        "role": "editor", "agencies": ["LPG", "PYO"]})).status_code == 303
    writer = site.client(peer="203.0.113.30")
    await writer.login("w1")
    await client.get("/newsroom/admin/accounts/w1")
    assert (await client.post("/newsroom/admin/accounts/w1/password", {
        "password": "ใหม่-ยาวพอแล้ว-1", "password2": "ใหม่-ยาวพอแล้ว-1"})).status_code == 303
    assert (await writer.get("/newsroom/")).status_code == 303  # a reset logs the account out everywhere
    assert (await site.client().login("w1", "ใหม่-ยาวพอแล้ว-1")).status_code == 303
    await client.get("/newsroom/admin/accounts/w1")
    assert (await client.post("/newsroom/admin/accounts/w1/disabled", {"disabled": "1"})).status_code == 303
    audit = (await client.get("/newsroom/admin/audit")).text
    for label in ("สร้างบัญชี", "เปลี่ยนบทบาท", "เปลี่ยนหน่วยงาน", "ตั้งรหัสผ่านใหม่", "ระงับบัญชี", "เข้าสู่ระบบ"):
        assert f"<td>{label}</td>" in audit, label
    assert "นักข่าว → บรรณาธิการ" in audit and "ส.ปชส.ลำปาง → ส.ปชส.ลำปาง, ส.ปชส.พะเยา" in audit


async def test_the_last_admin_cannot_be_demoted_or_disable_themself(site):
    client = await admin_client(site)
    await client.get("/newsroom/admin/accounts/admin1")
    response = await client.post("/newsroom/admin/accounts/admin1/role", {"role": "writer", "agencies": "LPG"})
    assert response.status_code == 400 and "ผู้ดูแลระบบที่ใช้งานได้อย่างน้อยหนึ่งบัญชี" in response.text
    response = await client.post("/newsroom/admin/accounts/admin1/disabled", {"disabled": "1"})
    assert response.status_code == 400 and "ระงับบัญชีของตัวเองไม่ได้" in response.text
    assert (await client.get("/newsroom/admin/accounts/nobody")).status_code == 404


async def test_audit_log_pages_back(site, clock):
    client = await admin_client(site)
    for i in range(120):
        await site.client(peer=f"198.51.100.{i % 200}").login(f"user{i}", f"bad-password-{i}")
        clock.advance(10)
    first = await client.get("/newsroom/admin/audit")
    assert first.text.count("<tr><td>") == 100
    older = re.search(r'href="(/newsroom/admin/audit\?before=\d+)"', first.text).group(1)
    second = await client.get(older)
    assert 0 < second.text.count("<tr><td>") <= 100 and "สร้างบัญชี" in second.text
