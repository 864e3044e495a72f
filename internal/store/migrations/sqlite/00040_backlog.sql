-- +goose Up
-- The team's backlog: issues, epics and merge requests carrying the
-- candidate or team label (and merge requests on followed projects), each
-- with the process scheme it was first recorded under; custom schemes by
-- version; and the marks of policy actions already carried out.

CREATE TABLE backlog_items (
    id                INTEGER PRIMARY KEY,
    item_key          TEXT      NOT NULL UNIQUE,
    kind              TEXT      NOT NULL,
    url               TEXT      NOT NULL DEFAULT '',
    title             TEXT      NOT NULL,
    project           TEXT      NOT NULL DEFAULT '',
    project_id        BIGINT    NOT NULL DEFAULT 0,
    iid               BIGINT    NOT NULL DEFAULT 0,
    state             TEXT      NOT NULL,
    labels            TEXT      NOT NULL DEFAULT '[]', -- JSON
    weight            INTEGER,
    priority          INTEGER,
    workflow          TEXT      NOT NULL DEFAULT '',
    metric            TEXT      NOT NULL DEFAULT '',
    candidate         BOOLEAN   NOT NULL DEFAULT FALSE,
    team              BOOLEAN   NOT NULL DEFAULT FALSE,
    assignees         TEXT      NOT NULL DEFAULT '[]', -- JSON
    milestone         TEXT      NOT NULL DEFAULT '',
    author            TEXT      NOT NULL DEFAULT '',
    reviewers         TEXT      NOT NULL DEFAULT '[]', -- JSON
    confidential      BOOLEAN   NOT NULL DEFAULT FALSE,
    description       TEXT      NOT NULL DEFAULT '',
    profile           TEXT      NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    closed_at         TIMESTAMP,
    merged_at         TIMESTAMP,
    unassigned_at     TIMESTAMP,
    team_mentioned_at TIMESTAMP,
    request_id        INTEGER REFERENCES requests (id),
    removed_at        TIMESTAMP,
    removal_reason    TEXT      NOT NULL DEFAULT '',
    version           INTEGER   NOT NULL DEFAULT 1
);
CREATE INDEX backlog_items_state ON backlog_items (state, id);
CREATE INDEX backlog_items_closed ON backlog_items (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX backlog_items_merged ON backlog_items (merged_at) WHERE merged_at IS NOT NULL;

-- One row per label and per assignee of an item, lower-cased, for filters.
CREATE TABLE backlog_item_terms (
    item_id INTEGER NOT NULL REFERENCES backlog_items (id) ON DELETE CASCADE,
    kind    TEXT    NOT NULL, -- 'label' or 'assignee'
    value   TEXT    NOT NULL,
    PRIMARY KEY (kind, value, item_id)
);

CREATE TABLE backlog_schemes (
    name       TEXT      NOT NULL,
    version    INTEGER   NOT NULL,
    doc        TEXT      NOT NULL, -- JSON
    created_by TEXT      NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (name, version)
);

CREATE TABLE backlog_policy_marks (
    mark TEXT PRIMARY KEY,
    at   TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE backlog_policy_marks;
DROP TABLE backlog_schemes;
DROP TABLE backlog_item_terms;
DROP TABLE backlog_items;
