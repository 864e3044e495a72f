-- +goose Up
-- Sessions of the web UI (scs): an opaque token, the encoded session and
-- when it expires. Expired rows are ignored when read and removed when found.
CREATE TABLE web_sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB      NOT NULL,
    expiry TIMESTAMP NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expiry);

-- +goose Down
DROP TABLE web_sessions;
