package httpapi

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/access"
)

type updateMeIn struct {
	Body struct {
		Email              *string `json:"email,omitempty" maxLength:"254" doc:"Where your notifications go"`
		EmailNotifications *bool   `json:"email_notifications,omitempty" doc:"false turns your email off"`
		EmailDigest        *string `json:"email_digest,omitempty" enum:"daily," doc:"\"daily\" for one email a day; \"\" for one per message"`
	}
}

func (s *server) updateMe(ctx context.Context, in *updateMeIn) (*userOut, error) {
	u, err := s.Access.UpdatePreferences(ctx, actorOf(ctx), access.Preferences{Email: in.Body.Email,
		EmailNotifications: in.Body.EmailNotifications, EmailDigest: in.Body.EmailDigest})
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &userOut{Body: userBody(u)}, nil
}
