package notify

import (
	"context"
	"time"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/teams"
)

// Directory is who the recipients of a message are.
type Directory interface {
	// DefinedTeam returns the team of a lower-cased name, or NotFound.
	DefinedTeam(ctx context.Context, key string) (teams.Team, error)
	// User returns a user by username, or NotFound.
	User(ctx context.Context, username string) (access.User, error)
	// UsersWithRole lists the users of a role.
	UsersWithRole(ctx context.Context, role core.Role) ([]access.User, error)
}

// Store is the persistence behind the outbox and its deliveries.
type Store interface {
	Directory
	// Outbox lists messages after an id, oldest first; pendingOnly keeps those
	// not expanded yet or with a delivery not sent.
	OutboxItems(ctx context.Context, afterID int64, limit int, pendingOnly bool) ([]Item, error)
	// OutboxItem returns one message with its deliveries, or NotFound.
	OutboxItem(ctx context.Context, id int64) (Item, error)
	// Unexpanded lists messages whose deliveries have not been made, oldest first.
	Unexpanded(ctx context.Context, limit int) ([]core.Message, error)
	// SaveExpansions makes messages' deliveries and digest items and marks
	// them expanded, in one transaction; deliveries that exist already are kept.
	SaveExpansions(ctx context.Context, es []Expansion, now time.Time) error
	// DueDeliveries takes the deliveries on the channels whose next attempt
	// is at or before now, pending or failed, oldest first, and holds them
	// until the given time, so that no other worker takes them meanwhile.
	DueDeliveries(ctx context.Context, channels []string, now, until time.Time, limit int) ([]Due, error)
	// ClaimDelivery records an attempt before it is made: attempts goes up by
	// one and the next attempt moves to until, past the longest a send may
	// take, so that no one else takes it meanwhile and a crash leaves it due
	// again later. It reports false when someone else claimed it first (its
	// attempts are no longer attempts).
	ClaimDelivery(ctx context.Context, id int64, attempts int, now, until time.Time) (bool, error)
	// RecordSent marks a delivery sent.
	RecordSent(ctx context.Context, id int64, now time.Time) error
	// RecordFailure keeps a failed attempt's error, the new state (failed or
	// dead) and when to try next.
	RecordFailure(ctx context.Context, id int64, state State, lastError string, next time.Time) error
	// RetryDeliveries makes a message's failed and dead deliveries due now,
	// starting their dead limit again, and reports how many.
	RetryDeliveries(ctx context.Context, messageID int64, now time.Time) (int, error)
	// Troubled lists the newest failed and dead deliveries.
	Troubled(ctx context.Context, limit int) ([]DeliveryStatus, error)

	// DigestsDue lists the people with held messages whose digest was not sent on day.
	DigestsDue(ctx context.Context, day string) ([]Digest, error)
	// SaveDigest writes the digest message and its one email delivery, and
	// marks its items and the person's day, in one transaction.
	SaveDigest(ctx context.Context, d Digest, m core.Message, address, day string, now time.Time) error

	// Notifications lists messages addressed to a person, newest first, before an id (0: from the newest).
	Notifications(ctx context.Context, who Reader, beforeID int64, limit int, unreadOnly bool) ([]Notification, error)
	// UnreadCount counts the unread messages addressed to a person.
	UnreadCount(ctx context.Context, who Reader) (int, error)
	// MarkRead marks a message read for a person; NotFound if it is not addressed to them.
	MarkRead(ctx context.Context, who Reader, messageID int64, now time.Time) (Notification, error)
}

// Reader is the person reading their notifications.
type Reader struct {
	UserID   int64
	Username string
	Role     core.Role
}
