"""`python -m newsroom`: accounts from the shell (so the first administrator can be made on a fresh install),
the server, backups.

    python -m newsroom users add NAME --role writer|editor|admin [--agency ABBR]... [--all-agencies]
    python -m newsroom users list | users disable NAME | users enable NAME | users passwd NAME
    python -m newsroom serve [--host 127.0.0.1] [--port 8002]
    python -m newsroom backup [--out DIR]      python -m newsroom restore ARCHIVE DIR

A password is read from standard input when it is not a terminal (first line; a second line, if present, must
repeat it), else asked for twice.
"""
from __future__ import annotations

import argparse
import getpass as _getpass
import sys
from pathlib import Path

from .accounts import ROLES, AccountError

CLI_ACTOR = "คำสั่ง newsroom (เชลล์)"
ROOT = Path(__file__).resolve().parent.parent


class CliError(Exception):
    pass


def read_password(stdin=None, prompt=_getpass.getpass) -> str:
    """The new password: from a pipe (line 1, optionally repeated on line 2) or asked twice at a terminal."""
    stdin = stdin or sys.stdin
    if stdin.isatty():
        first = prompt("รหัสผ่านใหม่: ")
        if first != prompt("พิมพ์รหัสผ่านอีกครั้ง: "):
            raise CliError("รหัสผ่านทั้งสองครั้งไม่ตรงกัน")
        return first
    lines = stdin.read().splitlines()
    if not lines or not lines[0]:
        raise CliError("ไม่ได้รับรหัสผ่านทางอินพุตมาตรฐาน (บรรทัดแรก)")
    if len(lines) > 2 or (len(lines) == 2 and lines[1] != lines[0]):
        raise CliError("อินพุตมาตรฐาน: บรรทัดที่สอง (ถ้ามี) ต้องตรงกับบรรทัดแรก และต้องไม่มีบรรทัดอื่นอีก")
    return lines[0]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m newsroom", description="ห้องข่าว Nuea News")
    sub = parser.add_subparsers(dest="command", required=True)
    users = sub.add_parser("users", help="บัญชีผู้ใช้").add_subparsers(dest="action", required=True)
    add = users.add_parser("add", help="สร้างบัญชี")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=list(ROLES))
    add.add_argument("--agency", action="append", default=[], help="หน่วยงาน: ตัวย่อ ชื่อเต็ม หรือรหัส (ซ้ำได้)")
    add.add_argument("--all-agencies", action="store_true", help="ทุกหน่วยงาน (บรรณาธิการของสำนักงานเขต)")
    users.add_parser("list", help="แสดงบัญชีทั้งหมด")
    for action, text in (("disable", "ระงับบัญชี"), ("enable", "เปิดใช้บัญชีอีกครั้ง"), ("passwd", "ตั้งรหัสผ่านใหม่"),
                         ("totp-reset", "ยกเลิกรหัสยืนยันสองชั้น (เมื่อโทรศัพท์หาย)")):
        users.add_parser(action, help=text).add_argument("name")
    serve = sub.add_parser("serve", help="เปิดห้องข่าวที่ /newsroom/ (production: หลัง nginx)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8002)
    backup = sub.add_parser("backup", help="สำรองที่เก็บเนื้อหา ฐานข้อมูลตัวนับ และฐานข้อมูลห้องข่าว เป็นไฟล์เดียว")
    backup.add_argument("--out", type=Path, default=Path("var/backups"))
    restore = sub.add_parser("restore", help="คืนข้อมูลจากไฟล์สำรองลงในโฟลเดอร์ว่าง")
    restore.add_argument("archive", type=Path)
    restore.add_argument("into", type=Path)
    return parser


def _newsroom(settings):
    from .service import Newsroom
    return Newsroom(settings)


def run_users(args, settings, stdin=None, out=None) -> None:
    from . import accounts
    out = out or sys.stdout
    newsroom = _newsroom(settings)
    if args.action == "add":
        password = read_password(stdin)
        account = newsroom.create_account(CLI_ACTOR, args.name, args.role, args.agency, args.all_agencies, password)
        print(f"สร้างบัญชี {account.name} ({account.role_label}; {newsroom.agency_labels(account)}) แล้ว", file=out)
    elif args.action == "list":
        with newsroom.db.connect() as conn:
            everyone = accounts.all_accounts(conn)
        for a in everyone:
            state = "ระงับ" if a.disabled else "ใช้งาน"
            second = "totp" if a.totp_secret else "-"
            print(f"{a.name}\t{a.role}\t{newsroom.agency_labels(a)}\t{state}\t{second}", file=out)
    elif args.action in ("disable", "enable"):
        newsroom.set_disabled(CLI_ACTOR, args.name, args.action == "disable")
        print(f"{'ระงับ' if args.action == 'disable' else 'เปิดใช้'}บัญชี {args.name} แล้ว", file=out)
    elif args.action == "passwd":
        with newsroom.db.connect() as conn:
            if accounts.by_name(conn, args.name) is None:
                raise AccountError(f"ไม่มีบัญชีชื่อ {args.name}", "name")
        newsroom.set_password(CLI_ACTOR, args.name, read_password(stdin))
        print(f"ตั้งรหัสผ่านใหม่ของ {args.name} แล้ว (ออกจากระบบทุกเครื่อง)", file=out)
    elif args.action == "totp-reset":
        newsroom.remove_totp(CLI_ACTOR, args.name)
        print(f"ยกเลิกรหัสยืนยันสองชั้นของ {args.name} แล้ว", file=out)


def main(argv=None) -> int:
    from .settings import Settings
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        if args.command == "users":
            run_users(args, settings)
        elif args.command == "serve":
            from .server import serve
            serve(settings, args.host, args.port)
        elif args.command == "backup":
            from .backup import make_backup
            print(make_backup(settings, args.out))
        elif args.command == "restore":
            from .backup import restore_backup
            print(restore_backup(args.archive, args.into))
    except (AccountError, CliError, ValueError, OSError) as err:
        print(f"newsroom: {err}", file=sys.stderr)
        return 1
    return 0
