package intake_test

import (
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/intake"
)

func TestStepOrder(t *testing.T) {
	tests := []struct {
		name string
		r    intake.Request
		from intake.Step
		want intake.Step
	}{
		{"net-new understanding → path forward", intake.Request{Kind: intake.NetNew}, intake.Understanding, intake.PathForwardStep},
		{"build_internal → plan", intake.Request{Kind: intake.NetNew, PathForward: &intake.PathForward{Outcome: intake.BuildInternal}}, intake.PathForwardStep, intake.PlanStep},
		{"any other outcome skips the plan", intake.Request{Kind: intake.NetNew, PathForward: &intake.PathForward{Outcome: intake.WaitForProduct}}, intake.PathForwardStep, intake.DecisionStep},
		{"plan → decision", intake.Request{Kind: intake.NetNew, PathForward: &intake.PathForward{Outcome: intake.BuildInternal}}, intake.PlanStep, intake.DecisionStep},
		{"handover understanding → maintainability", intake.Request{Kind: intake.Handover}, intake.Understanding, intake.Maintainability},
		{"maintainability → path to product", intake.Request{Kind: intake.Handover}, intake.Maintainability, intake.PathToProduct},
		{"path to product → decision", intake.Request{Kind: intake.Handover}, intake.PathToProduct, intake.DecisionStep},
		{"decision → done", intake.Request{Kind: intake.Other}, intake.DecisionStep, intake.Done},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := intake.StepAfter(tc.r, tc.from); got != tc.want {
				t.Errorf("next = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestExpectNamesWhereTheRequestIs(t *testing.T) {
	r := intake.Request{ID: 4, Kind: intake.NetNew, State: intake.Open, Step: intake.PathForwardStep}
	err := intake.ExpectStep(r, intake.PlanStep)
	if !core.IsCode(err, core.Conflict) || err.Error() != "request 4 is at step path_forward, not plan; next: path-forward" {
		t.Errorf("err = %v", err)
	}
	if err := intake.ExpectStep(intake.Request{State: intake.Decided}, intake.DecisionStep); !core.IsCode(err, core.Conflict) {
		t.Errorf("a decided request took a step: %v", err)
	}
}

func TestWhoDecidesAndAgrees(t *testing.T) {
	r := intake.Request{Requester: "rita"}
	manager := core.Actor{Username: "mia", Role: core.RoleManager}
	engineer := core.Actor{Username: "erin", Role: core.RoleEngineer}
	leader := core.Actor{Username: "lee", Role: core.RoleLeadership}
	rita := core.Actor{Username: "rita", Role: core.RoleRequester}
	admin := core.Actor{Username: "root", Role: core.RoleAdmin}
	tests := []struct {
		outcome intake.Outcome
		actor   core.Actor
		ok      bool
	}{
		{intake.BuildInternal, manager, true}, {intake.BuildInternal, engineer, false}, {intake.BuildInternal, leader, false},
		{intake.SelfServe, rita, true}, {intake.SelfServe, engineer, false},
		{intake.Reprioritise, leader, true}, {intake.Reprioritise, manager, false}, {intake.Reprioritise, admin, false},
		{intake.Accept, admin, true},
	}
	for _, tc := range tests {
		if err := intake.MayDecide(r, tc.outcome, tc.actor); (err == nil) != tc.ok {
			t.Errorf("%s deciding %s: %v", tc.actor.Role, tc.outcome, err)
		}
	}
	if !intake.CanAgree(r, intake.Leadership, leader) || intake.CanAgree(r, intake.Leadership, admin) || !intake.CanAgree(r, intake.RequestingTeam, rita) || intake.CanAgree(r, intake.RequestingTeam, manager) {
		t.Error("agreement parties are not as the seeds say")
	}
	d := intake.Decision{RequiredParties: []intake.Party{intake.TransferringTeam, intake.Leadership}, Agreements: []intake.Agreement{{Party: intake.Leadership}}}
	if p := d.Pending(); len(p) != 1 || p[0] != intake.TransferringTeam {
		t.Errorf("pending = %v", p)
	}
}

func TestMissingAnswers(t *testing.T) {
	missing := intake.MissingAnswers(intake.Handover, map[string]string{"customer_problem": "x", "business_process": " "})
	if len(missing) != 4 { // business_process, current_capabilities, current_users, architecture; existing_adrs is optional
		t.Errorf("missing = %v", missing)
	}
	var p core.Problems
	intake.CheckTemplate(intake.NetNew, map[string]string{"favourite_colour": "blue"}, &p)
	if p.Empty() {
		t.Error("an unknown template key was accepted")
	}
}
