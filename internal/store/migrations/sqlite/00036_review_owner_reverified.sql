-- Issue 14, rule 9: a review of a zombie tool records the owner's
-- re-verification (who re-verified) before it decides to retire, transfer
-- or keep the tool.

-- +goose Up
ALTER TABLE reviews ADD COLUMN owner_reverified_by TEXT NOT NULL DEFAULT '';
ALTER TABLE reviews ADD COLUMN zombie_reasons TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE reviews DROP COLUMN zombie_reasons;
ALTER TABLE reviews DROP COLUMN owner_reverified_by;
