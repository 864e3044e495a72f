package backlog

import (
	"fmt"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Settings are where the backlog lives and how its rules are tuned.
type Settings struct {
	// Groups and Projects are the GitLab groups and projects whose labelled
	// issues, epics and merge requests the sync reads (full paths).
	Groups   []string `json:"groups"`
	Projects []string `json:"projects"`
	// BacklogProject is where a request accepted into the backlog is opened
	// as an issue when GitLab is configured.
	BacklogProject string `json:"backlog_project"`
	// ProductNamespaces hold product issues (take-on pings their groups);
	// issues elsewhere are internal (take-on checks the automation template).
	ProductNamespaces []string `json:"product_namespaces"`
	// TeamMembers are the team's GitLab usernames, for peer review.
	TeamMembers []string `json:"team_members"`
	// TeamHandle is how comments mention the team, e.g. @product-security-engineering.
	TeamHandle string `json:"team_handle"`
	// CandidateDays is how long a candidate may wait untriaged.
	CandidateDays int `json:"candidate_days"`
	// ToolingParentEpic is the Product Security Tooling Integration epic.
	ToolingParentEpic string `json:"tooling_parent_epic"`
	// Schedule runs the triage policies on their own; off by default.
	Schedule Schedule `json:"schedule"`
	Version  int      `json:"version"`
}

// Schedule says whether and how often triage runs on its own.
type Schedule struct {
	Enabled      bool `json:"enabled" required:"false"`
	EveryMinutes int  `json:"every_minutes" required:"false" doc:"Default 60"`
}

// DefaultSettings are the settings before anyone changes them.
func DefaultSettings() Settings {
	return Settings{Groups: []string{}, Projects: []string{}, ProductNamespaces: []string{"gitlab-org"}, TeamMembers: []string{},
		TeamHandle: "@product-security-engineering", CandidateDays: 14, Schedule: Schedule{EveryMinutes: 60}}
}

// withDefaults fills what was left out.
func (s Settings) withDefaults() Settings {
	d := DefaultSettings()
	if s.Groups == nil {
		s.Groups = d.Groups
	}
	if s.Projects == nil {
		s.Projects = d.Projects
	}
	if s.ProductNamespaces == nil {
		s.ProductNamespaces = d.ProductNamespaces
	}
	if s.TeamMembers == nil {
		s.TeamMembers = d.TeamMembers
	}
	if s.TeamHandle == "" {
		s.TeamHandle = d.TeamHandle
	}
	if s.CandidateDays == 0 {
		s.CandidateDays = d.CandidateDays
	}
	if s.Schedule.EveryMinutes == 0 {
		s.Schedule.EveryMinutes = d.Schedule.EveryMinutes
	}
	return s
}

// Validate names every bad field.
func (s Settings) Validate() error {
	var p core.Problems
	paths := func(field string, vs []string) {
		p.Require(len(vs) <= 200, field, "has more than 200 entries", len(vs))
		for i, v := range vs {
			f := fmt.Sprintf("%s[%d]", field, i)
			v = strings.TrimSpace(v)
			p.Require(v != "" && !strings.ContainsAny(v, " \t\n?#") && !strings.HasPrefix(v, "/") && !strings.HasSuffix(v, "/"),
				f, "must be a full path such as gitlab-org/security", v)
			p.MaxLen(f, v, 255)
		}
	}
	paths("groups", s.Groups)
	paths("projects", s.Projects)
	paths("product_namespaces", s.ProductNamespaces)
	for i, m := range s.TeamMembers {
		p.Require(validUsername(m), fmt.Sprintf("team_members[%d]", i), "must be a GitLab username", m)
	}
	p.Require(len(s.TeamMembers) <= 200, "team_members", "has more than 200 entries", len(s.TeamMembers))
	if s.BacklogProject != "" {
		paths("backlog_project", []string{s.BacklogProject})
	}
	p.Require(strings.HasPrefix(s.TeamHandle, "@") && validUsername(strings.TrimPrefix(s.TeamHandle, "@")), "team_handle",
		"must be @ and a username or group path", s.TeamHandle)
	p.Require(s.CandidateDays >= 1 && s.CandidateDays <= 365, "candidate_days", "must be 1 to 365", s.CandidateDays)
	p.MaxLen("tooling_parent_epic", s.ToolingParentEpic, 2000)
	p.Require(s.Schedule.EveryMinutes >= 5 && s.Schedule.EveryMinutes <= 7*24*60, "schedule.every_minutes", "must be 5 to 10080", s.Schedule.EveryMinutes)
	return p.Err("the backlog settings are not valid")
}

// validUsername accepts GitLab usernames and group paths.
func validUsername(u string) bool {
	if u == "" || len(u) > 255 {
		return false
	}
	for _, r := range u {
		if !(r == '-' || r == '_' || r == '.' || r == '/' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// GroupOwners are the product and engineering managers of one group:: label.
type GroupOwners struct {
	Label               string   `json:"label"`
	ProductManagers     []string `json:"product_managers" required:"false"`
	EngineeringManagers []string `json:"engineering_managers" required:"false"`
}

// GroupMap is the mapping of group:: labels to their managers.
type GroupMap struct {
	Groups  []GroupOwners `json:"groups"`
	Version int           `json:"version"`
}

// Validate names every bad field.
func (m GroupMap) Validate() error {
	var p core.Problems
	seen := map[string]bool{}
	p.Require(len(m.Groups) <= 1000, "groups", "has more than 1000 entries", len(m.Groups))
	for i, g := range m.Groups {
		f := fmt.Sprintf("groups[%d]", i)
		p.Require(strings.HasPrefix(strings.ToLower(g.Label), GroupPrefix) && len(g.Label) > len(GroupPrefix), f+".label",
			"must be a group:: label", g.Label)
		p.MaxLen(f+".label", g.Label, maxLabel)
		p.Require(!seen[strings.ToLower(g.Label)], f+".label", "appears twice", g.Label)
		seen[strings.ToLower(g.Label)] = true
		for j, u := range g.ProductManagers {
			p.Require(validUsername(strings.TrimPrefix(u, "@")), fmt.Sprintf("%s.product_managers[%d]", f, j), "must be a GitLab username", u)
		}
		for j, u := range g.EngineeringManagers {
			p.Require(validUsername(strings.TrimPrefix(u, "@")), fmt.Sprintf("%s.engineering_managers[%d]", f, j), "must be a GitLab username", u)
		}
	}
	return p.Err("the group mapping is not valid")
}

// Owners returns the managers of a group label, and whether it is mapped.
func (m GroupMap) Owners(label string) ([]string, bool) {
	for _, g := range m.Groups {
		if strings.EqualFold(g.Label, label) {
			var out []string
			for _, u := range append(append([]string{}, g.ProductManagers...), g.EngineeringManagers...) {
				u = strings.TrimPrefix(u, "@")
				if u != "" && !contains(out, u) {
					out = append(out, u)
				}
			}
			return out, len(out) > 0
		}
	}
	return nil, false
}

func contains(vs []string, v string) bool {
	for _, x := range vs {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}
