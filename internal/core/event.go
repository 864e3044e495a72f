package core

import "time"

// Subject names the thing an event or message is about, such as a tool or a request.
type Subject struct {
	Type string // "tool", "request", "user", ...
	ID   int64
}

// Event is one entry on a timeline: who did what to which subject, and when.
// Data carries the change itself and is stored as JSON.
type Event struct {
	ID      int64
	Subject Subject
	Type    string // dotted, e.g. "tool.created", "tool.assessed"
	Actor   string
	At      time.Time
	Summary string // one line for people
	Data    any
}

// Message is an outbox entry: something people must be told, written in the
// same transaction as the change it reports and delivered later by whatever
// channels are configured.
type Message struct {
	ID         int64
	Topic      string // e.g. "commitment.changed", "stakeholders.notified"
	Subject    Subject
	Recipients []Recipient
	Title      string
	Body       string
	Data       any
	CreatedAt  time.Time
}

// Recipient is who a message is for: a team, a user or a role, with the
// reason they are told.
type Recipient struct {
	Kind   string `json:"kind"` // "team", "user" or "role"
	Name   string `json:"name"`
	Reason string `json:"reason,omitempty"`
}
