-- +goose Up
-- A number every write transaction on PostgreSQL raises, so that caches
-- keyed by it (the API's page cache) see every change on every replica
-- (ADR 0018). SQLite reads PRAGMA data_version instead and leaves it be.
CREATE TABLE data_version (
    id BIGINT PRIMARY KEY,
    v  BIGINT NOT NULL
);
INSERT INTO data_version (id, v) VALUES (1, 0);

-- +goose Down
DROP TABLE data_version;
