"""Password hashing with Argon2id (argon2-cffi); a hash made with older parameters is replaced at the next login."""
from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
MAX_LENGTH = 256


def password_problem(password: str) -> str | None:
    """A Thai message when a new password is not acceptable, else None."""
    if len(password) < MIN_LENGTH:
        return f"รหัสผ่านต้องยาวอย่างน้อย {MIN_LENGTH} ตัวอักษร"
    if len(password) > MAX_LENGTH:
        return f"รหัสผ่านยาวได้ไม่เกิน {MAX_LENGTH} ตัวอักษร"
    if password != password.strip():
        return "รหัสผ่านต้องไม่ขึ้นต้นหรือลงท้ายด้วยช่องว่าง"
    return None


class Passwords:
    def __init__(self, time_cost: int = 3, memory_kib: int = 65536, parallelism: int = 4):
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism,
                                      type=Type.ID)
        self._dummy = self._hasher.hash("not a password of anyone")

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> tuple[bool, str | None]:
        """(matches, new hash to store or None). Without a stored hash, a dummy one is checked so that an unknown
        user name costs the same time as a known one."""
        if len(password) > MAX_LENGTH:
            return False, None
        try:
            self._hasher.verify(stored or self._dummy, password)
        except (VerificationError, InvalidHashError):
            return False, None
        if stored is None:
            return False, None
        return True, (self._hasher.hash(password) if self._hasher.check_needs_rehash(stored) else None)
