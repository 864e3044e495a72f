-- +goose Up
-- The SLO report reads only this index (a covering index over the period),
-- and lists by clock state walk the state indexes in id order.
CREATE INDEX support_issues_report ON support_issues
    (opened_at, blocks, tool_id, level, slo_state, rto_state, slo_elapsed_s, rto_elapsed_s);
CREATE INDEX support_issues_slo_state ON support_issues (slo_state, id);
CREATE INDEX support_issues_rto_state ON support_issues (rto_state, id);

-- +goose Down
DROP INDEX support_issues_rto_state;
DROP INDEX support_issues_slo_state;
DROP INDEX support_issues_report;
