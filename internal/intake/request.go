package intake

import (
	"slices"
	"time"

	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// Kind is what a request asks for.
type Kind string

// The request kinds.
const (
	NetNew   Kind = "net_new"
	Handover Kind = "handover"
	Other    Kind = "other"
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == NetNew || k == Handover || k == Other }

// State is where a request stands.
type State string

// The request states.
const (
	Open              State = "open"
	AwaitingAgreement State = "awaiting_agreement"
	Decided           State = "decided"
	Withdrawn         State = "withdrawn"
)

// Step is the step a request is at.
type Step string

// The steps of both paths.
const (
	Understanding   Step = "understanding"
	PathForwardStep Step = "path_forward"
	PlanStep        Step = "plan"
	Maintainability Step = "maintainability"
	PathToProduct   Step = "path_to_product"
	DecisionStep    Step = "decision"
	Done            Step = "done"
)

// Outcome is a net-new path forward (step 2) or a decision of any kind.
type Outcome string

// Net-new outcomes, handover decisions and other-request decisions.
const (
	BuildInProduct     Outcome = "build_in_product"
	BuildInternal      Outcome = "build_internal"
	WaitForProduct     Outcome = "wait_for_product"
	RedirectExisting   Outcome = "redirect_existing"
	DeferCapacity      Outcome = "defer_capacity"
	SelfServe          Outcome = "self_serve"
	Accept             Outcome = "accept"
	AcceptWithPlan     Outcome = "accept_with_improvement_plan"
	BestEffort         Outcome = "best_effort"
	ProposeAlternative Outcome = "propose_alternative"
	Reprioritise       Outcome = "reprioritise"
	AcceptIntoBacklog  Outcome = "accept_into_backlog"
	RedirectRequest    Outcome = "redirect"
	Decline            Outcome = "decline"
)

// Outcomes lists the decisions open to each kind.
var Outcomes = map[Kind][]Outcome{
	NetNew:   {BuildInProduct, BuildInternal, WaitForProduct, RedirectExisting, DeferCapacity, SelfServe},
	Handover: {Accept, AcceptWithPlan, BestEffort, ProposeAlternative, Reprioritise},
	Other:    {AcceptIntoBacklog, RedirectRequest, Decline},
}

// Party is someone whose agreement a decision needs.
type Party string

// The parties the seeds name.
const (
	RequestingTeam   Party = "requesting_team"
	TransferringTeam Party = "transferring_team"
	Leadership       Party = "leadership"
	// Product and Engineering agree to building directly into the product;
	// each agreement names the person who agreed for them.
	Product     Party = "product"
	Engineering Party = "engineering"
)

// Request is one intake request with everything its steps recorded.
type Request struct {
	ID              int64
	Kind            Kind
	Title           string
	RequestingTeam  string
	Requester       string
	Template        map[string]string
	Tool            ToolDetails
	State           State
	Step            Step
	PathForward     *PathForward
	Plan            *Plan
	Maintainability *Assessment
	PathToProduct   *PathToProductAnswer
	Decision        *Decision
	ToolID          *int64
	NeedsCoCreate   bool // decided build_in_product: co-create of a need, with no internal tool
	WithdrawReason  string
	Version         int
	CreatedAt       time.Time
	UpdatedAt       time.Time
	// History keeps what each re-assessment through step 2 replaced.
	History []Reassessment
}

// ToolDetails name the tool a request would add or hand over.
type ToolDetails struct {
	Name          string `json:"name,omitempty"`
	RepositoryURL string `json:"repository_url,omitempty"`
	GitLabProject string `json:"gitlab_project,omitempty"`
	EpicURL       string `json:"epic_url,omitempty"`
	Milestone     string `json:"milestone,omitempty"`
}

// PathForward is net-new step 2.
type PathForward struct {
	Outcome        Outcome            `json:"outcome"`
	Basis          string             `json:"basis"`
	Category       inventory.Category `json:"path_forward,omitempty"`
	CoCreateInputs string             `json:"cocreate_inputs,omitempty"`
	By             string             `json:"by"`
	At             time.Time          `json:"at"`
}

// DesignDecision is a decision of the plan, recorded as an ADR of the tool.
type DesignDecision struct {
	Title        string `json:"title"`
	Context      string `json:"context"`
	Decision     string `json:"decision"`
	Consequences string `json:"consequences,omitempty"`
}

// Plan is net-new step 3, only after build_internal.
type Plan struct {
	Criticality     inventory.Criticality `json:"criticality"`
	DesignDecisions []DesignDecision      `json:"design_decisions"`
	By              string                `json:"by"`
	At              time.Time             `json:"at"`
}

// Assessment is handover step 2: criticality and the tool's health as it is.
type Assessment struct {
	Criticality inventory.Criticality `json:"criticality"`
	Met         []string              `json:"met"`
	Health      inventory.Health      `json:"health"`
	MissingFor  inventory.Health      `json:"missing_for,omitempty"`
	Missing     []string              `json:"missing,omitempty"`
	MissingGood []string              `json:"missing_good,omitempty"` // Good criteria not met: the default improvement plan
	By          string                `json:"by"`
	At          time.Time             `json:"at"`
}

// PathToProductAnswer is handover step 3.
type PathToProductAnswer struct {
	Category       inventory.Category `json:"path_forward"`
	CoCreateInputs string             `json:"cocreate_inputs,omitempty"`
	By             string             `json:"by"`
	At             time.Time          `json:"at"`
}

// Decision is step 4: what was decided, on what basis, by whom, and who
// still has to agree.
type Decision struct {
	Decision         Outcome     `json:"decision"`
	Basis            string      `json:"basis"`
	Conditions       string      `json:"conditions,omitempty"`
	RevisitOn        string      `json:"revisit_on,omitempty"` // YYYY-MM-DD
	ImprovementItems []string    `json:"improvement_items,omitempty"`
	DecidedBy        string      `json:"decided_by"`
	DecidedAt        time.Time   `json:"decided_at"`
	RequiredParties  []Party     `json:"required_parties"`
	Agreements       []Agreement `json:"agreements"`
	// Impact is reprioritise's documented impact on other commitments.
	Impact string `json:"impact,omitempty"`
	// WorkItems and TargetMilestone are build_internal's planned work.
	WorkItems       []string   `json:"work_items,omitempty"`
	TargetMilestone *Milestone `json:"target_milestone,omitempty"`
	// DocumentationUpdated is the ticked checklist item of a handover
	// that changes the tool's owner: README and documentation updated.
	DocumentationUpdated bool `json:"documentation_updated,omitempty"`
}

// Milestone is the upcoming milestone work is planned for.
type Milestone struct {
	Title string `json:"title"`
	DueOn string `json:"due_on"` // YYYY-MM-DD, in the future when planned
}

// Reassessment is one time a request went back to step 2: why, by whom,
// and what it replaced.
type Reassessment struct {
	By            string       `json:"by"`
	At            time.Time    `json:"at"`
	Reason        string       `json:"reason"`
	RoadmapChange bool         `json:"roadmap_change,omitempty"`
	State         State        `json:"state"`
	PathForward   *PathForward `json:"path_forward,omitempty"`
	Plan          *Plan        `json:"plan,omitempty"`
	Decision      *Decision    `json:"decision,omitempty"`
}

// Agreement is one party's agreement to a decision.
type Agreement struct {
	Party Party     `json:"party"`
	By    string    `json:"by"`
	At    time.Time `json:"at"`
	Name  string    `json:"name,omitempty"` // who agreed for the party, when recorded on its behalf
}

// Pending lists the parties that have not agreed yet.
func (d Decision) Pending() []Party {
	var out []Party
	for _, p := range d.RequiredParties {
		if !slices.ContainsFunc(d.Agreements, func(a Agreement) bool { return a.Party == p }) {
			out = append(out, p)
		}
	}
	return out
}

// Comment is part of the discussion on a request.
type Comment struct {
	ID        int64
	RequestID int64
	Author    string
	Body      string
	At        time.Time
}
