// Package notify is the outbox: messages that workflows write in the same
// transaction as the change they report, listed for people and handed to
// delivery channels. Channels come later; until then the outbox is the record
// of who was to be told what.
package notify
