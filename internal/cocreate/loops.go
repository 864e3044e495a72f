package cocreate

import "time"

// Check is one activity of a checklist: done or not, by whom, when.
type Check struct {
	Done bool       `json:"done"`
	By   string     `json:"by,omitempty"`
	At   *time.Time `json:"at,omitempty"`
	Note string     `json:"note,omitempty"`
}

// Loop1 is product validation and proof of concept.
type Loop1 struct {
	PMValidated          Check  `json:"pm_validated" doc:"Product Management validated use cases and product fit"`
	EngineeringValidated Check  `json:"engineering_validated" doc:"Engineering validated the technical approach"`
	AlignedWithPlans     Check  `json:"aligned_with_plans" doc:"Aligned with existing plans for similar value"`
	ProofOfConcept       Check  `json:"proof_of_concept" doc:"Optional: a proof of concept or prototype"`
	ScopeRefined         Check  `json:"scope_refined" doc:"Scope refined from the feedback"`
	ValidatedProposalURL string `json:"validated_proposal_url" doc:"Output: the validated product proposal"`
	TechnicalDesignURL   string `json:"technical_design_url" doc:"Output: the technical design document"`
	// StakeholderAlignment is the output that says who aligned, and when.
	StakeholderAlignment Alignment `json:"stakeholder_alignment"`
}

// Alignment records who agreed on scope and timeline, and when.
type Alignment struct {
	Who []string   `json:"who"`
	At  *time.Time `json:"at"`
}

// MRState is the state of a merge request.
type MRState string

// The merge request states, as GitLab names them.
const (
	MROpened MRState = "opened"
	MRMerged MRState = "merged"
	MRClosed MRState = "closed"
)

// MergeRequest is a contribution to the product. When it is merged, the
// roadmap phase it completes is marked done and the sunsetting issues it
// fulfils are closed.
type MergeRequest struct {
	ID               int64      `json:"id"`
	URL              string     `json:"url"`
	Title            string     `json:"title"`
	State            MRState    `json:"state" enum:"opened,merged,closed"`
	FunctionalityID  *int64     `json:"functionality_id" doc:"The functionality it delivers"`
	CompletesPhaseID *int64     `json:"completes_phase_id" doc:"The roadmap phase that is complete once it is merged"`
	Fulfils          []int64    `json:"fulfils" doc:"Sunsetting issues whose requirement it fulfils"`
	MergedAt         *time.Time `json:"merged_at"`
}

// Loop2 is product integration.
type Loop2 struct {
	MergeRequests    []MergeRequest `json:"merge_requests"`
	TestsWritten     Check          `json:"tests_written"`
	DocsWritten      Check          `json:"docs_written"`
	Deployed         Check          `json:"deployed" doc:"Deployed to production"`
	FeatureShipped   Check          `json:"feature_shipped" doc:"Output: the feature shipped in the product"`
	DocumentationURL string         `json:"documentation_url" doc:"Output: the published documentation"`
	APIAvailable     Check          `json:"api_available" doc:"Output: the API or functionality is available to customers"`
}

// Parity is the feature parity target.
type Parity string

// The parity targets.
const (
	FullParity Parity = "full"
	GoodEnough Parity = "good_enough"
)

// Considerations are the key considerations of the seeds.
type Considerations struct {
	FeatureParity        Parity     `json:"feature_parity" enum:"full,good_enough,"`
	AcceptedGaps         []string   `json:"accepted_gaps" doc:"What good enough leaves out, accepted"`
	TargetDate           string     `json:"target_date" doc:"YYYY-MM-DD"`
	Timeline             string     `json:"timeline" doc:"How long integration takes, and whether the tool stays in maintenance meanwhile"`
	StakeholderAlignment string     `json:"stakeholder_alignment"`
	CustomerZero         []Feedback `json:"customer_zero" doc:"Internal users' early feedback"`
}

// Feedback is what an internal user (Customer Zero) said about the feature.
type Feedback struct {
	Who        string    `json:"who"`
	Feedback   string    `json:"feedback"`
	At         time.Time `json:"at"`
	RecordedBy string    `json:"recorded_by"`
}

// Roadmap is the sunset roadmap: phases, and issues tracking the
// requirements for deprecating the internal tool.
type Roadmap struct {
	Phases []Phase           `json:"phases"`
	Issues []SunsettingIssue `json:"sunsetting_issues"`
}

// Phase is one phase of the sunset roadmap.
type Phase struct {
	ID           int64      `json:"id"`
	Title        string     `json:"title"`
	CompleteWhen string     `json:"complete_when"`
	DoneAt       *time.Time `json:"done_at"`
}

// SunsettingIssue tracks one requirement for deprecating the internal tool.
type SunsettingIssue struct {
	ID          int64      `json:"id"`
	Requirement string     `json:"requirement"`
	URL         string     `json:"url"`
	State       string     `json:"state" enum:"open,closed"`
	ClosedAt    *time.Time `json:"closed_at"`
}
