//go:build !race

// Package race says whether the binary was built with the race detector,
// so that property tests which run in one goroutine can check fewer cases
// under -race (where every memory access costs ten times as much and finds
// nothing in a single goroutine). CI runs the suite twice, once with -race
// on SQLite and once without it on PostgreSQL, so every case count still
// runs in full on every change.
package race

// Enabled is false: this binary was built without -race.
const Enabled = false
