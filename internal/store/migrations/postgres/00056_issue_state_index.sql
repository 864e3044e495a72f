-- +goose Up
-- Lists of issues by state walk their state in id order (issue 16 item 6):
-- the open and blocking list reads the few open issues, not the table.
CREATE INDEX support_issues_state ON support_issues (state, id);

-- +goose Down
DROP INDEX support_issues_state;
