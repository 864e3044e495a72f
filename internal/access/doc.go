// Package access holds who may use interlock: users, their roles and their
// bearer tokens, which are stored only as hashes. It authenticates a token
// into the core.Actor that every other workflow acts for.
package access
