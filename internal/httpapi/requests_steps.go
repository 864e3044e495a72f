package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/intake"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

func (s *server) requestStepRoutes() {
	p := "/api/v1/requests/{id}/"
	huma.Register(s.api, op("step-understanding", http.MethodPut, p+"understanding", "Step 1: understand the need",
		"Completes once every required template answer is present (engineer)."), s.stepUnderstanding)
	huma.Register(s.api, op("step-path-forward", http.MethodPut, p+"path-forward", "Net-new step 2: the path forward",
		"Build in the product, build internally (with a path-forward category), wait, redirect, defer or self-serve (engineer)."), s.stepPathForward)
	huma.Register(s.api, op("step-plan", http.MethodPut, p+"plan", "Net-new step 3: plan internal tooling",
		"Only after build_internal: criticality and design decisions (engineer)."), s.stepPlan)
	huma.Register(s.api, op("step-maintainability", http.MethodPut, p+"maintainability", "Handover step 2: maintainability",
		"Criticality and the rubric criteria the tool meets as it is (engineer)."), s.stepMaintainability)
	huma.Register(s.api, op("step-path-to-product", http.MethodPut, p+"path-to-product", "Handover step 3: path to product",
		"Path-forward category and co-create inputs (engineer)."), s.stepPathToProduct)
	huma.Register(s.api, op("decide-request", http.MethodPost, p+"decision", "Step 4: decide",
		"Records the decision; needs If-Match. Decisions the seeds give to more than one party wait for their agreement.",
		http.StatusCreated), s.decideRequest)
	huma.Register(s.api, op("agree-to-decision", http.MethodPost, p+"decision/agreements", "Agree to a decision",
		"By a party the decision waits for: leadership, or the requesting (transferring) team's requester; "+
			"an engineer records Product's and Engineering's agreement with party and name.", http.StatusCreated), s.agreeToDecision)
	huma.Register(s.api, op("reassess-request", http.MethodPost, p+"reassess", "Re-assess through step 2",
		"Takes a net-new request back to step 2 (manager), keeping its history: to decide otherwise than step 2 chose, "+
			"or when a waiting or deferred request is due (revisit date reached) or the roadmap changed."), s.reassessRequest)
}

func (s *server) stepUnderstanding(ctx context.Context, in *struct {
	RequestPath
	Body *struct {
		Template map[string]string `json:"template,omitempty"`
	} `required:"false"`
}) (*requestOut, error) {
	var answers map[string]string
	if in.Body != nil {
		answers = in.Body.Template
	}
	return s.requestOut(s.Intake.Understand(ctx, actorOf(ctx), in.ID, ifMatch(in.IfMatch), answers))
}

func (s *server) stepPathForward(ctx context.Context, in *struct {
	RequestPath
	Body struct {
		Outcome        string `json:"outcome" enum:"build_in_product,build_internal,wait_for_product,redirect_existing,defer_capacity,self_serve"`
		Basis          string `json:"basis" minLength:"1" maxLength:"20000"`
		PathForward    string `json:"path_forward,omitempty" enum:"@category" doc:"The path-forward category, for build_internal"`
		CoCreateInputs string `json:"cocreate_inputs,omitempty" maxLength:"20000"`
		EpicURL        string `json:"epic_url,omitempty" maxLength:"2048" doc:"For integrate"`
		Milestone      string `json:"milestone,omitempty" maxLength:"100" doc:"For integrate"`
	}
}) (*requestOut, error) {
	b := in.Body
	return s.requestOut(s.Intake.ChoosePathForward(ctx, actorOf(ctx), in.ID, ifMatch(in.IfMatch), intake.PathForwardInput{
		Outcome: intake.Outcome(b.Outcome), Basis: b.Basis, Category: inventory.Category(b.PathForward),
		CoCreateInputs: b.CoCreateInputs, EpicURL: b.EpicURL, Milestone: b.Milestone}))
}

// DesignDecisionIn is a design decision of a plan; it becomes an ADR.
type DesignDecisionIn struct {
	Title        string `json:"title" minLength:"1" maxLength:"200"`
	Context      string `json:"context" minLength:"1" maxLength:"20000"`
	Decision     string `json:"decision" minLength:"1" maxLength:"20000"`
	Consequences string `json:"consequences,omitempty" maxLength:"20000"`
}

func (s *server) stepPlan(ctx context.Context, in *struct {
	RequestPath
	Body struct {
		Criticality     string             `json:"criticality" enum:"@criticality"`
		DesignDecisions []DesignDecisionIn `json:"design_decisions" maxItems:"50"`
	}
}) (*requestOut, error) {
	plan := intake.Plan{Criticality: inventory.Criticality(in.Body.Criticality)}
	for _, d := range in.Body.DesignDecisions {
		plan.DesignDecisions = append(plan.DesignDecisions, intake.DesignDecision(d))
	}
	return s.requestOut(s.Intake.PlanInternal(ctx, actorOf(ctx), in.ID, ifMatch(in.IfMatch), plan))
}

func (s *server) stepMaintainability(ctx context.Context, in *struct {
	RequestPath
	Body struct {
		Criticality string   `json:"criticality" enum:"@criticality"`
		Met         []string `json:"met" maxItems:"200" doc:"Rubric criterion ids the tool meets as it is"`
	}
}) (*requestOut, error) {
	return s.requestOut(s.Intake.AssessMaintainability(ctx, actorOf(ctx), in.ID, ifMatch(in.IfMatch),
		inventory.Criticality(in.Body.Criticality), in.Body.Met))
}

func (s *server) stepPathToProduct(ctx context.Context, in *struct {
	RequestPath
	Body struct {
		PathForward    string `json:"path_forward" enum:"@category"`
		CoCreateInputs string `json:"cocreate_inputs,omitempty" maxLength:"20000"`
		EpicURL        string `json:"epic_url,omitempty" maxLength:"2048"`
		Milestone      string `json:"milestone,omitempty" maxLength:"100"`
	}
}) (*requestOut, error) {
	b := in.Body
	return s.requestOut(s.Intake.ChoosePathToProduct(ctx, actorOf(ctx), in.ID, ifMatch(in.IfMatch),
		inventory.Category(b.PathForward), b.CoCreateInputs, b.EpicURL, b.Milestone))
}

func (s *server) decideRequest(ctx context.Context, in *struct {
	RequestPath
	Body struct {
		Decision             string            `json:"decision,omitempty" enum:"build_in_product,build_internal,wait_for_product,redirect_existing,defer_capacity,self_serve,accept,accept_with_improvement_plan,best_effort,propose_alternative,reprioritise,accept_into_backlog,redirect,decline" doc:"For net-new, defaults to the path forward chosen in step 2"`
		Basis                string            `json:"basis" minLength:"1" maxLength:"20000"`
		Conditions           string            `json:"conditions,omitempty" maxLength:"20000"`
		RevisitOn            string            `json:"revisit_on,omitempty" maxLength:"10" doc:"YYYY-MM-DD; required for wait_for_product and defer_capacity"`
		ImprovementItems     []string          `json:"improvement_items,omitempty" maxItems:"100" doc:"For accept_with_improvement_plan; default: one per Good criterion missed"`
		Impact               string            `json:"impact,omitempty" maxLength:"20000" doc:"Required for reprioritise: the impact on other commitments"`
		WorkItems            []string          `json:"work_items,omitempty" maxItems:"100" doc:"Required for build_internal: the work, scoped into work items"`
		TargetMilestone      *intake.Milestone `json:"target_milestone,omitempty" doc:"Required for build_internal: the upcoming milestone (due in the future; in GitLab when configured)"`
		DocumentationUpdated bool              `json:"documentation_updated,omitempty" doc:"Required for a handover that takes the tool over: README and documentation updated for the new owner"`
		Product              string            `json:"product,omitempty" maxLength:"100" doc:"build_in_product: who agreed for Product"`
		Engineering          string            `json:"engineering,omitempty" maxLength:"100" doc:"build_in_product: who agreed for Engineering"`
	}
}) (*requestOut, error) {
	b := in.Body
	return s.requestOut(s.Intake.Decide(ctx, actorOf(ctx), in.ID, ifMatch(in.IfMatch), intake.DecisionInput{
		Decision: intake.Outcome(b.Decision), Basis: b.Basis, Conditions: b.Conditions, RevisitOn: b.RevisitOn,
		ImprovementItems: b.ImprovementItems, Impact: b.Impact, WorkItems: b.WorkItems, TargetMilestone: b.TargetMilestone,
		DocumentationUpdated: b.DocumentationUpdated, Product: b.Product, Engineering: b.Engineering}))
}

func (s *server) agreeToDecision(ctx context.Context, in *struct {
	RequestPath
	Body *struct {
		Party string `json:"party,omitempty" enum:"product,engineering," doc:"Record Product's or Engineering's agreement (engineer), naming who agreed"`
		Name  string `json:"name,omitempty" maxLength:"100" doc:"Who agreed for the party"`
	} `required:"false"`
}) (*requestOut, error) {
	if in.Body != nil && in.Body.Party != "" {
		return s.requestOut(s.Intake.AgreeAs(ctx, actorOf(ctx), in.ID, intake.Party(in.Body.Party), in.Body.Name))
	}
	return s.requestOut(s.Intake.Agree(ctx, actorOf(ctx), in.ID))
}

func (s *server) reassessRequest(ctx context.Context, in *struct {
	RequestPath
	Body struct {
		Reason        string `json:"reason" minLength:"1" maxLength:"20000" doc:"Why step 2 is redone"`
		RoadmapChange bool   `json:"roadmap_change,omitempty" doc:"The product roadmap changed: a waiting or deferred request comes back before its revisit date"`
	}
}) (*requestOut, error) {
	return s.requestOut(s.Intake.Reassess(ctx, actorOf(ctx), in.ID, ifMatch(in.IfMatch),
		intake.ReassessInput{Reason: in.Body.Reason, RoadmapChange: in.Body.RoadmapChange}))
}
