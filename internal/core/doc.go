// Package core holds the vocabulary every workflow shares: the one error type
// and its codes, the people who act and their roles, the events that make up a
// timeline, the outbox messages that tell people about a change, the injected
// clock and cursor paging. It imports nothing but the standard library.
package core
