package sunset_test

// Unit tests of a sunset plan's life: opening, the checklist and what each
// activity needs, announcing with notice, reminders, adoption samples,
// decommissioning, closing with lessons learned, transfers and the policy.

import (
	"context"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/sunset"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

var (
	rita  = core.Actor{UserID: 5, Username: "rita", Role: core.RoleRequester}
	admin = core.Actor{UserID: 1, Username: "admin", Role: core.RoleAdmin}
)

// world is services over a fresh database on a clock the test moves.
type world struct {
	t     *testing.T
	svc   httpapi.Services
	clock *core.ManualClock
}

func newWorld(t *testing.T) world {
	t.Helper()
	clock := core.NewManualClock(testenv.Start)
	return world{t: t, svc: app.Services(testenv.OpenDB(t), clock), clock: clock}
}

// tool adds a tool in the category, used by another team too.
func (w world) tool(name string, cat inventory.Category) inventory.Tool {
	w.t.Helper()
	tool, err := w.svc.Inventory.CreateTool(context.Background(), mia, inventory.Tool{Name: name, OwnerTeam: "appsec",
		StakeholderTeams: []string{"sirt"}, Criticality: inventory.High, Category: cat})
	if err != nil {
		w.t.Fatal(err)
	}
	return tool
}

// plan returns the tool's plan, failing the test on an error.
func (w world) plan(toolID int64) (sunset.Plan, []sunset.Sample) {
	w.t.Helper()
	p, samples, err := w.svc.Sunset.Plan(context.Background(), erin, toolID)
	if err != nil {
		w.t.Fatal(err)
	}
	return p, samples
}

// day is the date n days after the clock's today.
func (w world) day(n int) string { return w.clock.Now().UTC().AddDate(0, 0, n).Format(time.DateOnly) }

// fieldsOf lists the fields a core.Error names.
func fieldsOf(err error) string {
	ce, ok := err.(*core.Error)
	if !ok {
		return ""
	}
	var out []string
	for _, f := range ce.Fields {
		out = append(out, f.Field)
	}
	return strings.Join(out, ",")
}

func TestOpeningASunsetIsAManagersDecision(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	tool := w.tool("scanner", inventory.Maintain)
	direct := sunset.Opening{Kind: sunset.Direct, Reason: "unused"}
	if _, err := w.svc.Sunset.Open(ctx, erin, tool.ID, direct); !core.IsCode(err, core.Forbidden) {
		t.Errorf("an engineer opened a sunset: %v", err)
	}
	if _, err := w.svc.Sunset.Open(ctx, mia, tool.ID, sunset.Opening{Kind: sunset.PostCoCreate, Reason: "x"}); fieldsOf(err) != "kind" {
		t.Errorf("a post_cocreate plan opened by hand: %v", err)
	}
	if _, err := w.svc.Sunset.Open(ctx, mia, tool.ID, sunset.Opening{Kind: "someday", Reason: "x"}); fieldsOf(err) != "kind" {
		t.Errorf("an unknown kind: %v", err)
	}
	if _, err := w.svc.Sunset.Open(ctx, mia, tool.ID, sunset.Opening{Kind: sunset.Direct, Reason: "  "}); fieldsOf(err) != "reason" {
		t.Errorf("a direct sunset without a reason: %v", err)
	}
	redirect := w.tool("mover", inventory.Redirect)
	if _, err := w.svc.Sunset.Open(ctx, mia, redirect.ID, direct); !core.IsCode(err, core.Conflict) {
		t.Errorf("a direct sunset of a redirect tool: %v", err)
	}
	p, err := w.svc.Sunset.Open(ctx, mia, tool.ID, direct)
	if err != nil {
		t.Fatal(err)
	}
	if p.State != sunset.Open || p.OpenedBy != "mia" || len(p.Checklist) != len(sunset.Activities(sunset.Direct)) {
		t.Errorf("the opened plan: %+v", p)
	}
	if _, err := w.svc.Sunset.Open(ctx, mia, tool.ID, direct); !core.IsCode(err, core.Conflict) {
		t.Errorf("a second open plan: %v", err)
	}
	if _, _, err := w.svc.Sunset.Plan(ctx, rita, redirect.ID); !core.IsCode(err, core.NotFound) {
		t.Errorf("the plan of a tool that has none: %v", err)
	}
}

func TestEachActivityNeedsItsOutput(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	tool := w.tool("scanner", inventory.Maintain)
	if _, err := w.svc.Sunset.Open(ctx, mia, tool.ID, sunset.Opening{Kind: sunset.Direct, Reason: "unused"}); err != nil {
		t.Fatal(err)
	}
	tick := func(a sunset.Activity) map[sunset.Activity]sunset.CheckInput {
		return map[sunset.Activity]sunset.CheckInput{a: {Done: true}}
	}
	for _, tc := range []struct {
		activity sunset.Activity
		why      string
	}{
		{sunset.ValidateDecision, "stakeholders_agree"},
		{sunset.NameAlternatives, "alternatives"},
		{sunset.CommunicateTimeline, "announcing"},
		{sunset.Decommission, "decommissioning"},
		{sunset.PlanMigration, "not an activity of a direct sunset"},
	} {
		_, err := w.svc.Sunset.Update(ctx, erin, tool.ID, core.NoVersion, sunset.Patch{Checks: tick(tc.activity)})
		if fieldsOf(err) != "checks."+string(tc.activity) || !strings.Contains(err.Error(), tc.why) {
			t.Errorf("ticking %s with nothing recorded: %v", tc.activity, err)
		}
	}
	if _, err := w.svc.Sunset.Update(ctx, rita, tool.ID, core.NoVersion, sunset.Patch{}); !core.IsCode(err, core.Forbidden) {
		t.Errorf("a requester worked a plan: %v", err)
	}
	if _, err := w.svc.Sunset.Update(ctx, erin, tool.ID, 99, sunset.Patch{}); !core.IsCode(err, core.PreconditionFailed) {
		t.Errorf("an update at a stale version: %v", err)
	}
	share := 1.5
	_, err := w.svc.Sunset.Update(ctx, erin, tool.ID, core.NoVersion, sunset.Patch{ParityGaps: &[]sunset.Gap{{Gap: " "}},
		Migration: &sunset.Migration{SuccessCriteria: sunset.SuccessCriteria{MinProductShare: &share}}})
	if fieldsOf(err) != "migration.success_criteria.min_product_share,parity_gaps[0].gap" {
		t.Errorf("a share over 1 and an empty gap: %v", err)
	}
	p, err := w.svc.Sunset.Update(ctx, erin, tool.ID, core.NoVersion, sunset.Patch{
		StakeholdersAgree: &[]string{"sirt"}, Alternatives: &[]string{"GitLab secret detection"},
		Checks: map[sunset.Activity]sunset.CheckInput{sunset.ValidateDecision: {Done: true, Note: " confirmed "}, sunset.NameAlternatives: {Done: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if c := p.Checklist[sunset.ValidateDecision]; !c.Done || c.By != "erin" || c.At == nil || c.Note != "confirmed" {
		t.Errorf("validate_decision: %+v", c)
	}
	if !p.Checklist[sunset.NameAlternatives].Done {
		t.Error("identify_alternatives is not done")
	}
	p, err = w.svc.Sunset.Update(ctx, erin, tool.ID, core.NoVersion, sunset.Patch{Checks: map[sunset.Activity]sunset.CheckInput{
		sunset.NameAlternatives: {Done: false}}})
	if err != nil || p.Checklist[sunset.NameAlternatives].Done || p.Checklist[sunset.NameAlternatives].By != "" {
		t.Errorf("unticking: %v %+v", err, p.Checklist[sunset.NameAlternatives])
	}
}

func TestAnnouncingKeepsTheNoticePeriodAndRemindsOnce(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	tool := w.tool("scanner", inventory.Maintain)
	if _, err := w.svc.Sunset.Open(ctx, mia, tool.ID, sunset.Opening{Kind: sunset.Direct, Reason: "unused"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Sunset.Announce(ctx, erin, tool.ID, core.NoVersion, "next month"); fieldsOf(err) != "decommission_on" {
		t.Errorf("a date that is not a date: %v", err)
	}
	_, err := w.svc.Sunset.Announce(ctx, erin, tool.ID, core.NoVersion, w.day(29))
	if fieldsOf(err) != "decommission_on" || !strings.Contains(err.Error(), w.day(30)) {
		t.Errorf("a date inside the default 30 days' notice: %v", err)
	}
	p, err := w.svc.Sunset.Announce(ctx, erin, tool.ID, core.NoVersion, w.day(30))
	if err != nil {
		t.Fatal(err)
	}
	if p.Notice.DecommissionOn != w.day(30) || p.Notice.NoticePeriodDays != 30 || p.Notice.ReminderDays != 7 ||
		!p.Checklist[sunset.CommunicateTimeline].Done {
		t.Errorf("after announcing: notice %+v, checklist %+v", p.Notice, p.Checklist[sunset.CommunicateTimeline])
	}
	if n, err := w.svc.Sunset.SendReminders(ctx); err != nil || n != 0 {
		t.Errorf("reminders 30 days before: %d, %v", n, err)
	}
	w.clock.Advance(23 * 24 * time.Hour) // 7 days before the date
	if n, err := w.svc.Sunset.SendReminders(ctx); err != nil || n != 1 {
		t.Errorf("reminders 7 days before: %d, %v; want 1", n, err)
	}
	if p, _ = w.plan(tool.ID); p.Notice.ReminderSentAt == nil {
		t.Error("the plan does not record the reminder")
	}
	if n, err := w.svc.Sunset.SendReminders(ctx); err != nil || n != 0 {
		t.Errorf("a second run sent %d reminders (%v); want none", n, err)
	}
	p, err = w.svc.Sunset.Announce(ctx, erin, tool.ID, core.NoVersion, w.day(45))
	if err != nil || p.Notice.ReminderSentAt != nil {
		t.Fatalf("moving the date: %v, reminder %v", err, p.Notice.ReminderSentAt)
	}
	w.clock.Advance(38 * 24 * time.Hour)
	if n, err := w.svc.Sunset.SendReminders(ctx); err != nil || n != 1 {
		t.Errorf("a moved date is reminded of again: %d, %v", n, err)
	}
}

func TestDecommissionWaitsForEverythingThenClosesWithLessons(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	tool := w.tool("scanner", inventory.Maintain)
	if _, err := w.svc.Sunset.Open(ctx, mia, tool.ID, sunset.Opening{Kind: sunset.Direct, Reason: "unused"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Sunset.Close(ctx, erin, tool.ID, core.NoVersion, "went well"); !core.IsCode(err, core.Conflict) {
		t.Errorf("closing an open plan: %v", err)
	}
	_, err := w.svc.Sunset.Decommission(ctx, erin, tool.ID, core.NoVersion, sunset.Decommissioning{})
	want := "rollback,notice.decommission_on,checklist.validate_decision,checklist.identify_alternatives,checklist.communicate_timeline," +
		"decommissioning.infrastructure_shut_down,decommissioning.repositories_archived,decommissioning.documentation_updated"
	if !core.IsCode(err, core.Conflict) || fieldsOf(err) != want {
		t.Fatalf("decommissioning with nothing done names %q, want %q", fieldsOf(err), want)
	}
	keep := true
	if _, err := w.svc.Sunset.Update(ctx, erin, tool.ID, core.NoVersion, sunset.Patch{
		StakeholdersAgree: &[]string{"sirt"}, Alternatives: &[]string{"GitLab secret detection"},
		Rollback:        &sunset.Rollback{CanKeepRunning: &keep, Plan: "restart the VM"},
		Decommissioning: &sunset.Decommissioning{RepositoriesArchived: true},
		Checks:          map[sunset.Activity]sunset.CheckInput{sunset.ValidateDecision: {Done: true}, sunset.NameAlternatives: {Done: true}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Sunset.Announce(ctx, erin, tool.ID, core.NoVersion, w.day(30)); err != nil {
		t.Fatal(err)
	}
	confirm := sunset.Decommissioning{InfrastructureShutDown: true, DocumentationUpdated: true}
	if _, err := w.svc.Sunset.Decommission(ctx, erin, tool.ID, core.NoVersion, confirm); fieldsOf(err) != "notice.decommission_on" {
		t.Fatalf("decommissioning before the announced date: %v", err)
	}
	w.clock.Advance(30 * 24 * time.Hour)
	if _, err := w.svc.Sunset.Decommission(ctx, erin, tool.ID, core.NoVersion, sunset.Decommissioning{InfrastructureShutDown: true}); fieldsOf(err) != "decommissioning.documentation_updated" {
		t.Fatalf("decommissioning without the documentation updated: %v", err)
	}
	p, err := w.svc.Sunset.Decommission(ctx, erin, tool.ID, core.NoVersion, confirm)
	if err != nil {
		t.Fatal(err)
	}
	d := p.Decommissioning
	if p.State != sunset.Decommissioned || !d.RepositoriesArchived || !d.InfrastructureShutDown || d.By != "erin" || !p.Checklist[sunset.Decommission].Done {
		t.Errorf("after decommissioning: %+v", p)
	}
	if got, _ := w.svc.Inventory.Tool(ctx, erin, tool.ID); got.Stage != inventory.Retired {
		t.Errorf("the decommissioned tool is %s, want retired", got.Stage)
	}
	if _, err := w.svc.Sunset.Update(ctx, erin, tool.ID, core.NoVersion, sunset.Patch{Alternatives: &[]string{"x"}}); !core.IsCode(err, core.Conflict) {
		t.Errorf("changing a decommissioned plan beyond its lessons: %v", err)
	}
	if _, err := w.svc.Sunset.Close(ctx, erin, tool.ID, core.NoVersion, " "); fieldsOf(err) != "lessons_learned" {
		t.Errorf("closing without lessons learned: %v", err)
	}
	lessons := "announce earlier"
	if _, err := w.svc.Sunset.Update(ctx, erin, tool.ID, core.NoVersion, sunset.Patch{LessonsLearned: &lessons}); err != nil {
		t.Fatalf("writing lessons learned after decommissioning: %v", err)
	}
	p, err = w.svc.Sunset.Close(ctx, erin, tool.ID, core.NoVersion, "")
	if err != nil || p.State != sunset.Closed || p.ClosedAt == nil || p.LessonsLearned != lessons {
		t.Errorf("closing with the lessons already written: %v %+v", err, p)
	}
	if _, err := w.svc.Sunset.Open(ctx, mia, tool.ID, sunset.Opening{Kind: sunset.Direct, Reason: "again"}); !core.IsCode(err, core.Conflict) {
		t.Errorf("a sunset of a retired tool: %v", err)
	}
}

func TestAdoptionSamplesAreCheckedAndMeasureMigration(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	tool := w.tool("scanner", inventory.Maintain)
	if _, err := w.svc.Sunset.AddSample(ctx, erin, tool.ID, sunset.SampleInput{InternalUses: 1}); !core.IsCode(err, core.NotFound) {
		t.Errorf("a sample without a plan: %v", err)
	}
	if _, err := w.svc.Sunset.Open(ctx, mia, tool.ID, sunset.Opening{Kind: sunset.Direct, Reason: "unused"}); err != nil {
		t.Fatal(err)
	}
	future := w.clock.Now().Add(time.Hour)
	if _, err := w.svc.Sunset.AddSample(ctx, erin, tool.ID, sunset.SampleInput{InternalUses: -1, At: &future}); fieldsOf(err) != "internal_uses,at" {
		t.Errorf("a negative, future sample: %v", err)
	}
	if _, err := w.svc.Sunset.AddSample(ctx, rita, tool.ID, sunset.SampleInput{}); !core.IsCode(err, core.Forbidden) {
		t.Errorf("a requester recorded adoption: %v", err)
	}
	s, err := w.svc.Sunset.AddSample(ctx, erin, tool.ID, sunset.SampleInput{InternalUses: 25, ProductUses: 75})
	if err != nil || s.ProductShare != 0.75 || s.RecordedBy != "erin" || !s.At.Equal(w.clock.Now()) {
		t.Errorf("a sample: %v %+v", err, s)
	}
	if _, samples := w.plan(tool.ID); len(samples) != 1 || samples[0].ID != s.ID {
		t.Errorf("the plan's samples: %+v", samples)
	}
}

func TestTransferEndsAnOpenPlan(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	tool := w.tool("scanner", inventory.Maintain)
	if _, err := w.svc.Sunset.Open(ctx, mia, tool.ID, sunset.Opening{Kind: sunset.Direct, Reason: "unused"}); err != nil {
		t.Fatal(err)
	}
	in := sunset.TransferInput{NewOwnerTeam: "AppSec", DocumentationUpdated: true}
	if _, _, err := w.svc.Sunset.Transfer(ctx, erin, tool.ID, in); !core.IsCode(err, core.Forbidden) {
		t.Errorf("an engineer transferred a tool: %v", err)
	}
	if _, _, err := w.svc.Sunset.Transfer(ctx, mia, tool.ID, in); fieldsOf(err) != "new_owner_team" {
		t.Errorf("a transfer to the current owner: %v", err)
	}
	in.NewOwnerTeam = "sirt"
	tr, after, err := w.svc.Sunset.Transfer(ctx, mia, tool.ID, in)
	if err != nil || tr.FromTeam != "appsec" || tr.ToTeam != "sirt" || after.Stage != inventory.Transferred {
		t.Fatalf("the transfer: %v %+v %s", err, tr, after.Stage)
	}
	if p, _ := w.plan(tool.ID); p.State != sunset.Transferred || p.ClosedAt == nil {
		t.Errorf("the open plan after the transfer: %s", p.State)
	}
	if trs, err := w.svc.Sunset.Transfers(ctx, rita, tool.ID); err != nil || len(trs) != 1 || trs[0].ToTeam != "sirt" {
		t.Errorf("the transfers: %v %+v", err, trs)
	}
	in.NewOwnerTeam = "infra"
	if _, _, err := w.svc.Sunset.Transfer(ctx, mia, tool.ID, in); !core.IsCode(err, core.Conflict) {
		t.Errorf("a second transfer of a transferred tool: %v", err)
	}
}

func TestThePolicyIsTheAdminsAndSetsTheNotice(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	p, err := w.svc.Sunset.Policy(ctx, rita)
	if err != nil || p.NoticePeriodDays != 30 || p.ReminderDaysBefore != 7 {
		t.Fatalf("the default policy: %v %+v", err, p)
	}
	if _, err := w.svc.Sunset.SetPolicy(ctx, mia, p.Version, sunset.Policy{NoticePeriodDays: 10}); !core.IsCode(err, core.Forbidden) {
		t.Errorf("a manager set the policy: %v", err)
	}
	if _, err := w.svc.Sunset.SetPolicy(ctx, admin, core.NoVersion, sunset.Policy{NoticePeriodDays: 10, ReminderDaysBefore: 2}); !core.IsCode(err, core.PreconditionNeeded) {
		t.Errorf("a policy set without If-Match: %v", err)
	}
	if _, err := w.svc.Sunset.SetPolicy(ctx, admin, p.Version, sunset.Policy{NoticePeriodDays: 10, ReminderDaysBefore: 11}); fieldsOf(err) != "reminder_days_before" {
		t.Errorf("a reminder before the notice starts: %v", err)
	}
	if _, err := w.svc.Sunset.SetPolicy(ctx, admin, p.Version, sunset.Policy{NoticePeriodDays: 10, ReminderDaysBefore: 2}); err != nil {
		t.Fatal(err)
	}
	tool := w.tool("scanner", inventory.Maintain)
	if _, err := w.svc.Sunset.Open(ctx, mia, tool.ID, sunset.Opening{Kind: sunset.Direct, Reason: "unused"}); err != nil {
		t.Fatal(err)
	}
	plan, err := w.svc.Sunset.Announce(ctx, erin, tool.ID, core.NoVersion, w.day(10))
	if err != nil || plan.Notice.NoticePeriodDays != 10 || plan.Notice.ReminderDays != 2 {
		t.Errorf("announcing with 10 days' notice: %v %+v", err, plan.Notice)
	}
}
