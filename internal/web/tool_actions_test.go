package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/sunset"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// newTool puts a tool into the inventory for a test of its page's forms.
func newTool(t *testing.T, env *testenv.Env, tool inventory.Tool) inventory.Tool {
	t.Helper()
	if tool.OwnerTeam == "" {
		tool.OwnerTeam = "prodsec-eng"
	}
	if tool.Stage == "" {
		tool.Stage = inventory.Operational
	}
	if tool.Health == "" {
		tool.Health = inventory.Unassessed
	}
	out, err := env.Services.Inventory.CreateTool(context.Background(), core.System, tool)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// openBlocking opens an issue that keeps the tool from working.
func openBlocking(t *testing.T, env *testenv.Env, toolID int64, title string) maintenance.Issue {
	t.Helper()
	is, err := env.Services.Maintenance.OpenIssue(context.Background(), core.System, toolID, maintenance.Issue{Title: title,
		Kind: maintenance.Bug, BlocksFunctionality: true, BlocksStated: true})
	if err != nil {
		t.Fatal(err)
	}
	return is
}

// formCase is one post of a form, who posts it, what the answer must be,
// and what the services must hold afterwards.
type formCase struct {
	name     string
	who      *visitor
	path     string
	form     url.Values
	status   int
	contains []string
	check    func(t *testing.T)
}

func runForms(t *testing.T, cases []formCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			parent := tc.who.t
			tc.who.t = t
			defer func() { tc.who.t = parent }()
			must(t, tc.who.post(tc.path, tc.form), tc.status, tc.contains...)
			if tc.check != nil {
				tc.check(t)
			}
		})
	}
}

func TestToolIssueForms(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	tool := newTool(t, env, inventory.Tool{Name: "scanner", Criticality: inventory.Critical, Category: inventory.Maintain})
	other := newTool(t, env, inventory.Tool{Name: "other", Criticality: inventory.Low, Category: inventory.Maintain})
	first, second := openBlocking(t, env, tool.ID, "scans fail"), openBlocking(t, env, tool.ID, "crashes on start")
	engineer, requester := signedIn(t, env, "erin", core.RoleEngineer), signedIn(t, env, "rita", core.RoleRequester)
	issue := func(t *testing.T, id int64) maintenance.Issue {
		t.Helper()
		is, err := env.Services.Maintenance.GetIssue(ctx, core.System, tool.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		return is
	}
	at := func(is maintenance.Issue, action string) string {
		return fmt.Sprintf("/tools/%d/issues/%d/%s", tool.ID, is.ID, action)
	}
	runForms(t, []formCase{
		{name: "triage needs an assignee", who: engineer, path: at(first, "triage"), form: url.Values{"assignee": {" "}},
			status: http.StatusUnprocessableEntity, contains: []string{"is required: who the issue is assigned to"},
			check: func(t *testing.T) {
				if is := issue(t, first.ID); is.State != maintenance.Open || is.TriagedAt != nil {
					t.Errorf("a refused triage changed the issue: %+v", is)
				}
			}},
		{name: "a requester may not triage", who: requester, path: at(first, "triage"), form: url.Values{"assignee": {"rita"}},
			status: http.StatusForbidden, check: func(t *testing.T) {
				if is := issue(t, first.ID); is.Assignee != "" {
					t.Errorf("assigned by a requester: %+v", is)
				}
			}},
		{name: "an issue of another tool is not found", who: engineer,
			path: fmt.Sprintf("/tools/%d/issues/%d/triage", other.ID, first.ID), form: url.Values{"assignee": {"erin"}},
			status: http.StatusNotFound},
		{name: "triage stops the SLO clock", who: engineer, path: at(first, "triage"), form: url.Values{"assignee": {"erin"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				if is := issue(t, first.ID); is.State != maintenance.Triaged || is.Assignee != "erin" || is.TriagedAt == nil {
					t.Errorf("after triage: %+v", is)
				}
			}},
		{name: "recover stops the RTO clock", who: engineer, path: at(first, "recover"), form: url.Values{},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				if is := issue(t, first.ID); is.State != maintenance.Recovered || is.RecoveredAt == nil {
					t.Errorf("after recovery: %+v", is)
				}
			}},
		{name: "recovering twice is refused", who: engineer, path: at(first, "recover"), form: url.Values{},
			status: http.StatusConflict, contains: []string{"was already recovered"}},
		{name: "closing a blocking issue without recovery needs a reason", who: engineer, path: at(second, "close"),
			form: url.Values{"reason": {""}}, status: http.StatusUnprocessableEntity,
			contains: []string{"say why it is closed without the tool working again"}, check: func(t *testing.T) {
				if is := issue(t, second.ID); is.ClosedAt != nil {
					t.Errorf("closed without a reason: %+v", is)
				}
			}},
		{name: "close with a reason", who: engineer, path: at(second, "close"), form: url.Values{"reason": {"duplicate of the first"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				if is := issue(t, second.ID); is.State != maintenance.Closed || is.ClosedAt == nil || is.CloseReason != "duplicate of the first" {
					t.Errorf("after close: %+v", is)
				}
			}},
		{name: "close a recovered issue", who: engineer, path: at(first, "close"), form: url.Values{},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				if is := issue(t, first.ID); is.State != maintenance.Closed {
					t.Errorf("after close: %+v", is)
				}
			}},
		{name: "an unknown action", who: engineer, path: at(first, "reopen"), form: url.Values{}, status: http.StatusNotFound},
	})
}

func TestSignalResolveForm(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	// two blocking issues that nobody triages breach twice: a signal on each tool
	dismissed := newTool(t, env, inventory.Tool{Name: "flaky", Criticality: inventory.Critical, Category: inventory.Maintain})
	acted := newTool(t, env, inventory.Tool{Name: "shaky", Criticality: inventory.Critical, Category: inventory.Maintain})
	for _, tool := range []inventory.Tool{dismissed, acted} {
		openBlocking(t, env, tool.ID, "down")
		openBlocking(t, env, tool.ID, "down again")
	}
	env.Clock.Advance(10 * 24 * time.Hour)
	if _, err := env.Services.Maintenance.CheckClocks(ctx); err != nil {
		t.Fatal(err)
	}
	signal := func(t *testing.T, toolID int64) maintenance.Signal {
		t.Helper()
		sigs, err := env.Services.Maintenance.Signals(ctx, core.System, toolID, false)
		if err != nil || len(sigs) != 1 {
			t.Fatalf("signals of tool %d: %+v %v", toolID, sigs, err)
		}
		return sigs[0]
	}
	d, a := signal(t, dismissed.ID), signal(t, acted.ID)
	manager, engineer := signedIn(t, env, "mona", core.RoleManager), signedIn(t, env, "erin", core.RoleEngineer)
	must(t, manager.get(fmt.Sprintf("/tools/%d", dismissed.ID)), http.StatusOK, fmt.Sprintf(`name="signal" value="%d"`, d.ID))
	post := func(tool inventory.Tool) string { return fmt.Sprintf("/tools/%d/signal", tool.ID) }
	runForms(t, []formCase{
		{name: "an engineer may not resolve", who: engineer, path: post(dismissed),
			form: url.Values{"signal": {fmt.Sprint(d.ID)}, "dismiss": {"on"}, "reason": {"noise"}}, status: http.StatusForbidden,
			check: func(t *testing.T) {
				if s := signal(t, dismissed.ID); s.State != maintenance.SignalOpen {
					t.Errorf("resolved by an engineer: %+v", s)
				}
			}},
		{name: "neither acting nor dismissing", who: manager, path: post(dismissed), form: url.Values{"signal": {fmt.Sprint(d.ID)}},
			status: http.StatusUnprocessableEntity, contains: []string{"give a category or a lower criticality"}},
		{name: "dismissing needs a reason", who: manager, path: post(dismissed),
			form: url.Values{"signal": {fmt.Sprint(d.ID)}, "dismiss": {"on"}}, status: http.StatusUnprocessableEntity,
			contains: []string{"is required to dismiss a signal"}},
		{name: "not a signal number", who: manager, path: post(dismissed), form: url.Values{"signal": {"x"}},
			status: http.StatusUnprocessableEntity, contains: []string{"must be a whole number"}},
		{name: "another tool's signal", who: manager, path: post(dismissed),
			form: url.Values{"signal": {fmt.Sprint(a.ID)}, "dismiss": {"on"}, "reason": {"noise"}}, status: http.StatusNotFound,
			check: func(t *testing.T) {
				if s := signal(t, acted.ID); s.State != maintenance.SignalOpen {
					t.Errorf("resolved through another tool: %+v", s)
				}
			}},
		{name: "dismiss with a reason", who: manager, path: post(dismissed),
			form:   url.Values{"signal": {fmt.Sprint(d.ID)}, "dismiss": {"on"}, "reason": {"the outage was the cloud's"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				s := signal(t, dismissed.ID)
				if s.State != maintenance.SignalDismissed || s.ResolvedBy != "mona" || s.Resolution != "dismissed: the outage was the cloud's" {
					t.Errorf("after dismissing: %+v", s)
				}
			}},
		{name: "act with a lower criticality", who: manager, path: post(acted),
			form: url.Values{"signal": {fmt.Sprint(a.ID)}, "criticality": {"medium"}}, status: http.StatusSeeOther,
			check: func(t *testing.T) {
				if s := signal(t, acted.ID); s.State != maintenance.SignalActed {
					t.Errorf("after acting: %+v", s)
				}
				if tool, _ := env.Services.Inventory.Tool(ctx, core.System, acted.ID); tool.Criticality != inventory.Medium {
					t.Errorf("the tool's criticality is %s, want medium", tool.Criticality)
				}
			}},
		{name: "a resolved signal stays resolved", who: manager, path: post(acted),
			form: url.Values{"signal": {fmt.Sprint(a.ID)}, "criticality": {"low"}}, status: http.StatusConflict,
			contains: []string{"is already acted"}},
	})
}

func TestCoCreateForms(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	tool := newTool(t, env, inventory.Tool{Name: "mapper", Criticality: inventory.High, Category: inventory.Integrate,
		EpicURL: "https://gitlab.example.com/groups/g/-/epics/1", Milestone: "18.9"})
	kept := newTool(t, env, inventory.Tool{Name: "kept", Criticality: inventory.High, Category: inventory.Maintain})
	engineer, requester := signedIn(t, env, "erin", core.RoleEngineer), signedIn(t, env, "rita", core.RoleRequester)
	path := fmt.Sprintf("/tools/%d/", tool.ID)
	ref := cocreate.Ref{Tool: tool.ID}
	of := func(t *testing.T) cocreate.CoCreate {
		t.Helper()
		c, err := env.Services.CoCreate.Of(ctx, core.System, ref)
		if err != nil {
			t.Fatalf("no co-create: %v", err)
		}
		return c
	}
	noCoCreate := func(t *testing.T) {
		if _, err := env.Services.CoCreate.Of(ctx, core.System, ref); !core.IsCode(err, core.NotFound) {
			t.Errorf("a refused start made a co-create: %v", err)
		}
	}
	epic := url.Values{"integration_epic_url": {"https://gitlab.example.com/groups/g/-/epics/2"}}
	runForms(t, []formCase{
		{name: "a requester may not start", who: requester, path: path + "cocreate", form: epic, status: http.StatusForbidden, check: noCoCreate},
		{name: "start needs the integration epic", who: engineer, path: path + "cocreate", form: url.Values{"integration_epic_url": {""}},
			status: http.StatusUnprocessableEntity, contains: []string{`class="field-error"`}, check: noCoCreate},
		{name: "a tool not in integrate", who: engineer, path: fmt.Sprintf("/tools/%d/cocreate", kept.ID), form: epic,
			status: http.StatusConflict, contains: []string{"co-create starts for a tool in integrate"}},
		{name: "start", who: engineer, path: path + "cocreate", form: epic, status: http.StatusSeeOther, check: func(t *testing.T) {
			c := of(t)
			if c.Loop != cocreate.Validation || c.IntegrationEpicURL != epic.Get("integration_epic_url") || c.StartedBy != "erin" {
				t.Errorf("after start: %+v", c)
			}
			if got, _ := env.Services.Inventory.Tool(ctx, core.System, tool.ID); got.Stage != inventory.CoCreate {
				t.Errorf("the tool's stage is %s, want co_create", got.Stage)
			}
		}},
		{name: "a functionality needs a title", who: engineer, path: path + "functionality",
			form: url.Values{"functionality_title": {""}}, status: http.StatusUnprocessableEntity, contains: []string{"is required"},
			check: func(t *testing.T) {
				if c := of(t); len(c.Functionalities) != 0 {
					t.Errorf("functionalities: %+v", c.Functionalities)
				}
			}},
		{name: "add a functionality", who: engineer, path: path + "functionality",
			form:   url.Values{"functionality_title": {"owners"}, "functionality_epic_url": {"https://gitlab.example.com/groups/g/-/epics/3"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				c := of(t)
				if len(c.Functionalities) != 1 || c.Functionalities[0].Title != "owners" ||
					c.Functionalities[0].EpicURL != "https://gitlab.example.com/groups/g/-/epics/3" || !c.Functionalities[0].HasMetricLabel() {
					t.Errorf("functionalities: %+v", c.Functionalities)
				}
			}},
	})

	// advancing lists what loop 1 lacks; once it is there, the loop moves on
	c := of(t)
	adv := func(version int) url.Values { return url.Values{"version": {fmt.Sprint(version)}} }
	must(t, engineer.post(path+"cocreate-advance", adv(c.Version)), http.StatusConflict, "cannot leave validation yet",
		"Product Management has not validated")
	done := &cocreate.CheckInput{Done: true}
	str := func(s string) *string { return &s }
	c, err := env.Services.CoCreate.Update(ctx, core.System, ref, c.Version, cocreate.Patch{
		Handover: &cocreate.HandoverPatch{EpicURL: str("https://gitlab.example.com/groups/g/-/epics/4")},
		Loop1: &cocreate.Loop1Patch{PMValidated: done, EngineeringValidated: done, AlignedWithPlans: done, ScopeRefined: done,
			ValidatedProposalURL: str("https://x/1"), TechnicalDesignURL: str("https://x/2"), StakeholderAlignment: &[]string{"@pm"}}})
	if err != nil {
		t.Fatal(err)
	}
	must(t, engineer.post(path+"cocreate-advance", adv(c.Version-1)), http.StatusPreconditionFailed)
	if got := of(t); got.Loop != cocreate.Validation {
		t.Fatalf("a stale advance moved the loop: %s", got.Loop)
	}
	must(t, engineer.post(path+"cocreate-advance", adv(c.Version)), http.StatusSeeOther)
	if got := of(t); got.Loop != cocreate.Integration {
		t.Fatalf("after advancing: %s", got.Loop)
	}
	must(t, engineer.get(path[:len(path)-1]), http.StatusOK, "Co-create moved to integration.")
}

// sunsettingTool puts a medium, maintained tool into the inventory with a
// direct sunset plan open, and returns it with a reader of its plan.
func sunsettingTool(t *testing.T, env *testenv.Env, name, reason string) (inventory.Tool, func(*testing.T) sunset.Plan) {
	t.Helper()
	ctx := context.Background()
	tool := newTool(t, env, inventory.Tool{Name: name, Criticality: inventory.Medium, Category: inventory.Maintain})
	if _, err := env.Services.Sunset.Open(ctx, core.System, tool.ID, sunset.Opening{Kind: sunset.Direct, Reason: reason}); err != nil {
		t.Fatal(err)
	}
	return tool, func(t *testing.T) sunset.Plan {
		t.Helper()
		p, _, err := env.Services.Sunset.Plan(ctx, core.System, tool.ID)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
}

func TestSunsetAnnounceDecommissionAndClose(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	tool, plan := sunsettingTool(t, env, "old-scanner", "superseded")
	yes := true
	p, err := env.Services.Sunset.Update(ctx, core.System, tool.ID, plan(t).Version, sunset.Patch{
		StakeholdersAgree: &[]string{"sirt"}, Alternatives: &[]string{"the product's secret detection"},
		Rollback: &sunset.Rollback{CanKeepRunning: &yes, Plan: "start the pipeline again"}})
	if err == nil {
		p, err = env.Services.Sunset.Update(ctx, core.System, tool.ID, p.Version, sunset.Patch{Checks: map[sunset.Activity]sunset.CheckInput{
			sunset.ValidateDecision: {Done: true}, sunset.NameAlternatives: {Done: true}}})
	}
	if err != nil {
		t.Fatal(err)
	}
	engineer := signedIn(t, env, "erin", core.RoleEngineer)
	path := fmt.Sprintf("/tools/%d/", tool.ID)
	version := func(t *testing.T) string { return fmt.Sprint(plan(t).Version) }
	day := env.Clock.Now().AddDate(0, 0, 31).Format(time.DateOnly)
	stillOpen := func(t *testing.T) {
		if p := plan(t); p.State != sunset.Open {
			t.Errorf("the plan is %s", p.State)
		}
	}
	runForms(t, []formCase{
		{name: "announce inside the notice period", who: engineer, path: path + "announce",
			form:   url.Values{"version": {fmt.Sprint(p.Version)}, "decommission_on": {env.Clock.Now().Format(time.DateOnly)}},
			status: http.StatusUnprocessableEntity, contains: []string{"days&#39; notice stakeholders are owed"}, check: func(t *testing.T) {
				if p := plan(t); p.Notice.DecommissionOn != "" {
					t.Errorf("announced anyway: %+v", p.Notice)
				}
			}},
		{name: "announce", who: engineer, path: path + "announce",
			form: url.Values{"version": {fmt.Sprint(p.Version)}, "decommission_on": {day}}, status: http.StatusSeeOther,
			check: func(t *testing.T) {
				p := plan(t)
				if p.Notice.DecommissionOn != day || p.Notice.AnnouncedBy != "erin" || !p.Checklist[sunset.CommunicateTimeline].Done {
					t.Errorf("after announcing: %+v", p.Notice)
				}
			}},
	})
	decommission := url.Values{"infrastructure_shut_down": {"on"}, "repositories_archived": {"on"}, "documentation_updated": {"on"}}
	decommission.Set("version", version(t))
	must(t, engineer.post(path+"decommission", decommission), http.StatusConflict, "has not come")
	stillOpen(t)
	env.Clock.Advance(32 * 24 * time.Hour)
	unticked := engineer.post(path+"decommission", url.Values{"version": {version(t)}})
	must(t, unticked, http.StatusConflict, "shut the infrastructure down first", "archive the repositories first", "update the documentation first")
	if !fieldErrorAfter(unticked.body, `name="infrastructure_shut_down"> infrastructure shut down</span>`, "shut the infrastructure down first") {
		t.Errorf("the decommissioning refusal is not next to its checkbox:\n%s", unticked.body)
	}
	stillOpen(t)
	decommission.Set("version", version(t))
	must(t, engineer.post(path+"decommission", decommission), http.StatusSeeOther)
	if p := plan(t); p.State != sunset.Decommissioned || p.Decommissioning.By != "erin" {
		t.Fatalf("after decommissioning: %+v", p)
	}
	if got, _ := env.Services.Inventory.Tool(ctx, core.System, tool.ID); got.Stage != inventory.Retired {
		t.Fatalf("the tool's stage is %s, want retired", got.Stage)
	}
	page := engineer.get(path[:len(path)-1])
	must(t, page, http.StatusOK, "The tool is decommissioned.", `action="/tools/`+fmt.Sprint(tool.ID)+`/sunset-close"`)

	// closing needs lessons learned, shown next to their field
	refused := engineer.post(path+"sunset-close", url.Values{"version": {version(t)}})
	must(t, refused, http.StatusUnprocessableEntity, "are required to close the plan")
	if !fieldErrorAfter(refused.body, `name="lessons_learned"></textarea>`, "are required to close the plan") {
		t.Errorf("the lessons refusal is not next to its field:\n%s", refused.body)
	}
	must(t, engineer.post(path+"sunset-close", url.Values{"version": {version(t)}, "lessons_learned": {"announce earlier"}}), http.StatusSeeOther)
	if p := plan(t); p.State != sunset.Closed || p.LessonsLearned != "announce earlier" || p.ClosedAt == nil {
		t.Fatalf("after closing: %+v", p)
	}
}

func TestTransferForm(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	tool := newTool(t, env, inventory.Tool{Name: "handed-on", OwnerTeam: "prodsec-eng", Criticality: inventory.Low, Category: inventory.Maintain})
	manager, engineer := signedIn(t, env, "mona", core.RoleManager), signedIn(t, env, "erin", core.RoleEngineer)
	path := fmt.Sprintf("/tools/%d/transfer", tool.ID)
	unchanged := func(t *testing.T) {
		got, _ := env.Services.Inventory.Tool(ctx, core.System, tool.ID)
		if got.OwnerTeam != "prodsec-eng" || got.Stage != inventory.Operational {
			t.Errorf("a refused transfer changed the tool: %s, %s", got.OwnerTeam, got.Stage)
		}
	}
	runForms(t, []formCase{
		{name: "an engineer may not transfer", who: engineer, path: path,
			form: url.Values{"new_owner_team": {"sirt"}, "transfer_documentation_updated": {"on"}}, status: http.StatusForbidden, check: unchanged},
		{name: "the documentation must name the new owner", who: manager, path: path, form: url.Values{"new_owner_team": {"sirt"}},
			status: http.StatusUnprocessableEntity, contains: []string{"tick it once the README and documentation name the new owner"},
			check: unchanged},
		{name: "to its own team", who: manager, path: path,
			form: url.Values{"new_owner_team": {"PRODSEC-ENG"}, "transfer_documentation_updated": {"on"}}, status: http.StatusUnprocessableEntity,
			contains: []string{"is the current owner"}, check: unchanged},
		{name: "transfer", who: manager, path: path,
			form:   url.Values{"new_owner_team": {"sirt"}, "transfer_note": {"SIRT runs it now"}, "transfer_documentation_updated": {"on"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				got, _ := env.Services.Inventory.Tool(ctx, core.System, tool.ID)
				if got.OwnerTeam != "sirt" || got.Stage != inventory.Transferred {
					t.Errorf("after the transfer: %s, %s", got.OwnerTeam, got.Stage)
				}
				trs, err := env.Services.Sunset.Transfers(ctx, core.System, tool.ID)
				if err != nil || len(trs) != 1 || trs[0].FromTeam != "prodsec-eng" || trs[0].ToTeam != "sirt" || trs[0].By != "mona" ||
					trs[0].Note != "SIRT runs it now" {
					t.Errorf("transfers: %+v %v", trs, err)
				}
			}},
		{name: "a transferred tool is not transferred again", who: manager, path: path,
			form: url.Values{"new_owner_team": {"appsec"}, "transfer_documentation_updated": {"on"}}, status: http.StatusConflict,
			contains: []string{"is transferred already"}},
	})
}

// fieldErrorAfter reports whether a field's error follows the field's markup.
func fieldErrorAfter(body, field, message string) bool {
	i := strings.Index(body, field)
	if i < 0 {
		return false
	}
	j := strings.Index(body[i+len(field):], `<span class="field-error" role="alert">`+message)
	return j >= 0 && j < 200
}
