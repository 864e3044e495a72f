package intake_test

// Unit tests of who reads and discusses a request: a requester reads their
// own requests and their teams', answers the template while it is being
// understood, comments, and withdraws what is not decided.

import (
	"context"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/intake"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// teamsOf is a team directory from a map of members.
type teamsOf map[string][]string

func (d teamsOf) TeamsOf(_ context.Context, username string) ([]string, error) {
	return d[username], nil
}

var (
	ron = core.Actor{UserID: 6, Username: "ron", Role: core.RoleRequester} // in rita's team
	sam = core.Actor{UserID: 7, Username: "sam", Role: core.RoleRequester} // in another team
)

// discussionService is an intake service whose team directory puts ron in
// appsec, rita's requesting team, and sam in infra; and a request of rita's.
func discussionService(t *testing.T) (*intake.Service, intake.Request) {
	t.Helper()
	clock := core.NewManualClock(testenv.Start)
	db := testenv.OpenDB(t)
	svc := intake.NewService(db.Intake(), inventory.NewService(db.Inventory(), clock), clock).
		WithTeams(teamsOf{"ron": {"AppSec"}, "sam": {"infra"}})
	r, err := svc.Create(context.Background(), rita, intake.NewRequest{Kind: intake.NetNew, Title: "map findings",
		RequestingTeam: "appsec", Template: map[string]string{"problem_statement": "triage is manual"}})
	if err != nil {
		t.Fatal(err)
	}
	return svc, r
}

func TestRequestersReadTheirOwnAndTheirTeamsRequestsOnly(t *testing.T) {
	ctx := context.Background()
	svc, r := discussionService(t)
	for _, a := range []core.Actor{rita, ron, erin, lee} {
		if _, err := svc.Get(ctx, a, r.ID); err != nil {
			t.Errorf("%s reading the request: %v", a.Username, err)
		}
		if list, _, err := svc.List(ctx, a, intake.Filter{}, false, false, core.Page{}); err != nil || len(list) != 1 {
			t.Errorf("%s lists %d requests (%v), want 1", a.Username, len(list), err)
		}
	}
	if _, err := svc.Get(ctx, sam, r.ID); !core.IsCode(err, core.Forbidden) {
		t.Errorf("a requester of another team read the request: %v", err)
	}
	if _, _, err := svc.Events(ctx, sam, r.ID, core.Page{}); !core.IsCode(err, core.Forbidden) {
		t.Errorf("a requester of another team read the timeline: %v", err)
	}
	if _, err := svc.Comments(ctx, sam, r.ID); !core.IsCode(err, core.Forbidden) {
		t.Errorf("a requester of another team read the discussion: %v", err)
	}
	if list, _, err := svc.List(ctx, sam, intake.Filter{}, false, false, core.Page{}); err != nil || len(list) != 0 {
		t.Errorf("a requester of another team lists %d requests (%v), want none", len(list), err)
	}
	if list, _, err := svc.List(ctx, ron, intake.Filter{}, true, false, core.Page{}); err != nil || len(list) != 0 {
		t.Errorf("ron's own requests: %d (%v), want none", len(list), err)
	}
	events, _, err := svc.Events(ctx, ron, r.ID, core.Page{})
	if err != nil || len(events) == 0 || events[0].Type != "request.opened" {
		t.Errorf("the timeline as a team mate: %v %+v", err, events)
	}
}

func TestCommentsNeedABodyAndAReader(t *testing.T) {
	ctx := context.Background()
	svc, r := discussionService(t)
	if _, err := svc.Comment(ctx, ron, r.ID, "  "); !core.IsCode(err, core.Invalid) {
		t.Errorf("an empty comment: %v", err)
	}
	if _, err := svc.Comment(ctx, sam, r.ID, "me too"); !core.IsCode(err, core.Forbidden) {
		t.Errorf("a requester of another team commented: %v", err)
	}
	if _, err := svc.Comment(ctx, ron, r.ID+1, "where?"); !core.IsCode(err, core.NotFound) {
		t.Errorf("a comment on no request: %v", err)
	}
	if _, err := svc.Comment(ctx, ron, r.ID, " we need this too "); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Comment(ctx, erin, r.ID, "looking"); err != nil {
		t.Fatal(err)
	}
	cs, err := svc.Comments(ctx, rita, r.ID)
	if err != nil || len(cs) != 2 || cs[0].Author != "ron" || cs[0].Body != "we need this too" || cs[1].Author != "erin" {
		t.Errorf("the discussion: %v %+v", err, cs)
	}
}

func TestTheTemplateIsAnsweredWhileUnderstanding(t *testing.T) {
	ctx := context.Background()
	svc, r := discussionService(t)
	if _, err := svc.Answer(ctx, ron, r.ID, core.NoVersion, map[string]string{"urgency": "now"}); !core.IsCode(err, core.Forbidden) {
		t.Errorf("a team mate answered someone else's template: %v", err)
	}
	if _, err := svc.Answer(ctx, rita, r.ID, r.Version+1, map[string]string{"urgency": "now"}); !core.IsCode(err, core.PreconditionFailed) {
		t.Errorf("answers at a stale version: %v", err)
	}
	got, err := svc.Answer(ctx, rita, r.ID, r.Version, map[string]string{"urgency": "this quarter"})
	if err != nil || got.Template["urgency"] != "this quarter" || got.Template["problem_statement"] != "triage is manual" {
		t.Fatalf("answering merges into the template: %v %+v", err, got.Template)
	}
	if got, err = svc.Answer(ctx, erin, r.ID, core.NoVersion, map[string]string{"business_case": "4h a week"}); err != nil {
		t.Errorf("an engineer working the request answers: %v", err)
	}
	answers := map[string]string{"who_is_affected": "AppSec", "user_requirements": "owners", "alternatives_explored": "none",
		"business_case": "4h a week", "urgency": "this quarter"}
	if _, err := svc.Understand(ctx, erin, r.ID, core.NoVersion, answers); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Answer(ctx, rita, r.ID, core.NoVersion, map[string]string{"urgency": "now"}); !core.IsCode(err, core.Conflict) {
		t.Errorf("answers after understanding: %v", err)
	}
}

func TestWithdrawingEndsAnUndecidedRequest(t *testing.T) {
	ctx := context.Background()
	svc, r := discussionService(t)
	if _, err := svc.Withdraw(ctx, ron, r.ID, core.NoVersion, "not needed"); !core.IsCode(err, core.Forbidden) {
		t.Errorf("a team mate withdrew someone else's request: %v", err)
	}
	if _, err := svc.Withdraw(ctx, rita, r.ID, core.NoVersion, strings.Repeat("x", intake.MaxBasis+1)); !core.IsCode(err, core.Invalid) {
		t.Errorf("a reason over the limit: %v", err)
	}
	got, err := svc.Withdraw(ctx, rita, r.ID, core.NoVersion, " solved elsewhere ")
	if err != nil || got.State != intake.Withdrawn || got.WithdrawReason != "solved elsewhere" {
		t.Fatalf("withdrawing: %v %s %q", err, got.State, got.WithdrawReason)
	}
	if _, err := svc.Withdraw(ctx, erin, r.ID, core.NoVersion, "again"); !core.IsCode(err, core.Conflict) {
		t.Errorf("withdrawing twice: %v", err)
	}
}
