package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/bizhours"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/notify"
	"gitlab.com/prodseceng/interlock/internal/teams"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestAdminSavesTeamsReviewPolicyAndCalendar(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	admin, manager, requester := newVisitor(t, env), newVisitor(t, env), newVisitor(t, env)
	admin.signIn(testenv.AdminToken)
	manager.signIn(user(t, env, "mona", core.RoleManager))
	requester.signIn(user(t, env, "rita", core.RoleRequester))
	team := func(t *testing.T, name string) teams.Team {
		t.Helper()
		tm, err := env.Services.Teams.Team(ctx, core.System, name)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	policy := func(t *testing.T) reviewPolicySeen {
		t.Helper()
		p, err := env.Services.Maintenance.Policy(ctx, core.System)
		if err != nil {
			t.Fatal(err)
		}
		return reviewPolicySeen{every: p.EveryMonths, zombie: p.ZombieAfterDays, version: p.Version}
	}
	calendar := func(t *testing.T) (bizhours.Document, int) {
		t.Helper()
		c, err := env.Services.Calendar.Get(ctx, core.System)
		if err != nil {
			t.Fatal(err)
		}
		return c.Document, c.Version
	}
	before := policy(t)
	reviewForm := func(version int, critical string) url.Values {
		return url.Values{"version": {fmt.Sprint(version)}, "every_months.critical": {critical}, "every_months.high": {"3"},
			"every_months.medium": {"6"}, "every_months.low": {"12"}, "zombie_after_days": {"120"}}
	}
	_, calVersion := calendar(t)
	newCalendar := `{"reference_timezone":"Europe/Berlin","windows":[{"timezone":"Europe/Berlin","weekdays":["mon","tue","wed","thu","fri"],` +
		`"start":"08:00","end":"16:00"}],"holidays":[{"date":"2026-12-24","name":"Christmas Eve"}]}`
	runForms(t, []formCase{
		{name: "a manager may not define a team here", who: manager, path: "/admin/teams", form: url.Values{"team": {"sirt"}},
			status: http.StatusForbidden, contains: []string{"needs the role admin"}, check: func(t *testing.T) {
				if tm, err := env.Services.Teams.Team(ctx, core.System, "sirt"); err == nil && !tm.Undefined {
					t.Errorf("the page refused, but the team was saved: %+v", tm)
				}
			}},
		{name: "a requester may not make a token here", who: requester, path: "/admin/tokens",
			form: url.Values{"token_user": {"rita"}, "token_name": {"mine"}}, status: http.StatusForbidden, check: func(t *testing.T) {
				toks, err := env.Services.Access.Tokens(ctx, core.System, "rita")
				if err != nil || len(toks) != 1 {
					t.Errorf("rita's tokens: %+v %v (only the one the test made)", toks, err)
				}
			}},
		{name: "a team's address must be an address", who: admin, path: "/admin/teams",
			form: url.Values{"team": {"sirt"}, "members": {"mona"}, "email": {"not-an-address"}}, status: http.StatusUnprocessableEntity,
			contains: []string{"must be an email address"}, check: func(t *testing.T) {
				if _, err := env.Services.Teams.Team(ctx, core.System, "sirt"); err == nil {
					if tm := team(t, "sirt"); !tm.Undefined {
						t.Errorf("a refused team was saved: %+v", tm)
					}
				}
			}},
		{name: "a team's members must be users", who: admin, path: "/admin/teams", form: url.Values{"team": {"sirt"}, "members": {"mona, nobody"}},
			status: http.StatusUnprocessableEntity, contains: []string{
				`name="members" value="mona, nobody"><span class="field-error" role="alert">members[1]: is not a user of interlock`}},
		{name: "define a team", who: admin, path: "/admin/teams",
			form: url.Values{"team": {"sirt"}, "members": {"mona, rita ,"}, "email": {"sirt@example.com"},
				"chat_webhook_url": {"https://chat.example.com/hooks/sirt"}, "gitlab_group": {"security/sirt"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				tm := team(t, "sirt")
				if !slices.Equal(tm.Members, []string{"mona", "rita"}) || tm.Email != "sirt@example.com" ||
					tm.ChatWebhookURL != "https://chat.example.com/hooks/sirt" || tm.GitLabGroup != "security/sirt" || tm.UpdatedBy != "admin" {
					t.Errorf("saved team: %+v", tm)
				}
			}},
		{name: "change a team: the webhook left empty is kept", who: admin, path: "/admin/teams",
			form: url.Values{"team": {"SIRT"}, "members": {"mona"}, "email": {"sirt@example.com"}}, status: http.StatusSeeOther,
			check: func(t *testing.T) {
				tm := team(t, "sirt")
				if !slices.Equal(tm.Members, []string{"mona"}) || tm.Version < 2 || tm.Email != "sirt@example.com" ||
					tm.ChatWebhookURL != "https://chat.example.com/hooks/sirt" || tm.GitLabGroup != "" {
					t.Errorf("changed team: %+v", tm)
				}
			}},
		{name: "remove a team's webhook", who: admin, path: "/admin/teams",
			form: url.Values{"team": {"sirt"}, "members": {"mona"}, "clear_chat_webhook": {"on"}}, status: http.StatusSeeOther,
			check: func(t *testing.T) {
				if tm := team(t, "sirt"); tm.ChatWebhookURL != "" {
					t.Errorf("the webhook was kept: %+v", tm)
				}
			}},
		{name: "a review period must be valid", who: admin, path: "/admin/review-policy", form: reviewForm(before.version, "0"),
			status: http.StatusUnprocessableEntity, contains: []string{`class="field-error"`}, check: func(t *testing.T) {
				if p := policy(t); p.version != before.version || p.every[inventory.Critical] != before.every[inventory.Critical] {
					t.Errorf("a refused policy was saved: %+v", p)
				}
			}},
		{name: "save the review policy", who: admin, path: "/admin/review-policy", form: reviewForm(before.version, "1"),
			status: http.StatusSeeOther, check: func(t *testing.T) {
				p := policy(t)
				if p.every[inventory.Critical] != 1 || p.every[inventory.Low] != 12 || p.zombie != 120 || p.version == before.version {
					t.Errorf("saved policy: %+v", p)
				}
			}},
		{name: "a stale review policy", who: admin, path: "/admin/review-policy", form: reviewForm(before.version, "2"),
			status: http.StatusPreconditionFailed, check: func(t *testing.T) {
				if p := policy(t); p.every[inventory.Critical] != 1 {
					t.Errorf("a stale policy was saved: %+v", p)
				}
			}},
		{name: "a calendar with an unknown time zone", who: admin, path: "/admin/calendar",
			form:   url.Values{"version": {fmt.Sprint(calVersion)}, "calendar": {`{"reference_timezone":"Mars/Olympus","windows":[]}`}},
			status: http.StatusUnprocessableEntity, contains: []string{`class="field-error"`}, check: func(t *testing.T) {
				if d, _ := calendar(t); d.ReferenceTimezone == "Mars/Olympus" {
					t.Errorf("a refused calendar was saved: %+v", d)
				}
			}},
		{name: "save the calendar", who: admin, path: "/admin/calendar",
			form: url.Values{"version": {fmt.Sprint(calVersion)}, "calendar": {newCalendar}}, status: http.StatusSeeOther,
			check: func(t *testing.T) {
				d, v := calendar(t)
				if d.ReferenceTimezone != "Europe/Berlin" || len(d.Windows) != 1 || d.Windows[0].Start != "08:00" ||
					len(d.Holidays) != 1 || v == calVersion {
					t.Errorf("saved calendar (version %d): %+v", v, d)
				}
			}},
	})
	page := admin.get("/admin")
	must(t, page, http.StatusOK, `name="every_months.critical" value="1"`, "Europe/Berlin", "<td>sirt</td><td>mona</td>",
		`href="/admin?team=sirt#team-form"`)

	// "change" fills the form with the team as it is, never with its webhook
	if _, _, err := env.Services.Teams.Put(ctx, core.System, "appsec", core.AnyVersion, teams.Team{Members: []string{"mona", "rita"},
		Email: "appsec@example.com", ChatWebhookURL: "https://chat.example.com/hooks/secret-path", GitLabGroup: "security/appsec"}); err != nil {
		t.Fatal(err)
	}
	filled := admin.get("/admin?team=AppSec")
	must(t, filled, http.StatusOK, `name="members" value="mona, rita"`, `name="email" value="appsec@example.com"`,
		`name="gitlab_group" value="security/appsec"`, `name="team" value="appsec"`)
	if strings.Contains(filled.body, "secret-path") {
		t.Error("the admin page shows a team's chat webhook")
	}
}

// reviewPolicySeen is what the test compares of a review policy.
type reviewPolicySeen struct {
	every   map[inventory.Criticality]int
	zombie  int
	version int
}

func TestRetryAFailedDeliveryFromHome(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	chat := env.FailedChatDelivery()
	troubled, err := env.Services.Outbox.Troubled(ctx, core.System, 10)
	if err != nil || len(troubled) != 1 || troubled[0].State != notify.StateFailed {
		t.Fatalf("troubled deliveries: %+v %v", troubled, err)
	}
	id := troubled[0].MessageID
	delivery := func(t *testing.T) notify.DeliveryStatus {
		t.Helper()
		it, err := env.Services.Outbox.Message(ctx, core.System, id)
		if err != nil || len(it.Deliveries) != 1 {
			t.Fatalf("message %d: %+v %v", id, it, err)
		}
		return it.Deliveries[0]
	}
	admin, manager := asAdmin(t, env), signedIn(t, env, "mona", core.RoleManager)
	retry := fmt.Sprintf("/deliveries/%d/retry", id)
	must(t, admin.get("/"), http.StatusOK, "503 from the chat service", `action="`+retry+`"`)
	chat.Works.Store(true)
	runForms(t, []formCase{
		{name: "a manager may not retry", who: manager, path: retry, form: url.Values{}, status: http.StatusForbidden,
			check: func(t *testing.T) {
				if d := delivery(t); d.State != notify.StateFailed {
					t.Errorf("after a manager's retry: %+v", d)
				}
			}},
		{name: "no such message", who: admin, path: "/deliveries/999999/retry", form: url.Values{}, status: http.StatusNotFound},
		{name: "retry", who: admin, path: retry, form: url.Values{}, status: http.StatusSeeOther, check: func(t *testing.T) {
			if d := delivery(t); d.State != notify.StatePending || d.NextAttemptAt.After(env.Clock.Now()) {
				t.Errorf("after the retry: %+v", d)
			}
		}},
		{name: "nothing left to retry", who: admin, path: retry, form: url.Values{}, status: http.StatusConflict,
			contains: []string{"has no dead or failed delivery to retry"}},
	})
	if err := env.Services.Outbox.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	if d := delivery(t); d.State != notify.StateSent || chat.Sent.Load() != 1 {
		t.Fatalf("after the retried delivery: %+v, %d sent", d, chat.Sent.Load())
	}
	must(t, admin.get("/"), http.StatusOK, "No failed deliveries.")
}
