-- Counts per story and Bangkok day, and all-time totals (kept equal to the sum of the days by every transaction).
-- The *_top indexes serve the most-read lists (ranking.py): the first rows of one day, or of all time, in order.
CREATE TABLE reads_daily (
    story_id text NOT NULL,
    day date NOT NULL,
    reads bigint NOT NULL CHECK (reads >= 0),
    PRIMARY KEY (story_id, day)
);
CREATE INDEX reads_daily_top ON reads_daily (day, reads DESC, story_id);
CREATE TABLE reads_total (
    story_id text PRIMARY KEY,
    reads bigint NOT NULL CHECK (reads >= 0)
);
CREATE INDEX reads_total_top ON reads_total (reads DESC, story_id);
