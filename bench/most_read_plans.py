"""Most-read lists with 100,000 stories and 10 million reads: query plans, costs and times.

    python bench/most_read_plans.py [--stories 100000] [--target-reads 10000000] [--repeat 20]

Fills a throwaway PostgreSQL (and an SQLite file) with synthetic counts: each story is read for 14 days after its
publication (two years of stories, popularity skewed, reads decaying), in two instance shards. Then, for each list
(day, week, all), times the service's way (Counter.top: day and week sum only the window's rows, read through the
reads_daily_day index; all time ranks legacy + counted reads with the threshold algorithm over reads_total_top)
against the baseline in the same run (sum every story and sort, a GROUP BY ... ORDER BY ... LIMIT over the window or,
for all time, over every story), checks both give the same list, and prints EXPLAIN (ANALYZE, BUFFERS) of the
queries the service sends.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]

from readcounter import Settings, create_app  # noqa: E402
from readcounter.postgres_store import TOP_TOTALS, TOP_WINDOW, TOTALS, PostgresStore  # noqa: E402
from readcounter.sqlite_store import SQLiteStore  # noqa: E402
from readcounter.throwaway_postgres import ThrowawayCluster  # noqa: E402

TODAY = date(2026, 11, 24)
DAYS_READ = 14
SPAN_DAYS = 730

FILL = """
INSERT INTO reads_daily (story_id, day, shard, reads)
SELECT 's' || lpad(s::text, 6, '0'), %(today)s::date - (%(span)s - (s * %(span)s / %(stories)s)) + k, sh,
       greatest(1, (%(scale)s * pop / (k + 1) / 2)::bigint)
  FROM (SELECT s, random() ^ 3 AS pop FROM generate_series(0, %(stories)s - 1) AS s) AS p
 CROSS JOIN generate_series(0, %(days)s - 1) AS k
 CROSS JOIN generate_series(0, 1) AS sh
 WHERE %(today)s::date - (%(span)s - (s * %(span)s / %(stories)s)) + k <= %(today)s::date;
INSERT INTO reads_total (story_id, shard, reads)
SELECT story_id, shard, sum(reads) FROM reads_daily GROUP BY story_id, shard;
ANALYZE reads_daily; ANALYZE reads_total;
"""

BASELINE = {  # aggregate the whole window, then sort
    "day": ("SELECT story_id, sum(reads)::bigint AS n FROM reads_daily WHERE day = %s "
            "GROUP BY story_id ORDER BY n DESC, story_id LIMIT %s"),
    "week": ("SELECT story_id, sum(reads)::bigint AS n FROM reads_daily WHERE day BETWEEN %s AND %s "
             "GROUP BY story_id ORDER BY n DESC, story_id LIMIT %s"),
    "all": ("SELECT l.story_id, (l.legacy + coalesce(t.reads, 0))::bigint AS n FROM legacy l "
            "LEFT JOIN (SELECT story_id, sum(reads) AS reads FROM reads_total GROUP BY story_id) t USING (story_id) "
            "ORDER BY n DESC, l.story_id LIMIT %s"),
}


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--target-reads", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    args = parser.parse_args()
    import psycopg

    # E[pop / (k+1) / 2] summed over the days and 2 shards = scale * E[u^3] * H(14) = scale * 0.25 * 3.25
    scale = args.target_reads / (args.stories * 0.25 * sum(1 / (k + 1) for k in range(DAYS_READ)))
    rng = random.Random(1)
    legacy = {f"s{i:06d}": (int(rng.paretovariate(1.2) * 20) if rng.random() < 0.3 else 0)
              for i in range(args.stories)}
    with tempfile.TemporaryDirectory(prefix="most-read-") as tmp, ThrowawayCluster(
            {"shared_buffers": "256MB", "work_mem": "16MB"}) as cluster:
        tmp = Path(tmp)
        (tmp / "stories.json").write_text(json.dumps({"stories": {s: {"legacy_reads": n} for s, n in legacy.items()}}))
        url = cluster.create_database("bench")
        store = PostgresStore(url)
        started = time.perf_counter()
        with psycopg.connect(url, autocommit=True) as conn:
            values = {"today": TODAY, "span": SPAN_DAYS, "stories": args.stories, "days": DAYS_READ, "scale": scale}
            for statement in filter(str.strip, FILL.split(";")):
                conn.execute(statement, values if "%(" in statement else None)
            conn.execute("CREATE TABLE legacy (story_id text PRIMARY KEY, legacy bigint NOT NULL)")
            with conn.cursor().copy("COPY legacy FROM STDIN") as copy:
                for story_id, n in legacy.items():
                    copy.write_row((story_id, n))
            conn.execute("ANALYZE legacy")
            rows, reads = conn.execute("SELECT count(*), sum(reads) FROM reads_daily").fetchone()
            size = conn.execute("SELECT pg_size_pretty(pg_total_relation_size('reads_daily') + "
                                "pg_total_relation_size('reads_total'))").fetchone()[0]
        print(f"PostgreSQL {cluster.bindir.parts[-2]}: {args.stories:,} stories, {reads:,} reads in {rows:,} "
              f"(story, day, shard) rows ({size} with indexes), filled in {time.perf_counter() - started:.0f} s")

        noon = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=ZoneInfo("Asia/Bangkok")).timestamp()
        settings = Settings.from_env({}, manifest_path=tmp / "stories.json", timezone="Asia/Bangkok")
        stores = [("PostgreSQL", store)]
        if not args.no_sqlite:
            sqlite_store = SQLiteStore(tmp / "bench.sqlite3", synchronous="NORMAL")
            with psycopg.connect(url) as conn, conn.cursor() as cur:
                cur.execute("SELECT story_id, day, sum(reads)::bigint FROM reads_daily GROUP BY 1, 2")
                batch = {}
                for story_id, day, n in cur:
                    batch[(story_id, day)] = n
                    if len(batch) >= 200_000:
                        sqlite_store.add_reads(batch)
                        batch = {}
                sqlite_store.add_reads(batch)
            sqlite_store._writer.execute("ANALYZE")
            stores.append(("SQLite", sqlite_store))

        week_first = TODAY - timedelta(days=6)
        print(f"\nmost-read lists, limit {args.limit}, median of {args.repeat} (ms); baseline = aggregate the "
              "whole window in PostgreSQL and sort, same run")
        print(f"  {'list':<6} {'baseline':>9} " + " ".join(f"{name + ' top_k':>16}" for name, _ in stores)
              + "   speed-up (PostgreSQL)")
        with psycopg.connect(url) as conn:
            baseline_fns = {
                "day": lambda: conn.execute(BASELINE["day"], (TODAY, args.limit)).fetchall(),
                "week": lambda: conn.execute(BASELINE["week"], (week_first, TODAY, args.limit)).fetchall(),
                "all": lambda: conn.execute(BASELINE["all"], (args.limit,)).fetchall(),
            }
            apps = [(name, create_app(settings, store=s, clock=lambda: noon)) for name, s in stores]
            for window in ("day", "week", "all"):
                base_ms, base_rows = timed(baseline_fns[window], args.repeat)
                figures = []
                for name, app in apps:
                    ms, listed = timed(lambda app=app, window=window: app.state.counter.top(window, args.limit),
                                       args.repeat)
                    got = [(s["id"], s["reads"]) for s in listed]
                    assert got == [tuple(row) for row in base_rows], (name, window, got, base_rows)
                    figures.append(ms)
                print(f"  {window:<6} {base_ms:>9.2f} " + " ".join(f"{ms:>16.2f}" for ms in figures)
                      + f"   {base_ms / figures[0]:>6.0f}x")

            print("\nEXPLAIN (ANALYZE, BUFFERS) of what the service sends (all time: first depth 2 x limit, >= 20):")
            depth = max(2 * args.limit, 20)
            candidates = sorted({r[1] for r in conn.execute(TOP_TOTALS, (15, depth)).fetchall()})
            for title, query, params in (
                ("day: the day's rows, summed (reads_daily_day)", TOP_WINDOW, (TODAY, TODAY, args.limit + 10)),
                ("week: the week's rows, summed (reads_daily_day)", TOP_WINDOW, (week_first, TODAY, args.limit + 10)),
                ("all: first rows of each of 16 shards (reads_total_top)", TOP_TOTALS, (15, depth)),
                (f"all: totals of the {len(candidates)} candidates (primary key)", TOTALS, (candidates,)),
                ("baseline all: every story's legacy + total, sorted", BASELINE["all"], (args.limit,)),
            ):
                plan = conn.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS) " + query, params).fetchall()
                print(f"\n-- {title}")
                for (line,) in plan:
                    print("   " + (line if len(line) <= 160 else line[:150] + " ...}'))"))
        for _, app in apps:
            app.state.counter.close()


if __name__ == "__main__":
    main()
