package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/notify"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func to(mb *mailbox, addr string) []received {
	var out []received
	for _, m := range mb.all() {
		if len(m.To) == 1 && m.To[0] == addr {
			out = append(out, m)
		}
	}
	return out
}

func TestDailyDigestGathersAPersonsMessagesIntoOneEmailADay(t *testing.T) {
	env := testenv.New(t) // Monday 09:00 UTC
	mb := startMailbox(t, "127.0.0.1:0")
	withChannels(t, env, mb.addr, notify.Settings{})
	dora := userWithEmail(t, env, "dora", core.RoleEngineer, "dora@example.com")
	userWithEmail(t, env, "ed", core.RoleEngineer, "ed@example.com")
	otto := userWithEmail(t, env, "otto", core.RoleEngineer, "otto@example.com")
	var me httpapi.UserBody
	if _, err := dora.Do(context.Background(), "PATCH", "/api/v1/me", nil, map[string]any{"email_digest": "daily"}, &me, ""); err != nil || me.EmailDigest != "daily" {
		t.Fatalf("dora choosing a digest: %+v %v", me, err)
	}
	if _, err := otto.Do(context.Background(), "PATCH", "/api/v1/me", nil, map[string]any{"email_notifications": false}, &me, ""); err != nil || me.EmailNotifications {
		t.Fatalf("otto turning email off: %+v %v", me, err)
	}
	if _, err := dora.Do(context.Background(), "PATCH", "/api/v1/me", nil, map[string]any{"email_digest": "hourly"}, nil, ""); statusOf(err) != 422 {
		t.Errorf("an unknown digest: %v, want 422", err)
	}
	send := func(titles ...string) {
		for _, ti := range titles {
			enqueue(t, env, core.Message{Topic: "t", Title: ti, Recipients: []core.Recipient{{Kind: "role", Name: "engineer", Reason: "engineers triage"}}})
		}
		deliver(t, env)
	}

	send("first", "second", "third")
	if n := len(to(mb, "ed@example.com")); n != 3 {
		t.Errorf("ed (no digest) got %d emails, want 3", n)
	}
	if n := len(to(mb, "otto@example.com")); n != 0 {
		t.Errorf("otto (email off) got %d emails, want 0", n)
	}
	digests := to(mb, "dora@example.com")
	if len(digests) != 1 {
		t.Fatalf("dora got %d emails, want today's one digest", len(digests))
	}
	for _, want := range []string{"first", "second", "third", "engineers triage"} {
		if !strings.Contains(digests[0].Raw, want) {
			t.Errorf("the digest lacks %q", want)
		}
	}

	send("fourth", "fifth")
	env.Clock.Set(time.Date(2026, 11, 24, 7, 59, 0, 0, time.UTC))
	deliver(t, env)
	if n := len(to(mb, "dora@example.com")); n != 1 {
		t.Fatalf("dora got %d emails before the next day's digest time, want 1", n)
	}
	env.Clock.Set(time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC))
	deliver(t, env)
	deliver(t, env)
	digests = to(mb, "dora@example.com")
	if len(digests) != 2 || !strings.Contains(digests[1].Raw, "fourth") || !strings.Contains(digests[1].Raw, "fifth") ||
		strings.Contains(digests[1].Raw, "third") {
		t.Fatalf("the second day's digest is wrong: %d emails", len(digests))
	}
	if n := len(mine(t, otto, nil).Items); n != 5 {
		t.Errorf("otto reads %d notifications in interlock, want 5 (email off does not hide them)", n)
	}
}
