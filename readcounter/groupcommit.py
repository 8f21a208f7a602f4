"""Group commit: reads arriving while commits run are batched into the next single transaction.

Each caller is answered only after the transaction holding its read has committed (or failed: then every read of
the batch gets the exception, and the service answers 503). `lanes` commits may run at once (1 for SQLite, one
writer; PostgreSQL takes several, each in its own connection and count shard, so one waiting for its fsync does not
hold the next batch back). Other work that must not overlap a commit of the same lane (pruning) goes through run().
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Sequence

from readcounter.counting import Outcome, PendingRead

MAX_BATCH = 5000


class GroupCommit:
    def __init__(self, record: Callable[[Sequence[PendingRead]], list[Outcome]], lanes: int = 1):
        self._record = record
        self._lanes = lanes
        self._pending: list[tuple[PendingRead, asyncio.Future]] = []
        self._in_flight = 0
        self._executor = ThreadPoolExecutor(max_workers=lanes, thread_name_prefix="readcounter-commit")

    async def add_read(self, read: PendingRead) -> Outcome:
        """Count one read; returns its outcome once the transaction holding it has committed."""
        future = asyncio.get_running_loop().create_future()
        self._pending.append((read, future))
        self._dispatch()
        return await future

    def _dispatch(self) -> None:
        loop = asyncio.get_running_loop()
        while self._pending and self._in_flight < self._lanes:
            batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
            self._in_flight += 1
            loop.create_task(self._commit(batch))

    async def _commit(self, batch) -> None:
        loop = asyncio.get_running_loop()
        try:
            outcomes = await loop.run_in_executor(self._executor, self._record, [r for r, _ in batch])
        except Exception as exc:  # every read of the failed batch is refused
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
        else:
            for (_, future), outcome in zip(batch, outcomes):
                if not future.done():
                    future.set_result(outcome)
        finally:
            self._in_flight -= 1
            self._dispatch()

    async def run(self, fn: Callable, *args):
        """Run fn in a commit thread."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    def close(self) -> None:
        self._executor.shutdown(wait=True)
