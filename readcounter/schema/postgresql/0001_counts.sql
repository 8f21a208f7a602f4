-- Counts per story, Bangkok day and shard, and all-time totals per story and shard (every transaction keeps the
-- totals equal to the sums of the days). Each instance writes its own shard (one of 16, from the sequence
-- counter_shards at its start), so instances never wait for each other's row locks on a hot story: a story's count
-- is the sum of its (at most 16) shard rows.
-- The *_top indexes serve the most-read lists (ranking.py): the first rows of one day and shard, or of one shard
-- for all time, in order.
CREATE TABLE reads_daily (
    story_id text NOT NULL,
    day date NOT NULL,
    shard smallint NOT NULL CHECK (shard BETWEEN 0 AND 15),
    reads bigint NOT NULL CHECK (reads >= 0),
    PRIMARY KEY (story_id, day, shard)
);
CREATE INDEX reads_daily_top ON reads_daily (day, shard, reads DESC, story_id);
CREATE TABLE reads_total (
    story_id text NOT NULL,
    shard smallint NOT NULL CHECK (shard BETWEEN 0 AND 15),
    reads bigint NOT NULL CHECK (reads >= 0),
    PRIMARY KEY (story_id, shard)
);
CREATE INDEX reads_total_top ON reads_total (shard, reads DESC, story_id);
CREATE SEQUENCE counter_shards;
