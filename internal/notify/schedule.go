package notify

import (
	"strconv"
	"time"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Defaults of the retry schedule and the digest.
const (
	DefaultFirstRetry = 2 * time.Second
	DefaultMaxWait    = 60 * time.Second
	DefaultDeadAfter  = 24 * time.Hour
	DefaultDigestAt   = 8 * time.Hour // 08:00 UTC
)

// Settings are how notify delivers. The zero value takes the defaults.
type Settings struct {
	// FirstRetry is the wait before the first retry (at most 5 s); each
	// following wait doubles, up to MaxWait.
	FirstRetry time.Duration
	// MaxWait caps the wait between attempts.
	MaxWait time.Duration
	// DeadAfter is how long a delivery is retried before it is dead.
	DeadAfter time.Duration
	// DefaultChatURL receives the chat messages of teams without a webhook of
	// their own, and of roles ("" for none).
	DefaultChatURL string
	// DigestAt is the time of day (UTC) daily digests go out.
	DigestAt time.Duration
	// Senders is how many deliveries are sent at once.
	Senders int
	// SendTimeout bounds one send (30 s when zero); a claimed delivery is
	// held this long beyond its next retry, so that a replica that dies
	// mid-send leaves it to another once that time has passed.
	SendTimeout time.Duration
	// Domain ends every Message-ID, e.g. the host of the public URL.
	Domain string
	// PublicURL is where people reach interlock, for links, e.g. https://interlock.example.com.
	PublicURL string
}

func (s Settings) withDefaults() Settings {
	if s.FirstRetry <= 0 {
		s.FirstRetry = DefaultFirstRetry
	}
	if s.MaxWait <= 0 {
		s.MaxWait = DefaultMaxWait
	}
	if s.DeadAfter <= 0 {
		s.DeadAfter = DefaultDeadAfter
	}
	if s.DigestAt <= 0 || s.DigestAt >= 24*time.Hour {
		s.DigestAt = DefaultDigestAt
	}
	if s.Senders <= 0 {
		s.Senders = 4
	}
	if s.SendTimeout <= 0 {
		s.SendTimeout = 30 * time.Second
	}
	return s
}

// Wait is how long to wait after the given attempt (1 for the first) fails:
// FirstRetry, doubling each time, capped at MaxWait.
func (s Settings) Wait(attempt int) time.Duration {
	s = s.withDefaults()
	w := s.FirstRetry
	for i := 1; i < attempt && w < s.MaxWait; i++ {
		w *= 2
	}
	return min(w, s.MaxWait)
}

// Dead reports whether a delivery started at started has been retried long
// enough at now.
func (s Settings) Dead(started, now time.Time) bool {
	return !now.Before(started.Add(s.withDefaults().DeadAfter))
}

// messageKey is a delivery's stable identity: the email Message-ID, and the
// idempotency key of other channels. It never changes across retries.
func messageKey(messageID, deliveryID int64, domain string) string {
	if domain == "" {
		domain = "interlock"
	}
	return "<outbox-" + itoa(messageID) + "-delivery-" + itoa(deliveryID) + "@" + domain + ">"
}
