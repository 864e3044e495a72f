package inventory

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Tool is one entry of the tooling inventory.
type Tool struct {
	ID               int64
	Name             string
	Summary          string
	OwnerTeam        string
	StakeholderTeams []string
	RepositoryURL    string
	GitLabProject    string
	Criticality      Criticality
	Category         Category
	Stage            Stage
	EpicURL          string
	Milestone        string
	Health           Health
	// OpenImprovements counts the open items of the tool's improvement plan.
	OpenImprovements int
	Version          int
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// Commitment returns the tool's current commitment.
func (t Tool) Commitment() Commitment {
	return CommitmentFor(CommitmentInput{
		Criticality: t.Criticality, Category: t.Category, Health: t.Health,
		Stage: t.Stage, OpenImprovements: t.OpenImprovements,
	})
}

// Field limits, shared with the API's schema.
const (
	MaxName       = 100
	MaxSummary    = 2000
	MaxTeam       = 100
	MaxTeams      = 50
	MaxURL        = 2048
	MaxProject    = 255
	MaxMilestone  = 100
	MaxFreeText   = 20000
	MaxTitle      = 200
	MaxSearchText = 200
)

var allDigits = regexp.MustCompile(`^[0-9]+$`)

// Validate checks every field of the tool and names each bad one. It holds
// rule 4: integrate requires an epic link and a milestone.
func (t *Tool) Validate() error {
	var p core.Problems
	t.normalize()
	p.Require(t.Name != "", "name", "is required", nil)
	p.Require(!allDigits.MatchString(t.Name), "name", "must not be only digits (it would read as an id)", t.Name)
	p.MaxLen("name", t.Name, MaxName)
	p.Line("name", t.Name)
	p.MaxLen("summary", t.Summary, MaxSummary)
	p.Require(t.OwnerTeam != "", "owner_team", "is required", nil)
	p.MaxLen("owner_team", t.OwnerTeam, MaxTeam)
	p.Require(len(t.StakeholderTeams) <= MaxTeams, "stakeholder_teams", "has too many teams", len(t.StakeholderTeams))
	seen := map[string]bool{}
	for i, s := range t.StakeholderTeams {
		f := fieldIndex("stakeholder_teams", i)
		p.Require(s != "", f, "must not be empty", s)
		p.MaxLen(f, s, MaxTeam)
		p.Require(!seen[strings.ToLower(s)], f, "is listed twice", s)
		seen[strings.ToLower(s)] = true
	}
	checkURL(&p, "repository_url", t.RepositoryURL)
	checkURL(&p, "epic_url", t.EpicURL)
	p.MaxLen("gitlab_project", t.GitLabProject, MaxProject)
	p.Require(t.GitLabProject == "" || validProjectPath(t.GitLabProject), "gitlab_project",
		"must be a GitLab project path such as group/subgroup/project, or the project's numeric id", t.GitLabProject)
	p.MaxLen("milestone", t.Milestone, MaxMilestone)
	p.Require(t.Criticality.Valid(), "criticality", "must be "+core.OneOf(Criticalities), t.Criticality)
	p.Require(t.Category.Valid(), "category", "must be "+core.OneOf(Categories), t.Category)
	p.Require(t.Stage.Valid(), "stage", "must be "+core.OneOf(Stages), t.Stage)
	p.Require(t.Health.Valid(), "health", "must be "+core.OneOf(Healths), t.Health)
	if t.Category == Integrate {
		p.Require(t.EpicURL != "", "epic_url", "is required when the category is integrate (an epic must exist)", nil)
		p.Require(t.Milestone != "", "milestone", "is required when the category is integrate (an upcoming milestone must be applied)", nil)
	}
	return p.Err("the tool is not valid")
}

func (t *Tool) normalize() {
	t.Name = strings.TrimSpace(t.Name)
	t.OwnerTeam = strings.TrimSpace(t.OwnerTeam)
	t.RepositoryURL = strings.TrimSpace(t.RepositoryURL)
	t.EpicURL = strings.TrimSpace(t.EpicURL)
	t.Milestone = strings.TrimSpace(t.Milestone)
	t.GitLabProject = strings.Trim(strings.TrimSpace(t.GitLabProject), "/")
	for i := range t.StakeholderTeams {
		t.StakeholderTeams[i] = strings.TrimSpace(t.StakeholderTeams[i])
	}
}

var projectPath = regexp.MustCompile(`^[A-Za-z0-9_.][A-Za-z0-9_.-]*(/[A-Za-z0-9_.][A-Za-z0-9_.-]*)+$`)

// validProjectPath accepts a project's path_with_namespace or its numeric id,
// the two ways GitLab names a project in its webhooks and API.
func validProjectPath(s string) bool {
	return projectPath.MatchString(s) || allDigits.MatchString(s) && len(s) <= 20 && s[0] != '0'
}

func checkURL(p *core.Problems, field, s string) {
	if s == "" {
		return
	}
	p.MaxLen(field, s, MaxURL)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		p.Add(field, "must be an absolute http(s) URL", s)
	}
}

func fieldIndex(name string, i int) string {
	return name + "[" + strconv.Itoa(i) + "]"
}
