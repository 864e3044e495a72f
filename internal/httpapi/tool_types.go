package httpapi

import (
	"time"

	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// ToolBody is a tool as the API shows it.
type ToolBody struct {
	ID               int64          `json:"id"`
	Name             string         `json:"name"`
	Summary          string         `json:"summary"`
	OwnerTeam        string         `json:"owner_team"`
	StakeholderTeams []string       `json:"stakeholder_teams"`
	RepositoryURL    string         `json:"repository_url"`
	GitLabProject    string         `json:"gitlab_project"`
	Criticality      string         `json:"criticality" enum:"@criticality"`
	Category         string         `json:"category" enum:"@category" doc:"Path-forward category"`
	Stage            string         `json:"stage" enum:"@stage"`
	EpicURL          string         `json:"epic_url"`
	Milestone        string         `json:"milestone"`
	Health           string         `json:"health" enum:"@health"`
	OpenImprovements int            `json:"open_improvements" doc:"Open items of the improvement plan; while any is open the commitment is one level lower"`
	Commitment       CommitmentBody `json:"commitment"`
	Version          int            `json:"version"`
	CreatedAt        time.Time      `json:"created_at"`
	UpdatedAt        time.Time      `json:"updated_at"`
}

// CommitmentBody is the SLO/RTO a tool gets, and why.
type CommitmentBody struct {
	Level       string      `json:"level" enum:"@criticality"`
	SLO         *TargetBody `json:"slo" doc:"Response time: triaged and assigned within it; null is best effort"`
	RTO         *TargetBody `json:"rto" doc:"Recovery time: working again within it; null is best effort"`
	RPOPromised bool        `json:"rpo_promised" doc:"Always false: no recovery point objective is promised"`
	Reasons     []string    `json:"reasons"`
}

// TargetBody is an amount of business time.
type TargetBody struct {
	Amount int    `json:"amount"`
	Unit   string `json:"unit" enum:"business_hours,business_days"`
}

func toolBody(t inventory.Tool) ToolBody {
	teams := t.StakeholderTeams
	if teams == nil {
		teams = []string{}
	}
	return ToolBody{
		ID: t.ID, Name: t.Name, Summary: t.Summary, OwnerTeam: t.OwnerTeam, StakeholderTeams: teams,
		RepositoryURL: t.RepositoryURL, GitLabProject: t.GitLabProject, Criticality: string(t.Criticality),
		Category: string(t.Category), Stage: string(t.Stage), EpicURL: t.EpicURL, Milestone: t.Milestone,
		Health: string(t.Health), OpenImprovements: t.OpenImprovements, Commitment: commitmentBody(t.Commitment()),
		Version: t.Version, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt,
	}
}

func commitmentBody(c inventory.Commitment) CommitmentBody {
	return CommitmentBody{Level: string(c.Level), SLO: targetBody(c.SLO), RTO: targetBody(c.RTO), Reasons: c.Reasons}
}

func targetBody(t *inventory.Target) *TargetBody {
	if t == nil {
		return nil
	}
	return &TargetBody{Amount: t.Amount, Unit: string(t.Unit)}
}

// ToolCreate is the body that adds a tool.
type ToolCreate struct {
	Name             string   `json:"name" minLength:"1" maxLength:"100" doc:"Unique, regardless of case"`
	Summary          string   `json:"summary,omitempty" maxLength:"2000"`
	OwnerTeam        string   `json:"owner_team" minLength:"1" maxLength:"100"`
	StakeholderTeams []string `json:"stakeholder_teams,omitempty" maxItems:"50"`
	RepositoryURL    string   `json:"repository_url,omitempty" maxLength:"2048"`
	GitLabProject    string   `json:"gitlab_project,omitempty" maxLength:"255" doc:"GitLab project path, group/project"`
	Criticality      string   `json:"criticality" enum:"@criticality"`
	Category         string   `json:"category" enum:"@category" doc:"Path-forward category; integrate needs epic_url and milestone"`
	Stage            string   `json:"stage,omitempty" enum:"@editable_stage" doc:"Defaults to operational; later stages follow from co-create, sunset and transfer"`
	EpicURL          string   `json:"epic_url,omitempty" maxLength:"2048"`
	Milestone        string   `json:"milestone,omitempty" maxLength:"100"`
}

func (c ToolCreate) tool() inventory.Tool {
	return inventory.Tool{
		Name: c.Name, Summary: c.Summary, OwnerTeam: c.OwnerTeam, StakeholderTeams: c.StakeholderTeams,
		RepositoryURL: c.RepositoryURL, GitLabProject: c.GitLabProject,
		Criticality: inventory.Criticality(c.Criticality), Category: inventory.Category(c.Category),
		Stage: inventory.Stage(c.Stage), EpicURL: c.EpicURL, Milestone: c.Milestone,
	}
}

// ToolPatch is a partial update of a tool: absent fields stay as they are.
type ToolPatch struct {
	Name             *string   `json:"name,omitempty" minLength:"1" maxLength:"100"`
	Summary          *string   `json:"summary,omitempty" maxLength:"2000"`
	OwnerTeam        *string   `json:"owner_team,omitempty" minLength:"1" maxLength:"100"`
	StakeholderTeams *[]string `json:"stakeholder_teams,omitempty" maxItems:"50"`
	RepositoryURL    *string   `json:"repository_url,omitempty" maxLength:"2048"`
	GitLabProject    *string   `json:"gitlab_project,omitempty" maxLength:"255"`
	Criticality      *string   `json:"criticality,omitempty" enum:"@criticality"`
	Category         *string   `json:"category,omitempty" enum:"@category"`
	Stage            *string   `json:"stage,omitempty" enum:"@stage"`
	EpicURL          *string   `json:"epic_url,omitempty" maxLength:"2048"`
	Milestone        *string   `json:"milestone,omitempty" maxLength:"100"`
	Reason           *string   `json:"reason,omitempty" maxLength:"5000" doc:"Why criticality or category changes: required for those, which only a manager may change"`
}

func (p ToolPatch) patch() inventory.Patch {
	reason := ""
	if p.Reason != nil {
		reason = *p.Reason
	}
	return inventory.Patch{Reason: reason,
		Name: p.Name, Summary: p.Summary, OwnerTeam: p.OwnerTeam, StakeholderTeams: p.StakeholderTeams,
		RepositoryURL: p.RepositoryURL, GitLabProject: p.GitLabProject,
		Criticality: enumPtr[inventory.Criticality](p.Criticality), Category: enumPtr[inventory.Category](p.Category),
		Stage: enumPtr[inventory.Stage](p.Stage), EpicURL: p.EpicURL, Milestone: p.Milestone,
	}
}

func enumPtr[T ~string](s *string) *T {
	if s == nil {
		return nil
	}
	v := T(*s)
	return &v
}
