-- Issue 14, rule 18: improvement items can be prioritised (a
-- ProdSecEngPriority 1-3, 0 for none) and given a target milestone.

-- +goose Up
ALTER TABLE improvements ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE improvements ADD COLUMN milestone TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE improvements DROP COLUMN milestone;
ALTER TABLE improvements DROP COLUMN priority;
