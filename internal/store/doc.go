// Package store is the persistence behind the workflows: SQLite embedded by
// default (one file, WAL, foreign keys, durable commits), with versioned
// migrations embedded in the binary. It translates driver errors into core
// error codes and implements the small store interfaces that each workflow
// package declares; it holds no rules of the process.
package store
