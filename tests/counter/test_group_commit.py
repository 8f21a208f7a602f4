"""Group commit: every read is answered after its own commit; under a steady stream, a gather wait makes fewer,
bigger commits; a read after a quiet spell is committed at once."""
from __future__ import annotations

import asyncio
import time

import pytest
from event_loop import run_async

from readcounter.groupcommit import GroupCommit
from readcounter.settings import Settings


async def stream(gather: float, reads: int = 200):
    batches: list[list[int]] = []

    def record(batch):
        time.sleep(0.002)  # a commit's cost
        batches.append(list(batch))
        return [f"ok {r}" for r in batch]

    commits = GroupCommit(record, gather)

    async def one(i):
        await asyncio.sleep(i * 0.0005)  # a read every half millisecond
        return await commits.add_read(i)

    answers = await asyncio.gather(*(one(i) for i in range(reads)))
    await asyncio.sleep(0.05)  # a quiet spell
    started = time.perf_counter()
    lone = await commits.add_read(-1)
    lone_seconds = time.perf_counter() - started
    commits.close()
    return answers, lone, lone_seconds, batches


def test_a_steady_stream_is_gathered_into_fewer_commits_and_a_lone_read_is_not_delayed():
    answers, _, _, plain = run_async(stream(0.0))
    assert answers == [f"ok {i}" for i in range(200)]
    answers, lone, lone_seconds, gathered = run_async(stream(0.02))
    assert answers == [f"ok {i}" for i in range(200)] and lone == "ok -1"  # each read gets its own outcome
    assert sorted(r for b in gathered for r in b) == [-1, *range(200)]  # each read committed exactly once
    assert len(gathered) < len(plain) / 2, (len(gathered), len(plain))
    assert gathered[-1] == [-1] and lone_seconds < 0.015  # not held for the 20 ms gather wait


def test_the_gather_wait_defaults_by_backend_and_is_bounded():
    assert Settings().gather_seconds == 0.0
    assert Settings(database_url="postgresql://u@localhost/db").gather_seconds == 0.002
    assert Settings.from_env({"READCOUNTER_COMMIT_GATHER": "5"}).gather_seconds == 0.005
    with pytest.raises(ValueError, match="READCOUNTER_COMMIT_GATHER"):
        Settings.from_env({"READCOUNTER_COMMIT_GATHER": "500"})
