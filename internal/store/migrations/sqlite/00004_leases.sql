-- +goose Up
-- Leases let exactly one replica run each background job at a time.
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT      NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE leases;
