package sunset

import (
	"slices"
	"time"
)

// Kind is why a tool is being sunset.
type Kind string

// The kinds of sunset.
const (
	PostCoCreate Kind = "post_cocreate"
	Direct       Kind = "direct"
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == PostCoCreate || k == Direct }

// State is where a sunset plan stands.
type State string

// The plan states: open, decommissioned (the tool is retired; lessons
// learned still to write), closed, or transferred (another team took the
// tool over instead).
const (
	Open           State = "open"
	Decommissioned State = "decommissioned"
	Closed         State = "closed"
	Transferred    State = "transferred"
	// RolledBack: the sunset was called off; the tool is kept in another category.
	RolledBack State = "rolled_back"
)

// Activity is one step of a plan's checklist.
type Activity string

// The activities, by kind.
const (
	PlanMigration       Activity = "plan_migration"
	MigrateUsers        Activity = "migrate_users"
	ValidateParity      Activity = "validate_parity"
	MonitorAdoption     Activity = "monitor_adoption"
	ValidateDecision    Activity = "validate_decision"
	NameAlternatives    Activity = "identify_alternatives"
	CommunicateTimeline Activity = "communicate_timeline"
	Decommission        Activity = "decommission"
)

// Activities lists a kind's checklist, in the seeds' order.
func Activities(k Kind) []Activity {
	if k == PostCoCreate {
		return []Activity{PlanMigration, MigrateUsers, ValidateParity, MonitorAdoption, CommunicateTimeline, Decommission}
	}
	return []Activity{ValidateDecision, NameAlternatives, CommunicateTimeline, Decommission}
}

// Plan is a tool's transition & sunset plan.
type Plan struct {
	ID                int64              `json:"id"`
	ToolID            int64              `json:"tool_id"`
	CoCreateID        *int64             `json:"cocreate_id"`
	Kind              Kind               `json:"kind" enum:"post_cocreate,direct"`
	State             State              `json:"state" enum:"open,decommissioned,closed,transferred,rolled_back"`
	Reason            string             `json:"reason" doc:"Why the tool is sunset (direct: superseded, need changed, unused)"`
	Checklist         map[Activity]Check `json:"checklist"`
	Migration         Migration          `json:"migration"`
	ParityGaps        []Gap              `json:"parity_gaps" doc:"Gaps of the product feature and how each is addressed"`
	Alternatives      []string           `json:"alternatives" doc:"What users should use instead"`
	StakeholdersAgree []string           `json:"stakeholders_agree" doc:"Who confirmed the tool is no longer needed"`
	Rollback          Rollback           `json:"rollback"`
	Notice            Notice             `json:"notice"`
	Decommissioning   Decommissioning    `json:"decommissioning"`
	LessonsLearned    string             `json:"lessons_learned"`
	OpenedBy          string             `json:"opened_by"`
	OpenedAt          time.Time          `json:"opened_at"`
	ClosedAt          *time.Time         `json:"closed_at"`
	Version           int                `json:"version"`
	UpdatedAt         time.Time          `json:"updated_at"`
}

// Check is one activity done or not, by whom, when.
type Check struct {
	Done bool       `json:"done"`
	By   string     `json:"by,omitempty"`
	At   *time.Time `json:"at,omitempty"`
	Note string     `json:"note,omitempty"`
}

// Migration is the plan for moving internal users to the product feature.
type Migration struct {
	Timeline          string          `json:"timeline"`
	CommunicationPlan string          `json:"communication_plan"`
	SuccessCriteria   SuccessCriteria `json:"success_criteria"`
}

// SuccessCriteria say when migration is done, from adoption samples.
type SuccessCriteria struct {
	Description     string   `json:"description"`
	MinProductShare *float64 `json:"min_product_share" doc:"Migration is done when the product feature's share of usage reaches this (0-1)"`
	MaxInternalUses *int64   `json:"max_internal_uses" doc:"... and the internal tool's usage is at most this"`
}

// Gap is a way the product feature falls short of the internal tool.
type Gap struct {
	Gap       string `json:"gap"`
	Addressed string `json:"addressed" doc:"How it is addressed, or why it is accepted"`
}

// Rollback is whether the internal tool can be kept running if the product
// feature has critical issues. It is required before decommissioning.
type Rollback struct {
	CanKeepRunning *bool  `json:"can_keep_running"`
	Plan           string `json:"plan"`
}

// Notice is the announced decommission date.
type Notice struct {
	AnnouncedAt      *time.Time `json:"announced_at"`
	AnnouncedBy      string     `json:"announced_by"`
	DecommissionOn   string     `json:"decommission_on" doc:"YYYY-MM-DD"`
	ReminderSentAt   *time.Time `json:"reminder_sent_at"`
	NoticePeriodDays int        `json:"notice_period_days"`
	ReminderDays     int        `json:"reminder_days_before"`
}

// Decommissioning is what shutting the tool down took.
type Decommissioning struct {
	InfrastructureShutDown bool       `json:"infrastructure_shut_down"`
	RepositoriesArchived   bool       `json:"repositories_archived"`
	DocumentationUpdated   bool       `json:"documentation_updated"`
	At                     *time.Time `json:"at"`
	By                     string     `json:"by"`
}

// Sample is one measurement of usage: the internal tool against the product feature.
type Sample struct {
	ID           int64     `json:"id"`
	At           time.Time `json:"at"`
	InternalUses int64     `json:"internal_uses"`
	ProductUses  int64     `json:"product_uses"`
	ProductShare float64   `json:"product_share"`
	RecordedBy   string    `json:"recorded_by"`
}

// has reports whether a kind's checklist holds the activity.
func has(k Kind, a Activity) bool { return slices.Contains(Activities(k), a) }
