package access

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Service manages users and tokens and authenticates requests.
type Service struct {
	store Store
	clock core.Clock
	// tokens caches verified tokens; emptied whenever a token or user changes.
	tokens *tokenCache
}

// NewService returns a service over the given store and clock.
func NewService(store Store, clock core.Clock) *Service {
	return &Service{store: store, clock: clock, tokens: newTokenCache()}
}

func userSubject(id int64) core.Subject { return core.Subject{Type: "user", ID: id} }

// Bootstrap makes the first admin on a new install. With a supplied token
// that token becomes the admin's; otherwise a random one is made and
// returned so that it can be shown once. On an install that has users it
// does nothing and returns "", false.
func (s *Service) Bootstrap(ctx context.Context, supplied string) (secret string, created bool, err error) {
	supplied = strings.TrimSpace(supplied)
	if supplied != "" && len(supplied) < MinSuppliedToken {
		return "", false, core.Errorf(core.Invalid, "INTERLOCK_ADMIN_TOKEN must be at least %d characters", MinSuppliedToken)
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		n, err := tx.CountUsers(ctx)
		if err != nil || n > 0 {
			return err
		}
		secret = supplied
		if secret == "" {
			if secret, err = NewSecret(); err != nil {
				return core.Wrap(err, "could not make a token")
			}
		}
		u := User{Username: "admin", Role: core.RoleAdmin}
		if err := s.insertUser(ctx, tx, core.System, &u); err != nil {
			return err
		}
		created = true
		_, err = s.insertToken(ctx, tx, core.System, u, "bootstrap", secret)
		return err
	})
	if !created {
		secret = ""
	}
	return secret, created, err
}

// Authenticate returns the actor a bearer token belongs to, or an
// Unauthorized error that does not say which part was wrong.
func (s *Service) Authenticate(ctx context.Context, secret string) (core.Actor, error) {
	denied := core.Errorf(core.Unauthorized, "a valid bearer token is required: ask an admin for one, or run interlock admin token on the server")
	if secret == "" {
		return core.Actor{}, core.Errorf(core.Unauthorized, "a bearer token is required: send Authorization: Bearer <token>")
	}
	key, now := sha256.Sum256([]byte(secret)), s.clock.Now()
	actor, gen, ok := s.tokens.lookup(key, now)
	if ok {
		return actor, nil
	}
	t, u, err := s.findToken(ctx, secret)
	if core.IsCode(err, core.NotFound) {
		return core.Actor{}, denied
	}
	if err != nil {
		return core.Actor{}, err
	}
	if !t.Active(now) || u.Disabled {
		return core.Actor{}, denied
	}
	until := now.Add(TokenCacheTTL)
	if t.ExpiresAt != nil && t.ExpiresAt.Before(until) {
		until = *t.ExpiresAt
	}
	s.tokens.store(key, gen, u.Actor(), until)
	return u.Actor(), nil
}

// CreateUser adds a user with a role.
func (s *Service) CreateUser(ctx context.Context, actor core.Actor, u User) (User, error) {
	if err := actor.Require(core.PermAdminister, "adding a user"); err != nil {
		return User{}, err
	}
	u.Disabled = false
	if err := u.Validate(); err != nil {
		return User{}, err
	}
	err := s.store.InTx(ctx, func(tx Tx) error { return s.insertUser(ctx, tx, actor, &u) })
	return u, err
}

func (s *Service) insertUser(ctx context.Context, tx Tx, actor core.Actor, u *User) error {
	u.CreatedBy, u.CreatedAt = actor.Username, s.clock.Now()
	u.EmailNotifications = true
	if err := tx.InsertUser(ctx, u); err != nil {
		if core.IsCode(err, core.Conflict) {
			return &core.Error{Code: core.Conflict, Message: "that username is taken",
				Fields: []core.FieldError{{Field: "username", Message: "is already a user", Value: u.Username}}}
		}
		return err
	}
	return tx.Append(ctx, core.Event{
		Subject: userSubject(u.ID), Type: "user.created", Actor: actor.Username, At: u.CreatedAt,
		Summary: fmt.Sprintf("user %s added as %s", u.Username, u.Role),
		Data:    map[string]any{"username": u.Username, "role": u.Role},
	})
}

// Users lists every user; any signed-in user may see who is who.
func (s *Service) Users(ctx context.Context, actor core.Actor) ([]User, error) {
	if err := actor.Require(core.PermRead, "listing users"); err != nil {
		return nil, err
	}
	return s.store.Users(ctx)
}

// User returns one user by username.
func (s *Service) User(ctx context.Context, actor core.Actor, username string) (User, error) {
	if err := actor.Require(core.PermRead, "reading a user"); err != nil {
		return User{}, err
	}
	return s.store.User(ctx, NormalizeUsername(username))
}

// UserPatch changes a user's role, email, or disables them.
type UserPatch struct {
	Role     *core.Role
	Disabled *bool
	Email    *string
}

// UpdateUser changes a user's role or whether they are disabled. An admin
// cannot demote or disable themselves, so an install never loses its last admin by accident.
func (s *Service) UpdateUser(ctx context.Context, actor core.Actor, username string, p UserPatch) (User, error) {
	if err := actor.Require(core.PermAdminister, "changing a user"); err != nil {
		return User{}, err
	}
	var u User
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if u, err = tx.User(ctx, NormalizeUsername(username)); err != nil {
			return err
		}
		before := u
		if p.Role != nil {
			u.Role = *p.Role
		}
		if p.Disabled != nil {
			u.Disabled = *p.Disabled
		}
		if p.Email != nil {
			u.Email = *p.Email
		}
		if u.ID == actor.UserID && (u.Role != core.RoleAdmin || u.Disabled) {
			return s.selfLockout(ctx, tx, u)
		}
		return s.saveUser(ctx, tx, before, &u, core.Event{
			Type: "user.updated", Actor: actor.Username,
			Summary: fmt.Sprintf("user %s: role %s, disabled %t", u.Username, u.Role, u.Disabled),
			Data:    map[string]any{"role_from": before.Role, "role": u.Role, "disabled": u.Disabled, "email": u.Email},
		})
	})
	s.tokens.forget() // a cached token must not keep the old role or outlive a disabled user
	return u, err
}

// saveUser validates u and, when it differs from before, stores it and
// appends ev as the user's event (subject and time filled in here).
func (s *Service) saveUser(ctx context.Context, tx Tx, before User, u *User, ev core.Event) error {
	if err := u.Validate(); err != nil {
		return err
	}
	if before == *u {
		return nil
	}
	if err := tx.UpdateUser(ctx, u); err != nil {
		return err
	}
	ev.Subject, ev.At = userSubject(u.ID), s.clock.Now()
	return tx.Append(ctx, ev)
}
