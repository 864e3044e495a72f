-- +goose Up
-- Teams: the names that owner_team, stakeholder_teams and requesting_team
-- use, with the people in them and where they are told things.
CREATE TABLE teams (
    id               INTEGER PRIMARY KEY,
    name             TEXT      NOT NULL,
    name_key         TEXT      NOT NULL UNIQUE, -- lower-cased name: team names match regardless of case
    email            TEXT      NOT NULL DEFAULT '',
    chat_webhook_url TEXT      NOT NULL DEFAULT '',
    gitlab_group     TEXT      NOT NULL DEFAULT '',
    version          INTEGER   NOT NULL DEFAULT 1,
    updated_by       TEXT      NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);

CREATE TABLE team_members (
    team_id  INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    username TEXT    NOT NULL,
    PRIMARY KEY (team_id, username)
);
CREATE INDEX team_members_username ON team_members (username);

-- +goose Down
DROP TABLE team_members;
DROP TABLE teams;
