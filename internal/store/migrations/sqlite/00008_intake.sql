-- +goose Up
-- Intake requests are versioned JSON documents (their steps fill them in),
-- with the columns lists filter on; comments are rows.
CREATE TABLE requests (
    id              INTEGER PRIMARY KEY,
    kind            TEXT      NOT NULL,
    state           TEXT      NOT NULL,
    step            TEXT      NOT NULL,
    requesting_team TEXT      NOT NULL,
    requester       TEXT      NOT NULL,
    revisit_on      TEXT      NOT NULL DEFAULT '', -- YYYY-MM-DD of a decision to revisit
    doc             TEXT      NOT NULL, -- JSON
    version         INTEGER   NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX requests_state ON requests (state, step, id);
CREATE INDEX requests_requester ON requests (requester, id);
CREATE INDEX requests_revisit ON requests (revisit_on) WHERE revisit_on <> '';

CREATE TABLE request_comments (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER   NOT NULL REFERENCES requests (id),
    author     TEXT      NOT NULL,
    body       TEXT      NOT NULL,
    at         TIMESTAMP NOT NULL
);
CREATE INDEX request_comments_request ON request_comments (request_id, id);

-- +goose Down
DROP TABLE request_comments;
DROP TABLE requests;
