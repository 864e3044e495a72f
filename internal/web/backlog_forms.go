package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/core"
)

// backlogSettingsSubmit changes where the backlog lives and how its rules
// are tuned (manager); the form carries the settings' version.
func (ui *UI) backlogSettingsSubmit(w http.ResponseWriter, r *http.Request) {
	ui.backlogForm(w, r, func() (string, error) {
		f := r.PostFormValue
		in := backlog.Settings{Groups: lines(f("groups")), Projects: lines(f("projects")), BacklogProject: strings.TrimSpace(f("backlog_project")),
			ProductNamespaces: lines(f("product_namespaces")), TeamMembers: lines(f("team_members")), TeamHandle: strings.TrimSpace(f("team_handle")),
			ToolingParentEpic: strings.TrimSpace(f("tooling_parent_epic")), Schedule: backlog.Schedule{Enabled: checked(r, "schedule.enabled")}}
		var err error
		if in.CandidateDays, err = formWhole(r, "candidate_days"); err != nil {
			return "", err
		}
		if in.Schedule.EveryMinutes, err = formWhole(r, "schedule.every_minutes"); err != nil {
			return "", err
		}
		_, err = ui.svc.Backlog.SetSettings(r.Context(), actorOf(r), version(r), in)
		return "The backlog settings are saved.", formFields(err, "")
	})
}

// backlogTriage runs the triage policies over the findings. A dry run
// shows what they would do on the page and touches nothing; a real run
// carries the actions out and says how many.
func (ui *UI) backlogTriage(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		ui.fail(w, r, core.Errorf(core.Invalid, "the form could not be read"))
		return
	}
	dry := r.PostFormValue("dry_run") != "false"
	if dry {
		res, err := ui.svc.Backlog.Triage(r.Context(), actorOf(r), true)
		v, verr := ui.backlogView(r, r.PostForm)
		if verr != nil {
			ui.fail(w, r, verr)
			return
		}
		status := http.StatusOK
		if err != nil {
			status = ui.problem(err, &v)
		} else {
			d := v.Data.(backlogData)
			d.Triage = &res
			v.Data = d
		}
		ui.render(w, r, status, "backlog", v)
		return
	}
	ui.backlogForm(w, r, func() (string, error) {
		res, err := ui.svc.Backlog.Triage(r.Context(), actorOf(r), false)
		return fmt.Sprintf("Triage ran: %d actions over %d findings.", len(res.Actions), len(res.Findings)), err
	})
}

// backlogForm runs one form of the backlog page and redirects back (303),
// or shows the page again with the problem next to its field.
func (ui *UI) backlogForm(w http.ResponseWriter, r *http.Request, do func() (string, error)) {
	if err := r.ParseForm(); err != nil {
		ui.fail(w, r, core.Errorf(core.Invalid, "the form could not be read"))
		return
	}
	if ui.svc.Backlog == nil {
		ui.fail(w, r, core.Errorf(core.NotFound, "the backlog is not available"))
		return
	}
	msg, err := do()
	if err != nil {
		v, verr := ui.backlogView(r, r.PostForm)
		if verr != nil {
			ui.fail(w, r, err)
			return
		}
		ui.render(w, r, ui.problem(err, &v), "backlog", v)
		return
	}
	ui.notice(r, msg)
	seeOther(w, r, "/backlog")
}

// formWhole reads a whole number (0 when blank, so that the service's
// default applies), naming the field when it is not one.
func formWhole(r *http.Request, name string) (int, error) {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fieldInvalid(name, v, "must be a whole number")
	}
	return n, nil
}

// backlogRemove takes an item off the backlog with its reason (engineer);
// the service comments the reason with the mentions and applies the
// group labels.
func (ui *UI) backlogRemove(w http.ResponseWriter, r *http.Request) {
	ui.backlogForm(w, r, func() (string, error) {
		id, err := pathID(r, "id")
		if err != nil {
			return "", err
		}
		res, err := ui.svc.Backlog.Remove(r.Context(), actorOf(r), id, backlog.Removal{Reason: r.PostFormValue("remove.reason"),
			Mention: commaList(r.PostFormValue("remove.mention")), GroupLabels: commaList(r.PostFormValue("remove.group_labels")),
			SeekingCommunity: checked(r, "remove.seeking_community")})
		return "Removed from the backlog: " + res.Item.Title + ".", formFields(err, "remove.")
	})
}

// blankPolicyRows is how many blank rows the policies form offers.
const blankPolicyRows = 1

// backlogPolicies replaces the triage policies (manager): the form has a
// row per policy and a blank one; a row left without a name is dropped.
func (ui *UI) backlogPolicies(w http.ResponseWriter, r *http.Request) {
	ui.backlogForm(w, r, func() (string, error) {
		var ps backlog.Policies
		for i := 0; ; i++ {
			k := fmt.Sprintf("policies[%d]", i)
			if _, ok := r.PostForm[k+".name"]; !ok {
				break
			}
			p := backlog.Policy{Name: strings.TrimSpace(r.PostFormValue(k + ".name")), Rule: r.PostFormValue(k + ".rule"),
				Do: r.PostFormValue(k + ".do"), Label: strings.TrimSpace(r.PostFormValue(k + ".label")),
				Comment: strings.TrimSpace(r.PostFormValue(k + ".comment")), Enabled: checked(r, k+".enabled")}
			if p.Name == "" && p.Label == "" && p.Comment == "" {
				continue // a blank row
			}
			ps.Policies = append(ps.Policies, p)
		}
		if ps.Policies == nil {
			ps.Policies = []backlog.Policy{}
		}
		_, err := ui.svc.Backlog.SetPolicies(r.Context(), actorOf(r), version(r), ps)
		return "The triage policies are saved.", err
	})
}

// policyRows are the rows of the policies form: the stored policies and a
// blank one to add another.
func policyRows(ps backlog.Policies) []backlog.Policy {
	return append(append([]backlog.Policy{}, ps.Policies...), make([]backlog.Policy, blankPolicyRows)...)
}

// commaList splits a comma- or line-separated field into its entries.
func commaList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// blankGroupRows is how many blank rows the group managers form offers.
const blankGroupRows = 1

// backlogGroups replaces the mapping of group:: labels to their product
// and engineering managers (engineer); a row without a label is dropped.
// The form names the rows group_map[i], apart from the settings' groups.
func (ui *UI) backlogGroups(w http.ResponseWriter, r *http.Request) {
	ui.backlogForm(w, r, func() (string, error) {
		m := backlog.GroupMap{Groups: []backlog.GroupOwners{}}
		for i := 0; ; i++ {
			k := fmt.Sprintf("group_map[%d]", i)
			if _, ok := r.PostForm[k+".label"]; !ok {
				break
			}
			g := backlog.GroupOwners{Label: strings.TrimSpace(r.PostFormValue(k + ".label")),
				ProductManagers: commaList(r.PostFormValue(k + ".product_managers")), EngineeringManagers: commaList(r.PostFormValue(k + ".engineering_managers"))}
			if g.Label == "" && len(g.ProductManagers)+len(g.EngineeringManagers) == 0 {
				continue
			}
			m.Groups = append(m.Groups, g)
		}
		_, err := ui.svc.Backlog.SetGroups(r.Context(), actorOf(r), version(r), m)
		return "The group managers are saved.", renameFields(formFields(err, ""), "groups", "group_map")
	})
}

// groupRows are the rows of the group managers form and a blank one.
func groupRows(m backlog.GroupMap) []backlog.GroupOwners {
	return append(append([]backlog.GroupOwners{}, m.Groups...), make([]backlog.GroupOwners, blankGroupRows)...)
}

// backlogProcess switches the team's process profile (manager); items
// already recorded keep the scheme they were recorded under. A whole custom
// scheme is brought in by backlogScheme.
func (ui *UI) backlogProcess(w http.ResponseWriter, r *http.Request) {
	ui.backlogForm(w, r, func() (string, error) {
		p, err := ui.svc.Backlog.SetProcess(r.Context(), actorOf(r), version(r), backlog.ProcessChange{Profile: r.PostFormValue("profile")})
		return "The process profile is now " + p.Profile + ".", err
	})
}
