"""asyncio for tests that share the session with the Playwright browser."""
from __future__ import annotations

import asyncio
import concurrent.futures


def run_async(coroutine):
    """asyncio.run(coroutine) in a thread of its own: Playwright's sync API keeps an event loop running in the main
    thread, where asyncio.run refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
