-- Counts per story, Bangkok day and shard, and all-time totals per story and shard (every transaction keeps the
-- totals equal to the sums of the days). Each instance writes its own shard (one of 16, from the sequence
-- counter_shards at its start), so instances never wait for each other's row locks on a hot story: a story's count
-- is the sum of its (at most 16) shard rows.
-- Most-read lists: a day's or a week's come from the window's rows (reads_daily_day); all time from the first rows
-- of each shard in order (reads_total_top, for the threshold algorithm in ranking.py). No index of reads_daily holds
-- `reads`, so its updates are HOT (no index change; fillfactor leaves room on the page): half the index work per read.
CREATE TABLE reads_daily (
    story_id text NOT NULL,
    day date NOT NULL,
    shard smallint NOT NULL CHECK (shard BETWEEN 0 AND 15),
    reads bigint NOT NULL CHECK (reads >= 0),
    PRIMARY KEY (story_id, day, shard)
) WITH (fillfactor = 70);
CREATE INDEX reads_daily_day ON reads_daily (day);
CREATE TABLE reads_total (
    story_id text NOT NULL,
    shard smallint NOT NULL CHECK (shard BETWEEN 0 AND 15),
    reads bigint NOT NULL CHECK (reads >= 0),
    PRIMARY KEY (story_id, shard)
);
CREATE INDEX reads_total_top ON reads_total (shard, reads DESC, story_id);
CREATE SEQUENCE counter_shards;
