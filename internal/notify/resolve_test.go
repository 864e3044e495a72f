package notify_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/notify"
	"gitlab.com/prodseceng/interlock/internal/teams"
)

type fakeDir struct {
	teams map[string]teams.Team
	users []access.User
}

func (d fakeDir) DefinedTeam(_ context.Context, key string) (teams.Team, error) {
	if t, ok := d.teams[key]; ok {
		return t, nil
	}
	return teams.Team{}, core.Errorf(core.NotFound, "no team")
}

func (d fakeDir) User(_ context.Context, name string) (access.User, error) {
	for _, u := range d.users {
		if u.Username == name {
			return u, nil
		}
	}
	return access.User{}, core.Errorf(core.NotFound, "no user")
}

func (d fakeDir) UsersWithRole(_ context.Context, r core.Role) ([]access.User, error) {
	var out []access.User
	for _, u := range d.users {
		if u.Role == r {
			out = append(out, u)
		}
	}
	return out, nil
}

func person(name string, role core.Role, email string) access.User {
	return access.User{ID: int64(len(name)), Username: name, Role: role, Email: email, EmailNotifications: true}
}

func TestResolveTeamsRolesUsersAndGitLabIssues(t *testing.T) {
	quiet := person("quiet", core.RoleEngineer, "quiet@example.com")
	quiet.EmailNotifications = false
	gone := person("gone", core.RoleManager, "gone@example.com")
	gone.Disabled = true
	daily := person("dailyperson", core.RoleManager, "daily@example.com")
	daily.EmailDigest = access.DigestDaily
	dir := fakeDir{
		teams: map[string]teams.Team{
			"appsec":   {Name: "AppSec", Email: "appsec@example.com", ChatWebhookURL: "https://chat.example.com/appsec"},
			"payments": {Name: "payments", Members: []string{"ann", "quiet", "nobody"}},
		},
		users: []access.User{person("ann", core.RoleRequester, "ann@example.com"), quiet, gone, daily,
			person("max", core.RoleManager, "max@example.com"), person("noemail", core.RoleManager, "")},
	}
	all := map[string]bool{notify.ChannelEmail: true, notify.ChannelChat: true, notify.ChannelGitLab: true}
	const defaultChat = "https://chat.example.com/default"
	type want struct{ channel, address string }
	cases := []struct {
		name     string
		to       []core.Recipient
		channels map[string]bool
		want     []want
		digests  int
	}{
		{name: "a team with a list goes to the list and its own webhook",
			to: []core.Recipient{{Kind: "team", Name: "appsec"}}, channels: all,
			want: []want{{"email", "appsec@example.com"}, {"chat", "https://chat.example.com/appsec"}}},
		{name: "a team name matches regardless of case",
			to: []core.Recipient{{Kind: "team", Name: "APPSEC"}}, channels: all,
			want: []want{{"email", "appsec@example.com"}, {"chat", "https://chat.example.com/appsec"}}},
		{name: "a team without a list goes to its members who want email, and the default webhook",
			to: []core.Recipient{{Kind: "team", Name: "payments"}}, channels: all,
			want: []want{{"email", "ann@example.com"}, {"chat", defaultChat}}},
		{name: "an undefined team still reaches the default webhook",
			to: []core.Recipient{{Kind: "team", Name: "newteam"}}, channels: all,
			want: []want{{"chat", defaultChat}}},
		{name: "a role goes to its enabled users with an address; a digest person is held",
			to: []core.Recipient{{Kind: "role", Name: "manager"}}, channels: all,
			want: []want{{"email", "max@example.com"}, {"chat", defaultChat}}, digests: 1},
		{name: "a user goes to their email only",
			to: []core.Recipient{{Kind: "user", Name: "Ann"}}, channels: all,
			want: []want{{"email", "ann@example.com"}}},
		{name: "an unknown user reaches no one",
			to: []core.Recipient{{Kind: "user", Name: "ghost"}}, channels: all},
		{name: "a GitLab issue gets one comment",
			to: []core.Recipient{{Kind: "gitlab_issue", Name: "15#3"}, {Kind: "gitlab_issue", Name: "15#3"}}, channels: all,
			want: []want{{"gitlab", "15#3"}}},
		{name: "one address reached twice is one delivery",
			to: []core.Recipient{{Kind: "user", Name: "ann"}, {Kind: "team", Name: "payments"}}, channels: all,
			want: []want{{"email", "ann@example.com"}, {"chat", defaultChat}}},
		{name: "channels not configured get nothing",
			to:       []core.Recipient{{Kind: "team", Name: "appsec"}, {Kind: "gitlab_issue", Name: "15#3"}, {Kind: "role", Name: "manager"}},
			channels: map[string]bool{notify.ChannelChat: true},
			want:     []want{{"chat", "https://chat.example.com/appsec"}, {"chat", defaultChat}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, err := notify.Resolve(context.Background(), dir, core.Message{Recipients: tc.to}, tc.channels, defaultChat)
			if err != nil {
				t.Fatal(err)
			}
			var got []want
			for _, x := range e.Targets {
				got = append(got, want{x.Channel, x.Address})
				if len(x.Recipients) == 0 {
					t.Errorf("target %v has no recipients to say why", x)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("targets = %v, want %v", got, tc.want)
			}
			if len(e.Digests) != tc.digests {
				t.Errorf("digest items = %v, want %d", e.Digests, tc.digests)
			}
		})
	}
}

func TestRetryScheduleFirstWithinFiveSecondsCappedAtAMinuteDeadAfterADay(t *testing.T) {
	var s notify.Settings
	want := []time.Duration{2, 4, 8, 16, 32, 60, 60, 60}
	for i, w := range want {
		if got := s.Wait(i + 1); got != w*time.Second {
			t.Errorf("wait after attempt %d = %v, want %v", i+1, got, w*time.Second)
		}
	}
	if s.Wait(1) > 5*time.Second {
		t.Errorf("first retry after %v, want within 5s", s.Wait(1))
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if s.Dead(start, start.Add(24*time.Hour-time.Second)) || !s.Dead(start, start.Add(24*time.Hour)) {
		t.Error("a delivery must be dead after 24 h, not before")
	}
	short := notify.Settings{DeadAfter: time.Minute}
	if !short.Dead(start, start.Add(time.Minute)) {
		t.Error("the dead limit must be configurable")
	}
}

func TestPermanentMarksErrorsAndKeepsThem(t *testing.T) {
	base := core.Errorf(core.Invalid, "404 no such channel")
	err := notify.Permanent(base)
	if !notify.IsPermanent(err) || notify.IsPermanent(base) || err.Error() != base.Error() || notify.Permanent(nil) != nil {
		t.Fatalf("Permanent(%v) = %v", base, err)
	}
}
