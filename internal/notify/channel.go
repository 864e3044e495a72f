package notify

import (
	"context"
	"errors"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// The channels interlock delivers on.
const (
	ChannelEmail  = "email"
	ChannelChat   = "chat"
	ChannelGitLab = "gitlab"
)

// Delivery is one message to one address on one channel.
type Delivery struct {
	ID         int64
	MessageID  int64
	Channel    string // "email", "chat", "gitlab"
	Address    string // an email address, a webhook URL, or "<project id>#<iid>" for gitlab
	Message    core.Message
	Attempts   int    // attempts before this one
	MessageKey string // stable across retries, e.g. "<outbox-12-delivery-34@interlock>": the email Message-ID
}

// Channel sends deliveries of one kind.
type Channel interface {
	Name() string
	Send(ctx context.Context, d Delivery) error
}

// permanentError marks a send error that retrying will not fix.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent marks err as one that retrying cannot fix, such as a 4xx from a
// chat webhook. The delivery still retries until its dead limit, as the
// issue asks, but its last error says so. Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err: err}
}

// IsPermanent reports whether err was marked with Permanent.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}
