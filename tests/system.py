"""The one switch for tests that need a part of the system (Chromium, nginx, Java, systemd, PostgreSQL, wrk...).

On a laptop such a test skips when the part is missing; with REQUIRE_SYSTEM=1 (set by .ci/run) the skip becomes a
failure, so CI can never pass by skipping. Use it as:

    from system import require_system
    require_system("nginx", shutil.which("nginx") is not None, "apt-get install nginx-light")
"""
from __future__ import annotations

import os
import shutil

import pytest


def system_required() -> bool:
    """True when every system part must be present (CI): REQUIRE_SYSTEM=1."""
    return os.environ.get("REQUIRE_SYSTEM") == "1"


def require_system(what: str, available: bool, how: str = "") -> None:
    """Skip (laptop) or fail (REQUIRE_SYSTEM=1) the calling test when `what` is not available."""
    if available:
        return
    hint = f" ({how})" if how else ""
    if system_required():
        pytest.fail(f"REQUIRE_SYSTEM=1 but {what} is missing{hint}")
    pytest.skip(f"{what} is missing{hint}; REQUIRE_SYSTEM=1 makes this a failure")


def require_command(command: str, package: str) -> str:
    """The path of `command`, or skip/fail naming the Debian package that provides it."""
    path = shutil.which(command)
    require_system(command, path is not None, f"apt-get install {package}")
    return path or ""
