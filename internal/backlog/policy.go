package backlog

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// The things a policy can do.
const (
	DoAddLabel      = "add_label"
	DoComment       = "comment"
	DoNotifyManager = "notify_manager"
	DoNotifyTeam    = "notify_team"
)

// Policy reacts to the findings of one rule with one action.
type Policy struct {
	Name    string `json:"name"`
	Rule    string `json:"rule" doc:"The finding rule it reacts to"`
	Do      string `json:"do" enum:"add_label,comment,notify_manager,notify_team"`
	Label   string `json:"label,omitempty" doc:"add_label: the label; empty means the scheme's pending metric label"`
	Comment string `json:"comment,omitempty" doc:"comment: the text; once per item"`
	Enabled bool   `json:"enabled"`
}

// Policies is the stored list of policies.
type Policies struct {
	Policies []Policy `json:"policies"`
	Version  int      `json:"version"`
}

// DefaultPolicies are the seed page's policies.
func DefaultPolicies() Policies {
	return Policies{Policies: []Policy{
		{Name: "metric-label-pending", Rule: RuleMissingMetricLabel, Do: DoAddLabel, Enabled: true},
		{Name: "break-it-down", Rule: RuleWeightAboveMax, Do: DoComment, Enabled: true,
			Comment: "This issue weighs more than our break-down point. Could it be broken down into smaller issues, or an epic?"},
		{Name: "appsec-in-flight", Rule: RuleNoAppSecInFlight, Do: DoNotifyManager, Enabled: true},
		{Name: "candidate-waiting", Rule: RuleCandidateUntriaged, Do: DoNotifyTeam, Enabled: true},
	}}
}

// Validate names every bad field.
func (ps Policies) Validate() error {
	var p core.Problems
	seen := map[string]bool{}
	p.Require(len(ps.Policies) <= 100, "policies", "has more than 100 entries", len(ps.Policies))
	for i, x := range ps.Policies {
		f := fmt.Sprintf("policies[%d]", i)
		p.Require(strings.TrimSpace(x.Name) != "", f+".name", "is required", nil)
		p.MaxLen(f+".name", x.Name, 100)
		p.Require(!seen[x.Name], f+".name", "appears twice", x.Name)
		seen[x.Name] = true
		p.Require(slices.Contains(Rules, x.Rule), f+".rule", "must be one of "+strings.Join(Rules, ", "), x.Rule)
		p.Require(slices.Contains([]string{DoAddLabel, DoComment, DoNotifyManager, DoNotifyTeam}, x.Do), f+".do",
			"must be add_label, comment, notify_manager or notify_team", x.Do)
		p.Require(x.Do != DoComment || strings.TrimSpace(x.Comment) != "", f+".comment", "is required to comment", nil)
		p.Require(x.Do != DoAddLabel || x.Rule != RuleNoAppSecInFlight, f+".do", "a team-level finding has no item to label", x.Do)
		p.Require(x.Do != DoComment || x.Rule != RuleNoAppSecInFlight, f+".do", "a team-level finding has no item to comment on", x.Do)
		p.MaxLen(f+".label", x.Label, maxLabel)
		p.MaxLen(f+".comment", x.Comment, 10000)
	}
	return p.Err("the policies are not valid")
}

// Plan turns findings into the actions the enabled policies ask for.
// done holds the Once keys already carried out, which are not repeated.
// Team-level notifications repeat at most once a day.
func Plan(ps Policies, active Scheme, schemes func(Item) Scheme, items map[int64]Item, findings []Finding,
	done map[string]bool, now time.Time) []Action {
	var out []Action
	for _, f := range findings {
		for _, p := range ps.Policies {
			if !p.Enabled || p.Rule != f.Rule {
				continue
			}
			it, isItem := items[f.ItemID]
			a := Action{Policy: p.Name, ItemID: f.ItemID, ItemURL: f.ItemURL}
			switch p.Do {
			case DoAddLabel:
				if !isItem {
					continue
				}
				label := p.Label
				if label == "" {
					label = schemes(it).PendingMetricLabel
				}
				if hasLabel(it.Labels, label) {
					continue
				}
				a.Kind, a.Add = ActionLabels, []string{label}
			case DoComment:
				if !isItem {
					continue
				}
				a.Kind, a.Body, a.Once = ActionComment, p.Comment, fmt.Sprintf("%s:item:%d", p.Name, it.ID)
			case DoNotifyManager, DoNotifyTeam:
				a.Kind, a.Body = ActionNotify, f.Message
				if p.Do == DoNotifyManager {
					a.Recipients = []core.Recipient{{Kind: "role", Name: string(core.RoleManager), Reason: "DRI of the team's priorities"}}
				} else {
					a.Recipients = []core.Recipient{{Kind: "team", Name: TeamName, Reason: "refines the backlog"}}
				}
				if isItem {
					a.Once = fmt.Sprintf("%s:item:%d", p.Name, it.ID)
					a.Body = fmt.Sprintf("%s: %s", it.URL, f.Message)
				} else {
					a.Once = fmt.Sprintf("%s:team:%s", p.Name, now.Format(time.DateOnly))
				}
			}
			if a.Once != "" && done[a.Once] {
				continue
			}
			out = append(out, a)
		}
	}
	return out
}

// TeamName is the team told of backlog findings (the intake's owner team).
const TeamName = "prodsec-eng"
