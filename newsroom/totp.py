"""The optional second factor: RFC 6238 codes (pyotp), enrolled by scanning a QR code (segno, inline SVG)."""
from __future__ import annotations

import hmac
import re

import pyotp
import segno

ISSUER = "Nuea News ห้องข่าว"
STEP = 30


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, account_name: str) -> str:
    return pyotp.TOTP(secret, interval=STEP).provisioning_uri(name=account_name, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """An inline <svg> (no XML declaration, no style attribute: nothing a strict CSP refuses)."""
    qr = segno.make(uri, error="m")
    return qr.svg_inline(scale=5, dark="#111", light="#fff", title="คิวอาร์โค้ดสำหรับแอปยืนยันตัวตน")


def matching_step(secret: str, code: str, now: float) -> int | None:
    """The time step whose code is `code` (this one, the one before or after, for clock drift), else None."""
    code = re.sub(r"\s", "", code)
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret, interval=STEP)
    current = int(now // STEP)
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.at(step * STEP), code):
            return step
    return None


def code_at(secret: str, now: float) -> str:
    """The code an authenticator app shows at `now` (tests and the CLI use it)."""
    return pyotp.TOTP(secret, interval=STEP).at(now)
