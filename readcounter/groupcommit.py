"""Group commit: reads arriving while a commit runs are batched into the next single transaction.

Each caller is answered only after the transaction holding its read has committed (or failed: then every read of
the batch gets the exception, and the service answers 503). One commit thread; other work that must not overlap
a commit (pruning finished days) runs in the same thread through run().

With `gather` > 0, a commit that follows another one straight away first waits that long for more reads: under
load, batches grow from a handful of reads to dozens, and a database whose cost is per commit (PostgreSQL: a round
trip and a WAL flush) does a fraction of the work per read. The first read after a quiet spell is committed at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from readcounter.counting import Outcome, PendingRead

MAX_BATCH = 5000


class GroupCommit:
    def __init__(self, record: Callable[[Sequence[PendingRead]], list[Outcome]], gather: float = 0.0):
        self._record, self.gather = record, gather
        self._pending: list[tuple[PendingRead, asyncio.Future]] = []
        self._draining = False
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="readcounter-commit")

    async def add_read(self, read: PendingRead) -> Outcome:
        """Count one read; returns its outcome once the transaction holding it has committed."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._pending.append((read, future))
        if not self._draining:
            self._draining = True
            loop.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            first = True
            while self._pending:
                if self.gather and not first and len(self._pending) < MAX_BATCH:
                    await asyncio.sleep(self.gather)  # reads keep coming: let more of them join this commit
                first = False
                batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
                try:
                    outcomes = await loop.run_in_executor(self._executor, self._record, [r for r, _ in batch])
                except Exception as exc:  # every read of the failed batch is refused
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                for (_, future), outcome in zip(batch, outcomes):
                    if not future.done():
                        future.set_result(outcome)
        finally:
            self._draining = False

    async def run(self, fn: Callable, *args):
        """Run fn in the commit thread, between commits."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    def close(self) -> None:
        self._executor.shutdown(wait=True)
