-- +goose Up
-- The inventory's generation (ADR 0020): every write of a tool (InsertTool,
-- UpdateTool, which also write its stakeholders) takes the next one in its
-- transaction, so that a process may keep what it read of every tool (the
-- SLO report's names and zombie check) while the number stays.
CREATE TABLE tool_generation (
    id         INTEGER PRIMARY KEY,
    generation INTEGER NOT NULL
);
INSERT INTO tool_generation (id, generation) VALUES (1, 0);

-- +goose Down
DROP TABLE tool_generation;
