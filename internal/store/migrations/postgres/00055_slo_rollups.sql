-- +goose Up
-- The SLO report's roll-ups (ADR 0020): one row per UTC day (days since
-- 1970-01-01) on which blocking issues opened, holding the report's two
-- integers of each such issue, packed and sorted. Every write of an issue
-- keeps its day's row current. built is FALSE until the store has filled
-- the rows from the issues already here, which it does when it opens.
CREATE TABLE slo_rollup_days (
    day     BIGINT PRIMARY KEY,
    entries BIGINT NOT NULL,
    packed  BYTEA  NOT NULL
);
-- packed is already compact (varints): stored out of line but not
-- compressed, so that a write does not compress, nor a report decompress,
-- some 10 KB per day.
ALTER TABLE slo_rollup_days ALTER COLUMN packed SET STORAGE EXTERNAL;

CREATE TABLE slo_rollup_state (
    id    BIGINT PRIMARY KEY,
    built BOOLEAN NOT NULL
);
INSERT INTO slo_rollup_state (id, built) VALUES (1, FALSE);

-- +goose Down
DROP TABLE slo_rollup_state;
DROP TABLE slo_rollup_days;
