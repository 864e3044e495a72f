-- +goose Up
-- A support issue that an outside tracker (GitLab) keeps: its stable key
-- (one support issue per key), where to comment back, and the tracker's
-- updated_at of the newest change applied, so that an older one is ignored.
ALTER TABLE support_issues ADD COLUMN external_key TEXT NOT NULL DEFAULT '';
ALTER TABLE support_issues ADD COLUMN external_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE support_issues ADD COLUMN external_updated_at TIMESTAMP;
-- when the clocks started: opened_at, or later when the issue began to block
ALTER TABLE support_issues ADD COLUMN external_clocks_from TIMESTAMP;
CREATE UNIQUE INDEX support_issues_external_key ON support_issues (external_key) WHERE external_key <> '';

-- +goose Down
DROP INDEX support_issues_external_key;
ALTER TABLE support_issues DROP COLUMN external_clocks_from;
ALTER TABLE support_issues DROP COLUMN external_updated_at;
ALTER TABLE support_issues DROP COLUMN external_ref;
ALTER TABLE support_issues DROP COLUMN external_key;
