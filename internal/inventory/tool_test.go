package inventory_test

import (
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/inventory"
)

func validTool() inventory.Tool {
	return inventory.Tool{Name: "VulnMapper", OwnerTeam: "appsec", Criticality: inventory.High, Category: inventory.Maintain, Stage: inventory.Operational, Health: inventory.Unassessed}
}

func TestToolValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*inventory.Tool)
		field  string // "" means valid
	}{
		{"valid", func(*inventory.Tool) {}, ""},
		{"name required", func(t *inventory.Tool) { t.Name = "  " }, "name"},
		{"name only digits", func(t *inventory.Tool) { t.Name = "42" }, "name"},
		{"name too long", func(t *inventory.Tool) { t.Name = strings.Repeat("x", inventory.MaxName+1) }, "name"},
		{"owner required", func(t *inventory.Tool) { t.OwnerTeam = "" }, "owner_team"},
		{"stakeholder empty", func(t *inventory.Tool) { t.StakeholderTeams = []string{"sirt", " "} }, "stakeholder_teams[1]"},
		{"stakeholder twice", func(t *inventory.Tool) { t.StakeholderTeams = []string{"SIRT", "sirt"} }, "stakeholder_teams[1]"},
		{"repository not a URL", func(t *inventory.Tool) { t.RepositoryURL = "gitlab.com/x" }, "repository_url"},
		{"project path", func(t *inventory.Tool) { t.GitLabProject = "just-a-name" }, "gitlab_project"},
		{"project path nested is fine", func(t *inventory.Tool) { t.GitLabProject = "/gitlab-com/gl-security/vulnmapper/" }, ""},
		{"project by numeric id", func(t *inventory.Tool) { t.GitLabProject = "4861503" }, ""},
		{"project id not a number", func(t *inventory.Tool) { t.GitLabProject = "0123" }, "gitlab_project"},
		{"unknown criticality", func(t *inventory.Tool) { t.Criticality = "huge" }, "criticality"},
		{"unknown category", func(t *inventory.Tool) { t.Category = "keep" }, "category"},
		{"rule 4 integrate needs an epic", func(t *inventory.Tool) { t.Category = inventory.Integrate; t.Milestone = "18.7" }, "epic_url"},
		{"rule 4 integrate needs a milestone", func(t *inventory.Tool) {
			t.Category = inventory.Integrate
			t.EpicURL = "https://gitlab.com/groups/g/-/epics/1"
		}, "milestone"},
		{"rule 4 integrate with both", func(t *inventory.Tool) {
			t.Category, t.EpicURL, t.Milestone = inventory.Integrate, "https://gitlab.com/groups/g/-/epics/1", "18.7"
		}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tool := validTool()
			tc.mutate(&tool)
			err := tool.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			assertField(t, err, tc.field)
		})
	}
}

func TestToolValidateNamesEveryBadField(t *testing.T) {
	tool := inventory.Tool{Category: inventory.Integrate}
	err := tool.Validate()
	for _, f := range []string{"name", "owner_team", "criticality", "stage", "health", "epic_url", "milestone"} {
		assertField(t, err, f)
	}
}
