package notify

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// TopicDigest is the topic of a daily digest message.
const TopicDigest = "digest.daily"

// makeDigests writes the daily digest of each person who chose one, once a
// day at the digest time, gathering the messages held for them.
func (s *Service) makeDigests(ctx context.Context) error {
	settings, chans := s.config()
	if chans[ChannelEmail] == nil {
		return nil
	}
	now := s.clock.Now().UTC()
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if now.Before(midnight.Add(settings.DigestAt)) {
		return nil
	}
	day := now.Format(time.DateOnly)
	due, err := s.store.DigestsDue(ctx, day)
	if err != nil {
		return err
	}
	for _, d := range due {
		if d.Email == "" || len(d.Items) == 0 {
			continue
		}
		if err := s.store.SaveDigest(ctx, d, DigestMessage(d, day, settings.PublicURL, now), d.Email, day, now); err != nil {
			return err
		}
	}
	return nil
}

// DigestMessage is the one email of a person's day: each message held for
// them, with its link and why they got it.
func DigestMessage(d Digest, day, publicURL string, now time.Time) core.Message {
	var b strings.Builder
	fmt.Fprintf(&b, "%d messages for %s since the last digest:\n", len(d.Items), d.Username)
	for i, it := range d.Items {
		fmt.Fprintf(&b, "\n%d. %s\n   %s\n", i+1, it.Message.Title, Link(publicURL, it.Message.Subject))
		if it.Message.Body != "" {
			b.WriteString("   " + strings.ReplaceAll(it.Message.Body, "\n", "\n   ") + "\n")
		}
		b.WriteString("   Because " + strings.Join(Why(it.Recipients), "; and because ") + ".\n")
	}
	b.WriteString("\nYou chose one email a day (email_digest: daily); change it with PATCH /api/v1/me.")
	ids := make([]int64, len(d.Items))
	for i, it := range d.Items {
		ids[i] = it.Message.ID
	}
	return core.Message{Topic: TopicDigest, Subject: core.Subject{Type: "user", ID: d.UserID}, CreatedAt: now,
		Recipients: []core.Recipient{{Kind: KindUser, Name: d.Username, Reason: "you chose a daily digest"}},
		Title:      fmt.Sprintf("interlock digest for %s: %d messages", day, len(d.Items)),
		Body:       b.String(), Data: map[string]any{"day": day, "message_ids": ids}}
}
