-- +goose Up
-- Deliveries: one per outbox message, channel and address, each with its
-- own retry state. A message is expanded into its deliveries once.
ALTER TABLE outbox ADD COLUMN expanded_at TIMESTAMP;
CREATE INDEX outbox_unexpanded ON outbox (expanded_at, id);
-- Messages written before delivery existed stay a record: they are not sent
-- now, possibly months late. Their readers find them in /me/notifications.
UPDATE outbox SET expanded_at = created_at;

CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    message_id      INTEGER   NOT NULL REFERENCES outbox (id),
    channel         TEXT      NOT NULL,
    address         TEXT      NOT NULL,
    recipients      TEXT      NOT NULL DEFAULT '[]', -- JSON: the recipients that led to this address, with their reasons
    state           TEXT      NOT NULL DEFAULT 'pending', -- pending, sent, failed, dead
    attempts        INTEGER   NOT NULL DEFAULT 0,
    last_error      TEXT      NOT NULL DEFAULT '',
    next_attempt_at TIMESTAMP NOT NULL,
    started_at      TIMESTAMP NOT NULL, -- the dead limit counts from here; an admin's retry moves it
    last_attempt_at TIMESTAMP,
    sent_at         TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (message_id, channel, address)
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);

-- +goose Down
DROP TABLE deliveries;
DROP INDEX outbox_unexpanded;
ALTER TABLE outbox DROP COLUMN expanded_at;
