package intake

import (
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
)

func TestStepOrder(t *testing.T) {
	tests := []struct {
		name string
		r    Request
		from Step
		want Step
	}{
		{"net-new understanding → path forward", Request{Kind: NetNew}, Understanding, PathForwardStep},
		{"build_internal → plan", Request{Kind: NetNew, PathForward: &PathForward{Outcome: BuildInternal}}, PathForwardStep, PlanStep},
		{"any other outcome skips the plan", Request{Kind: NetNew, PathForward: &PathForward{Outcome: WaitForProduct}}, PathForwardStep, DecisionStep},
		{"plan → decision", Request{Kind: NetNew, PathForward: &PathForward{Outcome: BuildInternal}}, PlanStep, DecisionStep},
		{"handover understanding → maintainability", Request{Kind: Handover}, Understanding, Maintainability},
		{"maintainability → path to product", Request{Kind: Handover}, Maintainability, PathToProduct},
		{"path to product → decision", Request{Kind: Handover}, PathToProduct, DecisionStep},
		{"decision → done", Request{Kind: Other}, DecisionStep, Done},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := next(tc.r, tc.from); got != tc.want {
				t.Errorf("next = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestExpectNamesWhereTheRequestIs(t *testing.T) {
	r := Request{ID: 4, Kind: NetNew, State: Open, Step: PathForwardStep}
	err := expect(r, PlanStep)
	if !core.IsCode(err, core.Conflict) || err.Error() != "request 4 is at step path_forward, not plan; next: path-forward" {
		t.Errorf("err = %v", err)
	}
	if err := expect(Request{State: Decided}, DecisionStep); !core.IsCode(err, core.Conflict) {
		t.Errorf("a decided request took a step: %v", err)
	}
}

func TestWhoDecidesAndAgrees(t *testing.T) {
	r := Request{Requester: "rita"}
	manager := core.Actor{Username: "mia", Role: core.RoleManager}
	engineer := core.Actor{Username: "erin", Role: core.RoleEngineer}
	leader := core.Actor{Username: "lee", Role: core.RoleLeadership}
	rita := core.Actor{Username: "rita", Role: core.RoleRequester}
	admin := core.Actor{Username: "root", Role: core.RoleAdmin}
	tests := []struct {
		outcome Outcome
		actor   core.Actor
		ok      bool
	}{
		{BuildInternal, manager, true}, {BuildInternal, engineer, false}, {BuildInternal, leader, false},
		{SelfServe, rita, true}, {SelfServe, engineer, false},
		{Reprioritise, leader, true}, {Reprioritise, manager, false}, {Reprioritise, admin, false},
		{Accept, admin, true},
	}
	for _, tc := range tests {
		if err := mayDecide(r, tc.outcome, tc.actor); (err == nil) != tc.ok {
			t.Errorf("%s deciding %s: %v", tc.actor.Role, tc.outcome, err)
		}
	}
	if !canAgree(r, Leadership, leader) || canAgree(r, Leadership, admin) || !canAgree(r, RequestingTeam, rita) || canAgree(r, RequestingTeam, manager) {
		t.Error("agreement parties are not as the seeds say")
	}
	d := Decision{RequiredParties: []Party{TransferringTeam, Leadership}, Agreements: []Agreement{{Party: Leadership}}}
	if p := d.Pending(); len(p) != 1 || p[0] != TransferringTeam {
		t.Errorf("pending = %v", p)
	}
}

func TestMissingAnswers(t *testing.T) {
	missing := missingAnswers(Handover, map[string]string{"customer_problem": "x", "business_process": " "})
	if len(missing) != 4 { // business_process, current_capabilities, current_users, architecture; existing_adrs is optional
		t.Errorf("missing = %v", missing)
	}
	var p core.Problems
	checkTemplate(NetNew, map[string]string{"favourite_colour": "blue"}, &p)
	if p.Empty() {
		t.Error("an unknown template key was accepted")
	}
}
