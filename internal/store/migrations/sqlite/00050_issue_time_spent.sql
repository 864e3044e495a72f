-- +goose Up
-- The time logged on a support issue in its tracker (GitLab's
-- total_time_spent), in seconds; NULL when the tracker does not report it.
ALTER TABLE support_issues ADD COLUMN time_spent_s INTEGER;

-- +goose Down
ALTER TABLE support_issues DROP COLUMN time_spent_s;
