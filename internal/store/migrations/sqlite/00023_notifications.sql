-- +goose Up
-- Who each outbox message is addressed to, one row per recipient, so that
-- people can read their own; and what each person has read.
CREATE TABLE outbox_recipients (
    message_id INTEGER NOT NULL REFERENCES outbox (id),
    position   INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    name_key   TEXT    NOT NULL, -- lower-cased name
    reason     TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (message_id, position)
);
CREATE INDEX outbox_recipients_name ON outbox_recipients (kind, name_key, message_id);

INSERT INTO outbox_recipients (message_id, position, kind, name_key, reason)
SELECT o.id, CAST(r.key AS INTEGER), COALESCE(json_extract(r.value, '$.kind'), ''),
       LOWER(COALESCE(json_extract(r.value, '$.name'), '')), COALESCE(json_extract(r.value, '$.reason'), '')
FROM outbox o, json_each(o.recipients) r;

CREATE TABLE notification_reads (
    user_id    INTEGER   NOT NULL REFERENCES users (id),
    message_id INTEGER   NOT NULL REFERENCES outbox (id),
    read_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, message_id)
);

-- +goose Down
DROP TABLE notification_reads;
DROP TABLE outbox_recipients;
