-- +goose Up
-- Users, tokens, the tool inventory, its rubric assessments, ADRs and
-- improvement plans, the event timeline and the outbox.

CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    username   TEXT      NOT NULL UNIQUE,
    role       TEXT      NOT NULL,
    disabled   BOOLEAN   NOT NULL DEFAULT FALSE,
    created_by TEXT      NOT NULL,
    created_at TIMESTAMP NOT NULL,
    version    INTEGER   NOT NULL DEFAULT 1
);

CREATE TABLE tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER   NOT NULL REFERENCES users (id),
    name       TEXT      NOT NULL,
    prefix     TEXT      NOT NULL,
    hash       TEXT      NOT NULL UNIQUE,
    created_by TEXT      NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE tools (
    id             INTEGER PRIMARY KEY,
    name           TEXT      NOT NULL,
    name_key       TEXT      NOT NULL UNIQUE, -- lower-cased name: names are unique regardless of case
    summary        TEXT      NOT NULL DEFAULT '',
    owner_team     TEXT      NOT NULL,
    repository_url TEXT      NOT NULL DEFAULT '',
    gitlab_project TEXT      NOT NULL DEFAULT '',
    criticality    TEXT      NOT NULL,
    category       TEXT      NOT NULL,
    stage          TEXT      NOT NULL,
    epic_url       TEXT      NOT NULL DEFAULT '',
    milestone      TEXT      NOT NULL DEFAULT '',
    health         TEXT      NOT NULL,
    version        INTEGER   NOT NULL DEFAULT 1,
    created_by     TEXT      NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_by     TEXT      NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX tools_category ON tools (category, name_key);
CREATE INDEX tools_criticality ON tools (criticality, name_key);
CREATE INDEX tools_stage ON tools (stage, name_key);

CREATE TABLE tool_stakeholders (
    tool_id  INTEGER NOT NULL REFERENCES tools (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    team     TEXT    NOT NULL,
    PRIMARY KEY (tool_id, position)
);
CREATE INDEX tool_stakeholders_team ON tool_stakeholders (team);

CREATE TABLE assessments (
    id          INTEGER PRIMARY KEY,
    tool_id     INTEGER   NOT NULL REFERENCES tools (id) ON DELETE CASCADE,
    met         TEXT      NOT NULL, -- JSON array of criterion ids
    health      TEXT      NOT NULL,
    note        TEXT      NOT NULL DEFAULT '',
    assessed_by TEXT      NOT NULL,
    assessed_at TIMESTAMP NOT NULL
);
CREATE INDEX assessments_tool ON assessments (tool_id, id);

CREATE TABLE adrs (
    id            INTEGER PRIMARY KEY,
    tool_id       INTEGER   NOT NULL REFERENCES tools (id) ON DELETE CASCADE,
    number        INTEGER   NOT NULL,
    title         TEXT      NOT NULL,
    status        TEXT      NOT NULL,
    context       TEXT      NOT NULL,
    decision      TEXT      NOT NULL,
    consequences  TEXT      NOT NULL DEFAULT '',
    retrospective BOOLEAN   NOT NULL DEFAULT FALSE,
    supersedes    INTEGER,
    superseded_by INTEGER,
    created_by    TEXT      NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    version       INTEGER   NOT NULL DEFAULT 1,
    UNIQUE (tool_id, number)
);

CREATE TABLE improvements (
    id           INTEGER PRIMARY KEY,
    tool_id      INTEGER   NOT NULL REFERENCES tools (id) ON DELETE CASCADE,
    title        TEXT      NOT NULL,
    criterion_id TEXT      NOT NULL DEFAULT '',
    url          TEXT      NOT NULL DEFAULT '',
    done_at      TIMESTAMP,
    created_by   TEXT      NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX improvements_tool ON improvements (tool_id, done_at);

CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    subject_type TEXT      NOT NULL,
    subject_id   INTEGER   NOT NULL,
    type         TEXT      NOT NULL,
    actor        TEXT      NOT NULL,
    at           TIMESTAMP NOT NULL,
    summary      TEXT      NOT NULL DEFAULT '',
    data         TEXT      NOT NULL DEFAULT '{}' -- JSON
);
CREATE INDEX events_subject ON events (subject_type, subject_id, id);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    topic           TEXT      NOT NULL,
    subject_type    TEXT      NOT NULL,
    subject_id      INTEGER   NOT NULL,
    recipients      TEXT      NOT NULL, -- JSON array of {kind, name, reason}
    title           TEXT      NOT NULL,
    body            TEXT      NOT NULL DEFAULT '',
    data            TEXT      NOT NULL DEFAULT '{}',
    created_at      TIMESTAMP NOT NULL,
    attempts        INTEGER   NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP,
    delivered_at    TIMESTAMP,
    last_error      TEXT      NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox (delivered_at, id);

-- Documents the service keeps as a whole, such as the rubric and the calendar.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT      NOT NULL, -- JSON
    version    INTEGER   NOT NULL,
    updated_by TEXT      NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE outbox;
DROP TABLE events;
DROP TABLE improvements;
DROP TABLE adrs;
DROP TABLE assessments;
DROP TABLE tool_stakeholders;
DROP TABLE tools;
DROP TABLE tokens;
DROP TABLE users;
