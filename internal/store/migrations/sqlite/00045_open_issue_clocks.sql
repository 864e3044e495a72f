-- +goose Up
-- The metrics count open support issues by clock state at every scrape:
-- this partial index covers that count without reading closed issues
-- (state is in it so that the count needs no table row).
CREATE INDEX support_issues_open_clocks ON support_issues (slo_state, rto_state, state) WHERE state <> 'closed';

-- +goose Down
DROP INDEX support_issues_open_clocks;
