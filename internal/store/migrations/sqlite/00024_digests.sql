-- +goose Up
-- Daily digests: messages held for a person who chose one email a day.
CREATE TABLE digest_items (
    user_id    INTEGER   NOT NULL REFERENCES users (id),
    message_id INTEGER   NOT NULL REFERENCES outbox (id),
    reasons    TEXT      NOT NULL DEFAULT '[]', -- JSON: the recipients that reached the person
    created_at TIMESTAMP NOT NULL,
    digest_id  INTEGER REFERENCES outbox (id), -- the digest message that carried it, once sent
    PRIMARY KEY (user_id, message_id)
);
CREATE INDEX digest_items_pending ON digest_items (digest_id, user_id);
ALTER TABLE users ADD COLUMN digest_sent_on TEXT NOT NULL DEFAULT ''; -- the day (YYYY-MM-DD) of the last digest

-- +goose Down
ALTER TABLE users DROP COLUMN digest_sent_on;
DROP TABLE digest_items;
