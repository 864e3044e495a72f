-- +goose Up
-- Users' email address and how they want to be told.
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN email_notifications BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE users ADD COLUMN email_digest TEXT NOT NULL DEFAULT '';
CREATE INDEX users_role ON users (role);

-- +goose Down
DROP INDEX users_role;
ALTER TABLE users DROP COLUMN email_digest;
ALTER TABLE users DROP COLUMN email_notifications;
ALTER TABLE users DROP COLUMN email;
