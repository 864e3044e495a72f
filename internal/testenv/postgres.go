package testenv

import "gitlab.com/prodseceng/interlock/internal/store/storetest"

// PostgresEnv names the variable that runs the suite on PostgreSQL
// (storetest.PostgresEnv).
const PostgresEnv = storetest.PostgresEnv

// Postgres returns the database the suite runs on, or "" for SQLite.
func Postgres() string { return storetest.Postgres() }
