package access

import (
	"context"
	"fmt"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// findToken returns the token a secret is and its user: found by its public
// prefix and verified against its salted hash. A token stored before ADR 14
// (a bare SHA-256, perhaps under a longer prefix) is found by that hash and
// re-stored salted, so that legacy hashes disappear as tokens are used.
func (s *Service) findToken(ctx context.Context, secret string) (Token, User, error) {
	creds, err := s.store.TokensByPrefix(ctx, prefixOf(secret))
	if err != nil {
		return Token{}, User{}, err
	}
	for _, c := range creds {
		if ok, legacy := verifyToken(c.Token.Hash, secret); ok {
			if legacy {
				return c.Token, c.User, s.rehash(ctx, c.Token, secret)
			}
			return c.Token, c.User, nil
		}
	}
	t, u, err := s.store.TokenByHash(ctx, legacyHash(secret))
	if err != nil {
		return Token{}, User{}, err
	}
	return t, u, s.rehash(ctx, t, secret)
}

// rehash re-stores a legacy token with a salted hash and its public prefix.
func (s *Service) rehash(ctx context.Context, t Token, secret string) error {
	h, err := hashToken(secret)
	if err != nil {
		return core.Wrap(err, "could not hash a token")
	}
	t.Hash, t.Prefix = h, prefixOf(secret)
	return s.store.InTx(ctx, func(tx Tx) error { return tx.UpdateTokenHash(ctx, &t) })
}

// workingAdmins counts the admins who could still sign in: enabled, with an
// active token, leaving out the token skip (one about to be revoked).
func (s *Service) workingAdmins(ctx context.Context, tx Tx, skip int64) (int, error) {
	users, err := tx.Users(ctx)
	if err != nil {
		return 0, err
	}
	n, now := 0, s.clock.Now()
	for _, u := range users {
		if u.Role != core.RoleAdmin || u.Disabled {
			continue
		}
		tokens, err := tx.Tokens(ctx, u.ID)
		if err != nil {
			return 0, err
		}
		for _, t := range tokens {
			if t.ID != skip && t.Active(now) {
				n++
				break
			}
		}
	}
	return n, nil
}

// selfLockout is the refusal of an admin demoting or disabling themselves,
// which says what to do instead.
func (s *Service) selfLockout(ctx context.Context, tx Tx, u User) error {
	users, err := tx.Users(ctx)
	if err != nil {
		return err
	}
	for _, o := range users {
		if o.ID != u.ID && o.Role == core.RoleAdmin && !o.Disabled {
			return core.Errorf(core.Conflict, "you cannot demote or disable yourself; ask another admin (such as %s) to do it", o.Username)
		}
	}
	return core.Errorf(core.Conflict, "you are the only admin: demoting or disabling yourself would leave nobody to administer interlock; make another user admin first")
}

// RecoverAdmin gives whoever runs the server a way back in: it makes a new
// token for an admin and returns it. It is for the command line with direct
// access to the database (`interlock admin token`), never for the API. With a
// username, that user is made an enabled admin; without one, the first
// enabled admin is used, or the user "admin", re-enabled or created.
func (s *Service) RecoverAdmin(ctx context.Context, username string) (User, string, error) {
	secret, err := NewSecret()
	if err != nil {
		return User{}, "", core.Wrap(err, "could not make a token")
	}
	var u User
	err = s.store.InTx(ctx, func(tx Tx) error {
		if u, err = s.recoveryUser(ctx, tx, NormalizeUsername(username)); err != nil {
			return err
		}
		t, err := s.insertToken(ctx, tx, core.System, u, "recovery", secret)
		if err != nil {
			return err
		}
		return tx.Append(ctx, core.Event{
			Subject: userSubject(u.ID), Type: "token.recovered", Actor: core.System.Username, At: s.clock.Now(),
			Summary: fmt.Sprintf("admin token %s… made for %s from the command line with access to the database (interlock admin token)", t.Prefix, u.Username),
			Data:    map[string]any{"token_id": t.ID, "prefix": t.Prefix, "via": "interlock admin token"},
		})
	})
	s.tokens.forget() // the user may have been made admin or re-enabled
	if err != nil {
		return User{}, "", err
	}
	return u, secret, nil
}

func (s *Service) recoveryUser(ctx context.Context, tx Tx, username string) (User, error) {
	if username == "" {
		users, err := tx.Users(ctx)
		if err != nil {
			return User{}, err
		}
		for _, u := range users {
			if u.Role == core.RoleAdmin && !u.Disabled {
				return u, nil
			}
		}
		username = "admin"
	}
	u, err := tx.User(ctx, username)
	if core.IsCode(err, core.NotFound) {
		u = User{Username: username, Role: core.RoleAdmin}
		if err := u.Validate(); err != nil {
			return User{}, err
		}
		return u, s.insertUser(ctx, tx, core.System, &u)
	}
	if err != nil || (u.Role == core.RoleAdmin && !u.Disabled) {
		return u, err
	}
	before := u.Role
	u.Role, u.Disabled = core.RoleAdmin, false
	if err := tx.UpdateUser(ctx, &u); err != nil {
		return User{}, err
	}
	return u, tx.Append(ctx, core.Event{
		Subject: userSubject(u.ID), Type: "user.updated", Actor: core.System.Username, At: s.clock.Now(),
		Summary: fmt.Sprintf("user %s made an enabled admin from the command line (interlock admin token)", u.Username),
		Data:    map[string]any{"role_from": before, "role": u.Role, "disabled": false},
	})
}
