-- The daily salt and the day's seen-set, shared by every instance. Both are UNLOGGED: never written to the
-- write-ahead log (no copy in pg_wal, WAL archives or replicas), emptied by PostgreSQL after a crash (a new salt is
-- then made; a reader may be counted once more that day). Three slots (day ordinal mod 3), one partition each, so a
-- finished day is removed with TRUNCATE of its own partitions while today's keep working.
CREATE TABLE reader_salts (
    slot smallint NOT NULL CHECK (slot BETWEEN 0 AND 2),
    day date NOT NULL,
    salt bytea NOT NULL CHECK (length(salt) = 32),
    salt_id bytea NOT NULL,
    PRIMARY KEY (slot)
) PARTITION BY LIST (slot);
CREATE UNLOGGED TABLE reader_salts_0 PARTITION OF reader_salts FOR VALUES IN (0);
CREATE UNLOGGED TABLE reader_salts_1 PARTITION OF reader_salts FOR VALUES IN (1);
CREATE UNLOGGED TABLE reader_salts_2 PARTITION OF reader_salts FOR VALUES IN (2);

CREATE TABLE readers_seen (
    slot smallint NOT NULL CHECK (slot BETWEEN 0 AND 2),
    key bytea NOT NULL,
    PRIMARY KEY (slot, key)
) PARTITION BY LIST (slot);
CREATE UNLOGGED TABLE readers_seen_0 PARTITION OF readers_seen FOR VALUES IN (0);
CREATE UNLOGGED TABLE readers_seen_1 PARTITION OF readers_seen FOR VALUES IN (1);
CREATE UNLOGGED TABLE readers_seen_2 PARTITION OF readers_seen FOR VALUES IN (2);

-- One batch of reads in one statement (one round trip; committed before it returns in autocommit):
-- check that every salt used is still the stored one (else SQLSTATE RC001: the instance fetches the salt again),
-- insert the reader hashes (distinct within a batch), count those that were new, return each read's outcome and
-- its story's total (the sum of its shards). The counts go to the calling instance's shard; rows are locked in
-- sorted order, so concurrent batches never deadlock.
CREATE FUNCTION readcounter_record(
    p_shard smallint, p_slots smallint[], p_keys bytea[], p_stories text[], p_days date[],
    p_salt_slots smallint[], p_salt_days date[], p_salt_ids bytea[])
RETURNS TABLE (read_ord integer, read_counted boolean, story_reads bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_missing date;
    v_new bytea[];
BEGIN
    SELECT s.day INTO v_missing
      FROM unnest(p_salt_slots, p_salt_days, p_salt_ids) AS s(slot, day, salt_id)
     WHERE NOT EXISTS (SELECT 1 FROM reader_salts r
                        WHERE r.slot = s.slot AND r.day = s.day AND r.salt_id = s.salt_id)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'readcounter: the salt of % is not the stored one', v_missing USING ERRCODE = 'RC001';
    END IF;

    WITH inserted AS (
        INSERT INTO readers_seen (slot, key)
        SELECT t.slot, t.key FROM unnest(p_slots, p_keys) AS t(slot, key) ORDER BY t.slot, t.key
        ON CONFLICT DO NOTHING
        RETURNING readers_seen.key)
    SELECT coalesce(array_agg(inserted.key), '{}') INTO v_new FROM inserted;

    INSERT INTO reads_daily AS d (story_id, day, shard, reads)
    SELECT t.story_id, t.day, p_shard, count(*)
      FROM unnest(p_keys, p_stories, p_days) AS t(key, story_id, day)
      JOIN unnest(v_new) AS n(key) ON n.key = t.key
     GROUP BY t.story_id, t.day
     ORDER BY t.story_id, t.day
    ON CONFLICT (story_id, day, shard) DO UPDATE SET reads = d.reads + excluded.reads;

    INSERT INTO reads_total AS r (story_id, shard, reads)
    SELECT t.story_id, p_shard, count(*)
      FROM unnest(p_keys, p_stories) AS t(key, story_id)
      JOIN unnest(v_new) AS n(key) ON n.key = t.key
     GROUP BY t.story_id
     ORDER BY t.story_id
    ON CONFLICT (story_id, shard) DO UPDATE SET reads = r.reads + excluded.reads;

    RETURN QUERY
    WITH totals AS (
        SELECT r.story_id, sum(r.reads)::bigint AS reads FROM reads_total r
         WHERE r.story_id = ANY(p_stories) GROUP BY r.story_id)
    SELECT t.ord::integer, n.key IS NOT NULL, coalesce(totals.reads, 0)::bigint
      FROM unnest(p_keys, p_stories) WITH ORDINALITY AS t(key, story_id, ord)
      LEFT JOIN unnest(v_new) AS n(key) ON n.key = t.key
      LEFT JOIN totals ON totals.story_id = t.story_id;
END
$$;
