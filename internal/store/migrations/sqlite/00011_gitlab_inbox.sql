-- +goose Up
-- The inbox of GitLab webhook deliveries: each is committed here before it
-- is acknowledged, once per Idempotency-Key (redeliveries count receipts),
-- and a worker processes it from here in arrival (id) order.
CREATE TABLE gitlab_inbox (
    id               INTEGER PRIMARY KEY,
    idempotency_key  TEXT      NOT NULL,
    received_at      TIMESTAMP NOT NULL,
    last_received_at TIMESTAMP NOT NULL,
    event            TEXT      NOT NULL,
    event_uuid       TEXT      NOT NULL DEFAULT '',
    project          TEXT      NOT NULL DEFAULT '',
    body             BLOB      NOT NULL,
    status           TEXT      NOT NULL, -- queued, processed, ignored or failed
    error            TEXT      NOT NULL DEFAULT '',
    attempts         INTEGER   NOT NULL DEFAULT 0,
    receipts         INTEGER   NOT NULL DEFAULT 1,
    next_attempt_at  TIMESTAMP,
    processed_at     TIMESTAMP
);
CREATE UNIQUE INDEX gitlab_inbox_key ON gitlab_inbox (idempotency_key);
-- what the worker reads: queued deliveries, and failed ones by next attempt
CREATE INDEX gitlab_inbox_queued ON gitlab_inbox (id) WHERE status = 'queued';
CREATE INDEX gitlab_inbox_retry ON gitlab_inbox (next_attempt_at, id) WHERE status = 'failed' AND next_attempt_at IS NOT NULL;

-- +goose Down
DROP TABLE gitlab_inbox;
