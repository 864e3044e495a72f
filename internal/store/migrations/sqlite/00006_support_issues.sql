-- +goose Up
-- Support issues with their SLO and RTO clocks, fixed when they open, and
-- the signals repeated breaches raise.

CREATE TABLE support_issues (
    id              INTEGER PRIMARY KEY,
    tool_id         INTEGER   NOT NULL REFERENCES tools (id),
    title           TEXT      NOT NULL,
    kind            TEXT      NOT NULL,
    blocks          BOOLEAN   NOT NULL,
    opened_at       TIMESTAMP NOT NULL,
    reporter        TEXT      NOT NULL,
    external_url    TEXT      NOT NULL DEFAULT '',
    external        BOOLEAN   NOT NULL DEFAULT FALSE,
    state           TEXT      NOT NULL,
    assignee        TEXT      NOT NULL DEFAULT '',
    triaged_at      TIMESTAMP,
    recovered_at    TIMESTAMP,
    closed_at       TIMESTAMP,
    close_reason    TEXT      NOT NULL DEFAULT '',
    level           TEXT      NOT NULL,
    commitment_note TEXT      NOT NULL DEFAULT '',
    slo_amount      INTEGER,
    slo_unit        TEXT,
    slo_due_at      TIMESTAMP,
    slo_at_risk_at  TIMESTAMP,
    slo_state       TEXT      NOT NULL,
    slo_elapsed_s   BIGINT, -- business seconds from opening to triage
    slo_note        TEXT      NOT NULL DEFAULT '',
    rto_amount      INTEGER,
    rto_unit        TEXT,
    rto_due_at      TIMESTAMP,
    rto_at_risk_at  TIMESTAMP,
    rto_state       TEXT      NOT NULL,
    rto_elapsed_s   BIGINT, -- business seconds from opening to recovery
    rto_note        TEXT      NOT NULL DEFAULT '',
    version         INTEGER   NOT NULL DEFAULT 1
);
CREATE INDEX support_issues_tool ON support_issues (tool_id, id);
CREATE INDEX support_issues_opened ON support_issues (opened_at);
CREATE INDEX support_issues_slo_live ON support_issues (slo_due_at) WHERE slo_state IN ('running', 'at_risk');
CREATE INDEX support_issues_rto_live ON support_issues (rto_due_at) WHERE rto_state IN ('running', 'at_risk');
CREATE INDEX support_issues_slo_risk ON support_issues (slo_at_risk_at) WHERE slo_state = 'running';
CREATE INDEX support_issues_rto_risk ON support_issues (rto_at_risk_at) WHERE rto_state = 'running';

CREATE TABLE signals (
    id             INTEGER PRIMARY KEY,
    tool_id        INTEGER   NOT NULL REFERENCES tools (id),
    raised_at      TIMESTAMP NOT NULL,
    breaches       INTEGER   NOT NULL,
    window_days    INTEGER   NOT NULL,
    recommendation TEXT      NOT NULL,
    state          TEXT      NOT NULL,
    resolved_by    TEXT      NOT NULL DEFAULT '',
    resolved_at    TIMESTAMP,
    resolution     TEXT      NOT NULL DEFAULT ''
);
CREATE INDEX signals_tool ON signals (tool_id, state);

-- +goose Down
DROP TABLE signals;
DROP TABLE support_issues;
