-- +goose Up
-- Work items the seeds say are made in GitLab (sunsetting issues, improvement
-- work items, co-create's epics), queued in the transaction of the change
-- that calls for them and made later by a worker, so that a GitLab outage
-- delays them and loses nothing. marker is written into the item's
-- description, so that a worker that crashed after GitLab made it finds it
-- instead of making it twice.
CREATE TABLE gitlab_items (
    id           INTEGER PRIMARY KEY,
    kind         TEXT      NOT NULL,
    subject_type TEXT      NOT NULL,
    subject_id   INTEGER   NOT NULL,
    record_id    INTEGER   NOT NULL,
    title        TEXT      NOT NULL,
    description  TEXT      NOT NULL,
    labels       TEXT      NOT NULL DEFAULT '[]',
    parent_url   TEXT      NOT NULL DEFAULT '', -- the epic it belongs under, when linked by hand
    state        TEXT      NOT NULL DEFAULT 'pending', -- pending | done
    attempts     INTEGER   NOT NULL DEFAULT 0,
    last_error   TEXT      NOT NULL DEFAULT '',
    next_at      TIMESTAMP NOT NULL,
    url          TEXT      NOT NULL DEFAULT '',
    gitlab_id    INTEGER   NOT NULL DEFAULT 0,
    created_at   TIMESTAMP NOT NULL,
    done_at      TIMESTAMP
);
CREATE INDEX gitlab_items_due ON gitlab_items (state, next_at);
CREATE INDEX gitlab_items_subject ON gitlab_items (subject_type, subject_id, kind);

-- +goose Down
DROP TABLE gitlab_items;
