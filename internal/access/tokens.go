package access

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// MaxTokenName bounds a token's name.
const MaxTokenName = 100

// TokenRequest asks for a new token for a user.
type TokenRequest struct {
	Name      string
	ExpiresAt *time.Time
}

// CreateToken makes a token for a user and returns it with its secret, which
// is never shown again. Admins make tokens for anyone; others for themselves.
func (s *Service) CreateToken(ctx context.Context, actor core.Actor, username string, req TokenRequest) (Token, string, error) {
	username = NormalizeUsername(username)
	if username != actor.Username {
		if err := actor.Require(core.PermAdminister, "making a token for another user"); err != nil {
			return Token{}, "", err
		}
	}
	var p core.Problems
	req.Name = strings.TrimSpace(req.Name)
	p.Require(req.Name != "", "name", "is required: say what the token is for", nil)
	p.MaxLen("name", req.Name, MaxTokenName)
	p.Require(req.ExpiresAt == nil || req.ExpiresAt.After(s.clock.Now()), "expires_at", "must be in the future", req.ExpiresAt)
	if err := p.Err("the token request is not valid"); err != nil {
		return Token{}, "", err
	}
	secret, err := NewSecret()
	if err != nil {
		return Token{}, "", core.Wrap(err, "could not make a token")
	}
	var t Token
	err = s.store.InTx(ctx, func(tx Tx) error {
		u, err := tx.User(ctx, username)
		if err != nil {
			return err
		}
		if u.Disabled {
			return core.Errorf(core.Conflict, "user %s is disabled: an admin enables the user first (PATCH /api/v1/users/%s with \"disabled\": false)", u.Username, u.Username)
		}
		t, err = s.insertToken(ctx, tx, actor, u, req.Name, secret)
		if err == nil && req.ExpiresAt != nil {
			t.ExpiresAt = req.ExpiresAt
			err = tx.UpdateToken(ctx, &t)
		}
		return err
	})
	if err != nil {
		return Token{}, "", err
	}
	return t, secret, nil
}

func (s *Service) insertToken(ctx context.Context, tx Tx, actor core.Actor, u User, name, secret string) (Token, error) {
	hash, err := hashToken(secret)
	if err != nil {
		return Token{}, core.Wrap(err, "could not hash a token")
	}
	t := Token{UserID: u.ID, Username: u.Username, Name: name, Prefix: prefixOf(secret),
		Hash: hash, CreatedBy: actor.Username, CreatedAt: s.clock.Now()}
	if err := tx.InsertToken(ctx, &t); err != nil {
		return Token{}, err
	}
	return t, tx.Append(ctx, core.Event{
		Subject: userSubject(u.ID), Type: "token.created", Actor: actor.Username, At: t.CreatedAt,
		Summary: fmt.Sprintf("token %q (%s…) made for %s", name, t.Prefix, u.Username),
		Data:    map[string]any{"token_id": t.ID, "name": name, "prefix": t.Prefix},
	})
}

// Tokens lists a user's tokens (never their secrets).
func (s *Service) Tokens(ctx context.Context, actor core.Actor, username string) ([]Token, error) {
	username = NormalizeUsername(username)
	if username != actor.Username {
		if err := actor.Require(core.PermAdminister, "listing another user's tokens"); err != nil {
			return nil, err
		}
	}
	u, err := s.store.User(ctx, username)
	if err != nil {
		return nil, err
	}
	return s.store.Tokens(ctx, u.ID)
}

// RevokeToken stops a token from working.
func (s *Service) RevokeToken(ctx context.Context, actor core.Actor, username string, id int64) (Token, error) {
	username = NormalizeUsername(username)
	if username != actor.Username {
		if err := actor.Require(core.PermAdminister, "revoking another user's token"); err != nil {
			return Token{}, err
		}
	}
	var t Token
	err := s.store.InTx(ctx, func(tx Tx) error {
		u, err := tx.User(ctx, username)
		if err != nil {
			return err
		}
		tokens, err := tx.Tokens(ctx, u.ID)
		if err != nil {
			return err
		}
		for _, x := range tokens {
			if x.ID == id {
				t = x
			}
		}
		if t.ID == 0 {
			return core.Errorf(core.NotFound, "user %s has no token %d", username, id)
		}
		if t.RevokedAt != nil {
			return nil
		}
		if u.Role == core.RoleAdmin && !u.Disabled && t.Active(s.clock.Now()) {
			n, err := s.workingAdmins(ctx, tx, t.ID)
			if err != nil {
				return err
			}
			if n == 0 {
				return core.Errorf(core.Conflict, "token %d is the last working token of the only admin: revoking it would "+
					"lock everyone out of administration; make another token first, then revoke this one", t.ID)
			}
		}
		now := s.clock.Now()
		t.RevokedAt = &now
		if err := tx.UpdateToken(ctx, &t); err != nil {
			return err
		}
		return tx.Append(ctx, core.Event{
			Subject: userSubject(u.ID), Type: "token.revoked", Actor: actor.Username, At: now,
			Summary: fmt.Sprintf("token %q (%s…) of %s revoked", t.Name, t.Prefix, u.Username),
			Data:    map[string]any{"token_id": t.ID},
		})
	})
	s.tokens.forget() // revocation takes effect at once, cache or not
	return t, err
}
