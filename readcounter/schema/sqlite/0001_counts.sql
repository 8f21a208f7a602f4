-- Counts per story and day, and all-time totals (the tables of the first release; IF NOT EXISTS adopts its files).
CREATE TABLE IF NOT EXISTS reads_daily (
    story_id TEXT NOT NULL, day TEXT NOT NULL, reads INTEGER NOT NULL,
    PRIMARY KEY (story_id, day)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reads_daily_day ON reads_daily (day);
CREATE TABLE IF NOT EXISTS reads_total (
    story_id TEXT PRIMARY KEY, reads INTEGER NOT NULL) WITHOUT ROWID;
