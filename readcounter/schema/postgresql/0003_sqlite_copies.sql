-- What `python -m readcounter copy-sqlite` took from each SQLite database (by its database id), per story and day,
-- so running it again adds only what is new there and never counts a read twice.
CREATE TABLE sqlite_copies (
    source_id text NOT NULL,
    story_id text NOT NULL,
    day date NOT NULL,
    reads bigint NOT NULL CHECK (reads >= 0),
    PRIMARY KEY (source_id, story_id, day)
);
