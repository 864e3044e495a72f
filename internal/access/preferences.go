package access

import (
	"context"
	"fmt"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Preferences are what a person changes about how they are told things.
// A nil field is left as it is.
type Preferences struct {
	Email              *string
	EmailNotifications *bool
	EmailDigest        *string
}

// UpdatePreferences changes the actor's own email address and notification
// choices: email on or off, and a daily digest instead of one email per message.
func (s *Service) UpdatePreferences(ctx context.Context, actor core.Actor, p Preferences) (User, error) {
	if err := actor.Require(core.PermRead, "changing your notification settings"); err != nil {
		return User{}, err
	}
	var u User
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if u, err = tx.User(ctx, actor.Username); err != nil {
			return err
		}
		before := u
		if p.Email != nil {
			u.Email = *p.Email
		}
		if p.EmailNotifications != nil {
			u.EmailNotifications = *p.EmailNotifications
		}
		if p.EmailDigest != nil {
			u.EmailDigest = *p.EmailDigest
		}
		return s.saveUser(ctx, tx, before, &u, core.Event{
			Type: "user.preferences_changed", Actor: actor.Username,
			Summary: fmt.Sprintf("%s: email notifications %t, digest %q", u.Username, u.EmailNotifications, u.EmailDigest),
			Data:    map[string]any{"email": u.Email, "email_notifications": u.EmailNotifications, "email_digest": u.EmailDigest},
		})
	})
	return u, err
}
