-- +goose Up
-- The SLO report's cache of whole days (ADR 0020): every transaction that
-- changes roll-ups takes the next generation, and the days it changes take
-- that generation as their version. A day's (day, version) is then never
-- reused, so a process holding a report of those days knows it is current
-- when the versions it reads are the ones it read then.
ALTER TABLE slo_rollup_state ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE slo_rollup_days ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE slo_rollup_days DROP COLUMN version;
ALTER TABLE slo_rollup_state DROP COLUMN generation;
