package gitlab

import (
	"fmt"
	"strings"
	"time"
)

// hookTimeLayouts are the timestamp formats GitLab's webhooks use: RFC 3339
// in some payloads, "2013-12-03 17:15:43 UTC" in others (and in changes).
var hookTimeLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05 MST", "2006-01-02 15:04:05 -0700"}

// ParseHookTime reads a webhook timestamp in either of GitLab's formats.
// An empty string is the zero time and no error.
func ParseHookTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "null" {
		return time.Time{}, nil
	}
	for _, layout := range hookTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a GitLab timestamp (2013-12-03T17:15:43Z or 2013-12-03 17:15:43 UTC)", s)
}

// hookTimePtr is ParseHookTime for an optional time: nil when empty.
func hookTimePtr(s string) (*time.Time, error) {
	t, err := ParseHookTime(s)
	if err != nil || t.IsZero() {
		return nil, err
	}
	return &t, nil
}

// later returns the later of two times.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
