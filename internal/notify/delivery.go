package notify

import (
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// State is where a delivery stands.
type State string

// The states of a delivery. A failed delivery is retried; a dead one only
// when an admin asks.
const (
	StatePending State = "pending"
	StateSent    State = "sent"
	StateFailed  State = "failed"
	StateDead    State = "dead"
)

// DeliveryStatus is a delivery as the outbox shows it.
type DeliveryStatus struct {
	ID            int64
	MessageID     int64
	Channel       string
	Address       string
	State         State
	Attempts      int
	LastError     string
	NextAttemptAt time.Time
	LastAttemptAt *time.Time
	SentAt        *time.Time
	CreatedAt     time.Time
}

// Item is an outbox message with its deliveries.
type Item struct {
	Message    core.Message
	Expanded   bool // whether its deliveries have been made
	Deliveries []DeliveryStatus
}

// Due is a delivery whose next attempt has come, with what the schedule needs.
type Due struct {
	Delivery
	StartedAt time.Time // the dead limit counts from here
}

// Target is one delivery to make from a message: a channel, an address, and
// the recipients that led to it (with their reasons).
type Target struct {
	Channel    string
	Address    string
	Recipients []core.Recipient
}

// DigestItem is a message held for a person's daily digest.
type DigestItem struct {
	UserID     int64
	Recipients []core.Recipient // how the message reached the person
}

// Expansion is what one message becomes.
type Expansion struct {
	MessageID int64
	Targets   []Target
	Digests   []DigestItem
}
