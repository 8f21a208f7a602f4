"""Group commit: reads arriving while a commit runs are batched into the next single transaction.

Each caller is answered only after the transaction holding its read has committed.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from readcounter.store import Store


class GroupCommit:
    def __init__(self, store: Store):
        self._store = store
        self._pending: list[tuple[str, str, asyncio.Future]] = []
        self._draining = False
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="readcounter-commit")

    async def add_read(self, story_id: str, day: str) -> int:
        """Count one read; returns the story's committed total once it is durable."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._pending.append((story_id, day, future))
        if not self._draining:
            self._draining = True
            loop.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._pending:
                batch, self._pending = self._pending, []
                reads: dict[tuple[str, str], int] = {}
                for story_id, day, _ in batch:
                    reads[(story_id, day)] = reads.get((story_id, day), 0) + 1
                try:
                    totals = await loop.run_in_executor(self._executor, self._store.add_reads, reads)
                except Exception as exc:  # every read of the failed batch is refused
                    for _, _, future in batch:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                for story_id, _, future in batch:
                    if not future.done():
                        future.set_result(totals[story_id])
        finally:
            self._draining = False

    def close(self) -> None:
        self._executor.shutdown(wait=True)
