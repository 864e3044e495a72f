-- +goose Up
-- The SLO report's roll-ups (ADR 0020): one row per UTC day (days since
-- 1970-01-01) on which blocking issues opened, holding the report's two
-- integers of each such issue, packed and sorted. Every write of an issue
-- keeps its day's row current. built is FALSE until the store has filled
-- the rows from the issues already here, which it does when it opens.
CREATE TABLE slo_rollup_days (
    day     INTEGER PRIMARY KEY,
    entries INTEGER NOT NULL,
    packed  BLOB    NOT NULL
);

CREATE TABLE slo_rollup_state (
    id    INTEGER PRIMARY KEY,
    built BOOLEAN NOT NULL
);
INSERT INTO slo_rollup_state (id, built) VALUES (1, FALSE);

-- +goose Down
DROP TABLE slo_rollup_state;
DROP TABLE slo_rollup_days;
