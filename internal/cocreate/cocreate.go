package cocreate

import (
	"slices"
	"time"
)

// Loop is where a co-create stands.
type Loop string

// The loops: validation (loop 1), integration (loop 2), shipped.
const (
	Validation  Loop = "validation"
	Integration Loop = "integration"
	Shipped     Loop = "shipped"
)

// MetricLabel must be on every functionality epic of a tooling integration.
const MetricLabel = "ProdSecEngMetric::Tooling Integration"

// CoCreate is the record of one co-create. It is stored and shown as one
// document; its lists grow through their own operations.
type CoCreate struct {
	ID                 int64           `json:"id"`
	ToolID             *int64          `json:"tool_id"`
	RequestID          *int64          `json:"request_id"`
	Loop               Loop            `json:"loop" enum:"validation,integration,shipped"`
	IntegrationEpicURL string          `json:"integration_epic_url"`
	Functionalities    []Functionality `json:"functionalities"`
	Handover           Handover        `json:"handover"`
	Loop1              Loop1           `json:"loop1"`
	Loop2              Loop2           `json:"loop2"`
	Considerations     Considerations  `json:"considerations"`
	Roadmap            Roadmap         `json:"roadmap"`
	IntakeInputs       string          `json:"intake_inputs" doc:"The co-create inputs captured at intake, carried in when co-create started"`
	StartedBy          string          `json:"started_by"`
	StartedAt          time.Time       `json:"started_at"`
	ShippedAt          *time.Time      `json:"shipped_at"`
	Version            int             `json:"version"`
	UpdatedAt          time.Time       `json:"updated_at"`
}

// FunctionalityStatus is where a piece of functionality stands.
type FunctionalityStatus string

// The functionality statuses.
const (
	Planned    FunctionalityStatus = "planned"
	InProgress FunctionalityStatus = "in_progress"
	InProduct  FunctionalityStatus = "in_product"
	Dropped    FunctionalityStatus = "dropped"
)

var functionalityStatuses = []FunctionalityStatus{Planned, InProgress, InProduct, Dropped}

// Valid reports whether s is a known status.
func (s FunctionalityStatus) Valid() bool { return slices.Contains(functionalityStatuses, s) }

// Functionality is one discrete piece of functionality of the tool, with its
// epic under the tooling integration epic.
type Functionality struct {
	ID          int64               `json:"id"`
	Title       string              `json:"title"`
	Description string              `json:"description" doc:"What it does"`
	Status      FunctionalityStatus `json:"status" enum:"planned,in_progress,in_product,dropped"`
	EpicURL     string              `json:"epic_url"`
	Labels      []string            `json:"labels"`
}

// HasMetricLabel reports whether the epic carries the tooling integration label.
func (f Functionality) HasMetricLabel() bool { return slices.Contains(f.Labels, MetricLabel) }

// Handover is the tooling handover epic: the single source of truth for
// handing the functionality to the product group that will own it.
type Handover struct {
	EpicURL          string     `json:"epic_url"`
	ProductGroup     string     `json:"product_group"`
	ProductManager   string     `json:"product_manager"`
	EngineeringMgr   string     `json:"engineering_manager"`
	DefinitionOfDone string     `json:"definition_of_done"`
	FeatureFlag      string     `json:"feature_flag"`
	RolloutPlan      string     `json:"rollout_plan"`
	HandoverPoint    string     `json:"handover_point" doc:"The agreed point at which the group owns it"`
	Answers          []Answer   `json:"answers" doc:"The product group's answers to the seeds' questions"`
	CreatedAt        *time.Time `json:"created_at" doc:"When the handover epic was recorded"`
}

// Question is one of the questions the seeds ask a product group.
type Question string

// The questions of the tooling integration practice.
const (
	FitsGroup      Question = "fits_group"      // does the functionality align with work the group does?
	Concerns       Question = "concerns"        // product, engineering or maintenance concerns?
	SmoothHandover Question = "smooth_handover" // what would they like to see for a smooth handover?
	DefinitionDone Question = "definition_of_done"
)

var questions = []Question{FitsGroup, Concerns, SmoothHandover, DefinitionDone}

// Answer is what someone of the product group said, and when.
type Answer struct {
	Question   Question  `json:"question" enum:"fits_group,concerns,smooth_handover,definition_of_done"`
	Answer     string    `json:"answer"`
	SaidBy     string    `json:"said_by"`
	SaidAt     time.Time `json:"said_at"`
	RecordedBy string    `json:"recorded_by"`
}
