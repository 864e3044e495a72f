-- +goose Up
-- The metrics count open support issues by clock state at every scrape:
-- this partial index answers that count without reading closed issues.
CREATE INDEX support_issues_open_clocks ON support_issues (slo_state, rto_state) WHERE state <> 'closed';

-- +goose Down
DROP INDEX support_issues_open_clocks;
