-- +goose Up
-- Co-create records and sunset plans are kept as versioned JSON documents
-- (their lists grow and are always read whole), with the columns that are
-- queried beside them.

CREATE TABLE cocreates (
    id         INTEGER PRIMARY KEY,
    tool_id    INTEGER REFERENCES tools (id),
    request_id INTEGER,
    loop       TEXT      NOT NULL,
    doc        TEXT      NOT NULL, -- JSON
    version    INTEGER   NOT NULL DEFAULT 1,
    started_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (tool_id IS NOT NULL OR request_id IS NOT NULL)
);
CREATE UNIQUE INDEX cocreates_tool ON cocreates (tool_id);
CREATE UNIQUE INDEX cocreates_request ON cocreates (request_id);

CREATE TABLE sunset_plans (
    id               INTEGER PRIMARY KEY,
    tool_id          INTEGER   NOT NULL REFERENCES tools (id),
    kind             TEXT      NOT NULL,
    state            TEXT      NOT NULL,
    reminder_due_on  TIMESTAMP, -- when stakeholders are reminded of the decommission date; NULL once sent
    doc              TEXT      NOT NULL, -- JSON
    version          INTEGER   NOT NULL DEFAULT 1,
    opened_at        TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX sunset_plans_tool ON sunset_plans (tool_id, id);
CREATE INDEX sunset_plans_reminder ON sunset_plans (state, reminder_due_on);

CREATE TABLE adoption_samples (
    id            INTEGER PRIMARY KEY,
    plan_id       INTEGER   NOT NULL REFERENCES sunset_plans (id),
    at            TIMESTAMP NOT NULL,
    internal_uses BIGINT    NOT NULL,
    product_uses  BIGINT    NOT NULL,
    recorded_by   TEXT      NOT NULL
);
CREATE INDEX adoption_samples_plan ON adoption_samples (plan_id, at);

CREATE TABLE transfers (
    id        INTEGER PRIMARY KEY,
    tool_id   INTEGER   NOT NULL REFERENCES tools (id),
    from_team TEXT      NOT NULL,
    to_team   TEXT      NOT NULL,
    note      TEXT      NOT NULL DEFAULT '',
    by_user   TEXT      NOT NULL,
    at        TIMESTAMP NOT NULL
);
CREATE INDEX transfers_tool ON transfers (tool_id, id);

-- +goose Down
DROP TABLE transfers;
DROP TABLE adoption_samples;
DROP TABLE sunset_plans;
DROP TABLE cocreates;
