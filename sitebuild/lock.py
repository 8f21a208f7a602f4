"""One build at a time per output folder: full builds and publishes take an exclusive lock (flock) on a file under
CACHE_PATH and wait for each other. The kernel releases it when the holder exits, crashed or not."""
from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def build_lock(cache: Path, timeout: float | None = None, on_wait=None):
    """Hold the build lock; waits (calling on_wait once) while another build or publish holds it."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / "build.lock"
    with open(path, "a+") as handle:
        started = time.monotonic()
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait(path)
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | (fcntl.LOCK_NB if timeout is not None else 0))
                    break
                except BlockingIOError:
                    if time.monotonic() - started > timeout:
                        raise TimeoutError(f"another build holds {path} (waited {timeout:.0f} s)") from None
                    time.sleep(0.1)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
