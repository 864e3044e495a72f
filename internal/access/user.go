package access

import (
	"regexp"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// User is a person (or a bot) who uses interlock, with one role.
type User struct {
	ID       int64
	Username string
	Role     core.Role
	Disabled bool
	// Email is where the person's notifications go; "" for none.
	Email string
	// EmailNotifications is false when the person turned their email off.
	EmailNotifications bool
	// EmailDigest is DigestDaily for one email a day instead of one per message, or "".
	EmailDigest string
	CreatedBy   string
	CreatedAt   time.Time
	Version     int
}

// Actor returns the user as the actor of a change.
func (u User) Actor() core.Actor {
	return core.Actor{UserID: u.ID, Username: u.Username, Role: u.Role}
}

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// NormalizeUsername lower-cases and trims a username.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate checks the username and role and names each bad one.
func (u *User) Validate() error {
	var p core.Problems
	u.Username = NormalizeUsername(u.Username)
	p.Require(usernamePattern.MatchString(u.Username), "username",
		"must be 1-64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit (as on GitLab)", u.Username)
	p.Require(u.Role.Valid(), "role", "must be "+core.OneOf(core.Roles), u.Role)
	u.Email = strings.TrimSpace(u.Email)
	p.Require(u.Email == "" || ValidEmail(u.Email), "email", "must be an email address such as alice@example.com", u.Email)
	p.Require(u.EmailDigest == "" || u.EmailDigest == DigestDaily, "email_digest", `must be "daily" or "" (one email per message)`, u.EmailDigest)
	return p.Err("the user is not valid")
}
