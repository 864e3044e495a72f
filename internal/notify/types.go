package notify

import (
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Notification is a message as the person it is addressed to reads it.
type Notification struct {
	Message core.Message
	// Reasons are the recipients through which it reached the person.
	Reasons []core.Recipient
	ReadAt  *time.Time
}

// Digest is one person's daily digest: the messages held for them.
type Digest struct {
	UserID   int64
	Username string
	Email    string
	Items    []DigestEntry
}

// DigestEntry is a message in a digest and how it reached the person.
type DigestEntry struct {
	Message    core.Message
	Recipients []core.Recipient
}
