-- The day's seen-set (keyed reader hashes) in three rotating slots (day ordinal mod 3), so a restart does not count
-- a reader twice (with a salt kept in RAM, see salts.py); which day and salt each slot holds; the database's id
-- (copy-sqlite remembers what it copied from which database); all-time counts in order for the most-read list
-- (a day's or a week's list sums the window's rows through reads_daily_day).
CREATE TABLE readers_seen_0 (key BLOB PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE readers_seen_1 (key BLOB PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE readers_seen_2 (key BLOB PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE reader_slots (
    slot INTEGER PRIMARY KEY CHECK (slot BETWEEN 0 AND 2), day TEXT NOT NULL, salt_id BLOB NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('database_id', lower(hex(randomblob(16))));
CREATE INDEX reads_total_top ON reads_total (reads DESC, story_id);
