"""The search API's latency on a built index: in process and over HTTP, with the compare bench's query list.

    .venv/bin/python bench/search_compare.py build fts5 40000 bench/out/search-compare/fts5-40000   # once
    .venv/bin/python bench/search_api.py --stories 40000 --index bench/out/search-compare/fts5-40000/index

Queries: bench/search_compare.py's `pick_queries` on the same corpus (common to rare words, words in no story,
pairs of words; cached beside the index, making them cuts every story's text). Each round asks every query
once (page 1, relevance; then the same with `sort=newest`, with a province filter and on page 3). Baseline, same
run and same server: `GET /api/search/health` (the HTTP, routing and JSON cost of one answer with no search).
Prints p50/p95/max per kind of query, the load average, and the server's peak memory.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from peak_memory import PeakSampler
from search_compare import pick_queries, quantile, serve_root, start_server

ROOT = Path(__file__).resolve().parent.parent


def query_list(stories: int, cache: Path) -> list[str]:
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    from search_corpus import records

    queries = pick_queries(records(stories), 30, 5, 5)
    cache.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    return queries


def variants(queries: list[str]) -> dict[str, list[dict]]:
    return {"words": [{"q": q} for q in queries if " " not in q],
            "pairs": [{"q": q} for q in queries if " " in q],
            "newest": [{"q": q, "sort": "newest"} for q in queries],
            "province": [{"q": q, "province": "ลำปาง"} for q in queries],
            "page 3": [{"q": q, "page": "3"} for q in queries],
            "no words, a province": [{"province": "น่าน"}, {"province": "ลำปาง", "sort": "newest"}]}


def in_process(index_dir: Path, kinds: dict[str, list[dict]], rounds: int) -> dict[str, list[float]]:
    from starlette.datastructures import QueryParams

    from searchservice.app import answer, parse_query
    from searchservice.store import SearchIndex

    index = SearchIndex(index_dir)
    answer(index, parse_query(QueryParams({"q": "ทดสอบ"})))
    out: dict[str, list[float]] = {}
    for _ in range(rounds):
        for name, params in kinds.items():
            for p in params:
                start = time.perf_counter()
                answer(index, parse_query(QueryParams(p)))
                out.setdefault(name, []).append((time.perf_counter() - start) * 1000)
    return out


def over_http(base: str, kinds: dict[str, list[dict]], rounds: int) -> dict[str, list[float]]:
    import httpx

    out: dict[str, list[float]] = {}
    with httpx.Client(base_url=base) as client:
        for _ in range(rounds):
            for _ in range(10):
                start = time.perf_counter()
                client.get("/api/search/health").raise_for_status()
                out.setdefault("baseline: /api/search/health", []).append((time.perf_counter() - start) * 1000)
            for name, params in kinds.items():
                for p in params:
                    start = time.perf_counter()
                    client.get("/api/search", params=p).raise_for_status()
                    out.setdefault(name, []).append((time.perf_counter() - start) * 1000)
    return out


def table(title: str, times: dict[str, list[float]]) -> None:
    every = [t for name, ts in times.items() if not name.startswith("baseline") for t in ts]
    rows = {**times, "**all searches**": every}
    print(f"\n{title}\n| queries | n | p50 ms | p95 ms | max ms |\n| --- | --- | --- | --- | --- |")
    for name, ts in rows.items():
        print(f"| {name} | {len(ts)} | {quantile(ts, .5):.1f} | {quantile(ts, .95):.1f} | {max(ts):.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, required=True, help="the corpus size the index was built from")
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "search-compare")
    args = parser.parse_args()
    queries = query_list(args.stories, args.index.parent / f"queries-{args.stories}.json")
    kinds = variants(queries)
    load = [os.getloadavg()[0]]
    local = in_process(args.index, kinds, args.rounds)
    load.append(os.getloadavg()[0])
    table(f"In process (searchservice.app.answer: parse, search, count, excerpts), load {load[-1]:.2f}", local)
    server, base = start_server(serve_root(args.work, "fts5", args.index.parent), args.index)
    try:
        with PeakSampler(server.pid) as served:
            http = over_http(base, kinds, args.rounds)
    finally:
        server.terminate()
        server.wait()
    load.append(os.getloadavg()[0])
    print(f"{args.stories:,} stories, {len(queries)} queries × {args.rounds} rounds; load average (1 min) "
          f"{' → '.join(f'{x:.2f}' for x in load)}; server peak {served.peak / 2**20:.0f} MB")
    table("Over HTTP (uvicorn on loopback, one client)", http)


if __name__ == "__main__":
    main()
