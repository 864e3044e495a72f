-- +goose Up
-- A reconcile of interlock's support issues with GitLab: who asked, for
-- which tool (all linked tools when none), and its progress.
CREATE TABLE gitlab_syncs (
    id             INTEGER PRIMARY KEY,
    requested_by   TEXT      NOT NULL,
    trigger        TEXT      NOT NULL,            -- api | schedule
    tool_id        INTEGER,                       -- NULL: every tool linked to a GitLab project
    state          TEXT      NOT NULL,            -- queued | running | succeeded | failed
    projects_total INTEGER   NOT NULL DEFAULT 0,
    projects_done  INTEGER   NOT NULL DEFAULT 0,
    issues_seen    INTEGER   NOT NULL DEFAULT 0,
    created        INTEGER   NOT NULL DEFAULT 0,
    updated        INTEGER   NOT NULL DEFAULT 0,
    closed         INTEGER   NOT NULL DEFAULT 0,
    errors         TEXT      NOT NULL DEFAULT '[]', -- JSON array of messages
    requested_at   TIMESTAMP NOT NULL,
    started_at     TIMESTAMP,
    finished_at    TIMESTAMP
);
CREATE INDEX gitlab_syncs_state ON gitlab_syncs (state);

-- +goose Down
DROP TABLE gitlab_syncs;
