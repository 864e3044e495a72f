-- +goose Up
-- Tokens are found by their public prefix and verified against a salted
-- hash (ADR 14); hashes stored before are bare SHA-256 until first used.
CREATE INDEX tokens_prefix ON tokens (prefix);

-- +goose Down
DROP INDEX tokens_prefix;
