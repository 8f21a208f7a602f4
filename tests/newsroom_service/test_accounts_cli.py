"""`python -m newsroom users ...`: the real command in a child process (stdin a pipe), and its rules in process."""
from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from newsroom import accounts, cli
from newsroom.passwords import Passwords

from .conftest import FAST_ARGON2, PASSWORD, ROOT, make_settings

ENV_NAMES = {"argon2_time_cost": "NEWSROOM_ARGON2_TIME_COST", "argon2_memory_kib": "NEWSROOM_ARGON2_MEMORY_KIB",
             "argon2_parallelism": "NEWSROOM_ARGON2_PARALLELISM"}


def run(tmp_path, *args, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "NEWSROOM_DB": str(tmp_path / "var" / "newsroom.sqlite3"),
           "NEWSROOM_CONTENT": str(tmp_path / "content"),
           **{ENV_NAMES[k]: str(v) for k, v in FAST_ARGON2.items()}}
    return subprocess.run([sys.executable, "-m", "newsroom", *args], input=stdin, capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=60)


def test_cli_add_list_disable_passwd_via_stdin(tmp_path):
    settings = make_settings(tmp_path)
    made = run(tmp_path, "users", "add", "boss", "--role", "admin", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert made.returncode == 0, made.stderr
    assert "สร้างบัญชี boss" in made.stdout
    writer = run(tmp_path, "users", "add", "lpg.one", "--role", "writer", "--agency", "ส.ปชส.ลำปาง",
                 stdin=f"{PASSWORD}\n")
    assert writer.returncode == 0, writer.stderr
    listed = run(tmp_path, "users", "list")
    assert listed.stdout.splitlines() == ["boss\tadmin\t—\tใช้งาน\t-", "lpg.one\twriter\tส.ปชส.ลำปาง\tใช้งาน\t-"]
    assert run(tmp_path, "users", "disable", "lpg.one").returncode == 0
    assert "lpg.one\twriter\tส.ปชส.ลำปาง\tระงับ\t-" in run(tmp_path, "users", "list").stdout
    new_password = "อีกรหัสหนึ่ง-ยาวพอ"
    changed = run(tmp_path, "users", "passwd", "boss", stdin=f"{new_password}\n")
    assert changed.returncode == 0, changed.stderr
    from newsroom.database import Database
    with Database(settings.db_path).connect() as conn:
        stored = accounts.by_name(conn, "boss").password_hash
    assert Passwords(**{"time_cost": 1, "memory_kib": 1024, "parallelism": 1}).verify(stored, new_password)[0]
    missing = run(tmp_path, "users", "passwd", "nobody", stdin=f"{new_password}\n")
    assert missing.returncode == 1 and "ไม่มีบัญชีชื่อ nobody" in missing.stderr


def test_cli_refuses_a_second_line_that_does_not_repeat_the_first(tmp_path):
    make_settings(tmp_path)
    result = run(tmp_path, "users", "add", "boss", "--role", "admin", stdin=f"{PASSWORD}\n{PASSWORD}x\n")
    assert result.returncode == 1 and "บรรทัดที่สอง" in result.stderr
    assert run(tmp_path, "users", "list").stdout == ""


@pytest.mark.parametrize("text, expected", [
    ("ส.ปชส.ลำปาง", "LPG"), ("LPG", "LPG"), ("lpg", "LPG"), ("สำนักงานประชาสัมพันธ์จังหวัดลำปาง", "LPG"),
    ("ส.ปชส. ลำปาง", "LPG"), ("สปข.3", "PRD3"),
])
def test_agency_accepts_every_form_the_registry_does(tmp_path, monkeypatch, text, expected):
    settings = make_settings(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    args = cli._parser().parse_args(["users", "add", "someone", "--role", "writer", "--agency", text])
    cli.run_users(args, settings, out=io.StringIO())
    from newsroom.database import Database
    with Database(settings.db_path).connect() as conn:
        assert accounts.by_name(conn, "someone").agencies == (expected,)


@pytest.mark.parametrize("argv, message", [
    (["w1", "--role", "writer", "--agency", "ลำปางง"], "ไม่รู้จักหน่วยงาน 'ลำปางง'"),
    (["w1", "--role", "writer"], "นักข่าวต้องสังกัดหน่วยงานเดียว"),
    (["w1", "--role", "writer", "--agency", "LPG", "--agency", "NAN"], "นักข่าวต้องสังกัดหน่วยงานเดียว"),
    (["w1", "--role", "writer", "--all-agencies"], "นักข่าวต้องสังกัดหน่วยงานเดียว"),
    (["e1", "--role", "editor"], "บรรณาธิการต้องมีอย่างน้อยหนึ่งหน่วยงาน"),
    (["ชื่อไทย", "--role", "admin"], "ชื่อผู้ใช้ต้องยาว"),
    (["../x", "--role", "admin"], "ชื่อผู้ใช้ต้องยาว"),
])
def test_bad_accounts_are_refused_in_thai(tmp_path, monkeypatch, capsys, argv, message):
    make_settings(tmp_path)
    monkeypatch.setenv("NEWSROOM_DB", str(tmp_path / "var" / "newsroom.sqlite3"))
    monkeypatch.setenv("NEWSROOM_CONTENT", str(tmp_path / "content"))
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main(["users", "add", *argv]) == 1
    assert message in capsys.readouterr().err


def test_editor_for_all_agencies_and_duplicates(tmp_path, monkeypatch):
    settings = make_settings(tmp_path)
    for expected in (None, "มีบัญชีชื่อ chief อยู่แล้ว"):
        monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
        args = cli._parser().parse_args(["users", "add", "Chief", "--role", "editor", "--all-agencies"])
        if expected:
            with pytest.raises(accounts.AccountError, match=expected):
                cli.run_users(args, settings, out=io.StringIO())
        else:
            cli.run_users(args, settings, out=io.StringIO())
    out = io.StringIO()
    cli.run_users(cli._parser().parse_args(["users", "list"]), settings, out=out)
    assert out.getvalue() == "chief\teditor\tทุกหน่วยงาน\tใช้งาน\t-\n"


def test_password_from_a_terminal_is_asked_twice():
    class Tty(io.StringIO):
        def isatty(self):
            return True
    answers = iter(["first-password-x", "first-password-x"])
    assert cli.read_password(Tty(), prompt=lambda _: next(answers)) == "first-password-x"
    answers = iter(["first-password-x", "other-password-x"])
    with pytest.raises(cli.CliError, match="ไม่ตรงกัน"):
        cli.read_password(Tty(), prompt=lambda _: next(answers))
    with pytest.raises(cli.CliError, match="บรรทัดแรก"):
        cli.read_password(io.StringIO(""))
    with pytest.raises(cli.CliError):
        cli.read_password(io.StringIO("a-password-1\na-password-1\nthird\n"))


def test_short_passwords_are_refused(tmp_path):
    make_settings(tmp_path)
    result = run(tmp_path, "users", "add", "boss", "--role", "admin", stdin="short\n")
    assert result.returncode == 1 and "อย่างน้อย 10 ตัวอักษร" in result.stderr


def test_default_hash_is_argon2id_with_rfc9106_parameters():
    hashed = Passwords().hash(PASSWORD)
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert Passwords().verify(hashed, PASSWORD) == (True, None)
    assert Passwords().verify(hashed, PASSWORD + "x") == (False, None)
    assert Passwords().verify(None, PASSWORD) == (False, None)
