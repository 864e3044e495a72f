package access

import (
	"net/mail"
	"strings"
)

// DigestDaily is the email_digest value of a person who wants one email a day.
const DigestDaily = "daily"

// MaxEmail bounds an email address.
const MaxEmail = 254

// ValidEmail reports whether s is one plain email address (no display name).
func ValidEmail(s string) bool {
	if len(s) > MaxEmail || strings.ContainsAny(s, "<>\r\n ") {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == ""
}
