-- +goose Up
-- Prioritisation scores and weights (kept with their history), inventory
-- reviews, and per-tool maintenance load overrides.

CREATE TABLE tool_scores (
    id                  INTEGER PRIMARY KEY,
    tool_id             INTEGER   NOT NULL REFERENCES tools (id),
    criticality         INTEGER   NOT NULL,
    product_fit         INTEGER   NOT NULL,
    maintainability     INTEGER   NOT NULL,
    strategic_alignment INTEGER   NOT NULL,
    customer_value      INTEGER   NOT NULL,
    notes               TEXT      NOT NULL DEFAULT '{}', -- JSON: criterion -> note
    by_user             TEXT      NOT NULL,
    at                  TIMESTAMP NOT NULL
);
CREATE INDEX tool_scores_tool ON tool_scores (tool_id, id);

CREATE TABLE priority_weights (
    id      INTEGER PRIMARY KEY,
    weights TEXT      NOT NULL, -- JSON: criterion -> weight
    by_user TEXT      NOT NULL,
    at      TIMESTAMP NOT NULL
);

CREATE TABLE reviews (
    id                  INTEGER PRIMARY KEY,
    tool_id             INTEGER   NOT NULL REFERENCES tools (id),
    reviewed_by         TEXT      NOT NULL,
    at                  TIMESTAMP NOT NULL,
    stakeholders_use_it BOOLEAN   NOT NULL,
    moved_to_other      BOOLEAN   NOT NULL,
    moved_to            TEXT      NOT NULL DEFAULT '',
    outcome             TEXT      NOT NULL,
    new_category        TEXT      NOT NULL DEFAULT '',
    new_criticality     TEXT      NOT NULL DEFAULT '',
    notes               TEXT      NOT NULL DEFAULT ''
);
CREATE INDEX reviews_tool ON reviews (tool_id, id);

CREATE TABLE tool_loads (
    tool_id        INTEGER PRIMARY KEY REFERENCES tools (id),
    hours_per_week DOUBLE PRECISION NOT NULL,
    by_user        TEXT      NOT NULL,
    at             TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE tool_loads;
DROP TABLE reviews;
DROP TABLE priority_weights;
DROP TABLE tool_scores;
