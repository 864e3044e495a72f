package httpapi

import (
	"time"

	"gitlab.com/prodseceng/interlock/internal/intake"
)

// The steps of a request as the API shows them. The stored steps (the
// intake types) keep their category under "path_forward" and their outcome
// under "decision", names that would repeat the key they sit under
// (request.path_forward.path_forward, request.decision.decision); the API
// names them category and outcome. The old keys stay beside the new ones,
// with the same values, for the clients built against them.

// PathForwardBody is net-new step 2.
type PathForwardBody struct {
	Outcome        string    `json:"outcome"`
	Basis          string    `json:"basis"`
	Category       string    `json:"category,omitempty" doc:"The path-forward category, for build_internal"`
	PathForward    string    `json:"path_forward,omitempty" doc:"Deprecated: the same as category"`
	CoCreateInputs string    `json:"cocreate_inputs,omitempty"`
	By             string    `json:"by"`
	At             time.Time `json:"at"`
}

func pathForwardBody(p *intake.PathForward) *PathForwardBody {
	if p == nil {
		return nil
	}
	return &PathForwardBody{Outcome: string(p.Outcome), Basis: p.Basis, Category: string(p.Category),
		PathForward: string(p.Category), CoCreateInputs: p.CoCreateInputs, By: p.By, At: p.At}
}

// PathToProductBody is handover step 3.
type PathToProductBody struct {
	Category       string    `json:"category" enum:"@category"`
	PathForward    string    `json:"path_forward" doc:"Deprecated: the same as category"`
	CoCreateInputs string    `json:"cocreate_inputs,omitempty"`
	By             string    `json:"by"`
	At             time.Time `json:"at"`
}

func pathToProductBody(p *intake.PathToProductAnswer) *PathToProductBody {
	if p == nil {
		return nil
	}
	return &PathToProductBody{Category: string(p.Category), PathForward: string(p.Category), CoCreateInputs: p.CoCreateInputs, By: p.By, At: p.At}
}

// DecisionBody is step 4 with the parties still to agree.
type DecisionBody struct {
	Outcome              string             `json:"outcome"`
	Decision             string             `json:"decision" doc:"Deprecated: the same as outcome"`
	Basis                string             `json:"basis"`
	Conditions           string             `json:"conditions,omitempty"`
	RevisitOn            string             `json:"revisit_on,omitempty" doc:"YYYY-MM-DD"`
	ImprovementItems     []string           `json:"improvement_items,omitempty"`
	DecidedBy            string             `json:"decided_by"`
	DecidedAt            time.Time          `json:"decided_at"`
	RequiredParties      []intake.Party     `json:"required_parties"`
	Agreements           []intake.Agreement `json:"agreements"`
	Impact               string             `json:"impact,omitempty" doc:"reprioritise: the impact on other commitments"`
	WorkItems            []string           `json:"work_items,omitempty" doc:"build_internal: the planned work"`
	TargetMilestone      *intake.Milestone  `json:"target_milestone,omitempty"`
	DocumentationUpdated bool               `json:"documentation_updated,omitempty"`
	PendingParties       []intake.Party     `json:"pending_parties"`
}

func decisionBody(d *intake.Decision) *DecisionBody {
	if d == nil {
		return nil
	}
	b := &DecisionBody{Outcome: string(d.Decision), Decision: string(d.Decision), Basis: d.Basis, Conditions: d.Conditions, RevisitOn: d.RevisitOn,
		ImprovementItems: d.ImprovementItems, DecidedBy: d.DecidedBy, DecidedAt: d.DecidedAt,
		RequiredParties: d.RequiredParties, Agreements: d.Agreements, Impact: d.Impact, WorkItems: d.WorkItems,
		TargetMilestone: d.TargetMilestone, DocumentationUpdated: d.DocumentationUpdated, PendingParties: d.Pending()}
	if b.PendingParties == nil {
		b.PendingParties = []intake.Party{}
	}
	return b
}

// ReassessmentBody is one time a request went back to step 2, and what it replaced.
type ReassessmentBody struct {
	By            string           `json:"by"`
	At            time.Time        `json:"at"`
	Reason        string           `json:"reason"`
	RoadmapChange bool             `json:"roadmap_change,omitempty"`
	State         string           `json:"state" enum:"@request_state"`
	PathForward   *PathForwardBody `json:"path_forward,omitempty"`
	Plan          *intake.Plan     `json:"plan,omitempty"`
	Decision      *DecisionBody    `json:"decision,omitempty"`
}

func historyBody(h []intake.Reassessment) []ReassessmentBody {
	if h == nil {
		return nil
	}
	out := make([]ReassessmentBody, len(h))
	for i, r := range h {
		out[i] = ReassessmentBody{By: r.By, At: r.At, Reason: r.Reason, RoadmapChange: r.RoadmapChange, State: string(r.State),
			PathForward: pathForwardBody(r.PathForward), Plan: r.Plan, Decision: decisionBody(r.Decision)}
	}
	return out
}
