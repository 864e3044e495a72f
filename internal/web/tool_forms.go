package web

import (
	"net/http"
	"strconv"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/sunset"
)

// toolStep is one form of the tool page: it calls a workflow service with
// the form's fields and returns the notice shown on success.
type toolStep func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error)

// checked reports whether a checkbox was ticked.
func checked(r *http.Request, name string) bool { return r.PostFormValue(name) == "on" }

// formInt reads a whole number, naming the field when it is not one.
func formInt(r *http.Request, name string) (int64, error) {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, &core.Error{Code: core.Invalid, Message: "the form is not valid",
			Fields: []core.FieldError{{Field: name, Message: "must be a whole number, 0 or more", Value: v}}}
	}
	return n, nil
}

// toolSteps are the forms of the tool page, by the last segment of the
// path they post to.
var toolSteps = map[string]toolStep{
	"issues": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		// an unticked box states nothing: an outage then blocks, as rule 5 says
		blocks := checked(r, "blocks_functionality")
		is := maintenance.Issue{Title: r.PostFormValue("title"), Kind: maintenance.IssueKind(r.PostFormValue("kind")),
			BlocksFunctionality: blocks, BlocksStated: blocks}
		_, err := ui.svc.Maintenance.OpenIssue(r.Context(), a, id, is)
		return "Issue opened.", err
	},
	"assessment": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		_, err := ui.svc.Inventory.Assess(r.Context(), a, id, version(r), r.PostForm["met"], r.PostFormValue("note"))
		return "Assessment recorded.", err
	},
	"update": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		t, err := ui.svc.Inventory.Tool(r.Context(), a, id)
		if err != nil {
			return "", err
		}
		p := inventory.Patch{Reason: r.PostFormValue("reason")}
		f := r.PostFormValue
		if c := inventory.Criticality(f("criticality")); c != t.Criticality {
			p.Criticality = &c
		}
		if c := inventory.Category(f("category")); c != t.Category {
			p.Category = &c
		}
		if s := inventory.Stage(f("stage")); s != t.Stage {
			p.Stage = &s
		}
		if e := strings.TrimSpace(f("epic_url")); e != t.EpicURL {
			p.EpicURL = &e
		}
		if m := strings.TrimSpace(f("milestone")); m != t.Milestone {
			p.Milestone = &m
		}
		_, err = ui.svc.Inventory.UpdateTool(r.Context(), a, id, version(r), p)
		return "The tool is updated.", err
	},
	"improvements": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		_, err := ui.svc.Inventory.AddImprovement(r.Context(), a, id, inventory.Improvement{Title: r.PostFormValue("improvement_title"),
			URL: strings.TrimSpace(r.PostFormValue("improvement_url"))})
		return "Improvement added to the plan.", err
	},
	"improvement-done": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		im, err := formInt(r, "improvement")
		if err != nil {
			return "", err
		}
		_, err = ui.svc.Inventory.CompleteImprovement(r.Context(), a, id, im)
		return "Improvement done.", err
	},
	"reviews": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		f := r.PostFormValue
		_, _, err := ui.svc.Maintenance.RecordReview(r.Context(), a, id, maintenance.Review{Outcome: maintenance.Outcome(f("outcome")),
			StakeholdersUseIt: checked(r, "stakeholders_use_it"), MovedToOther: checked(r, "moved_to_other"), MovedTo: f("moved_to"),
			NewCategory: inventory.Category(f("new_category")), NewCriticality: inventory.Criticality(f("new_criticality")), Notes: f("notes"),
			OwnerReverifiedBy: f("owner_reverified_by")})
		return "Review recorded.", err
	},
	"signal": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		sig, err := formInt(r, "signal")
		if err != nil {
			return "", err
		}
		f := r.PostFormValue
		_, err = ui.svc.Maintenance.ResolveSignal(r.Context(), a, id, sig, maintenance.Resolution{Category: inventory.Category(f("category")),
			Criticality: inventory.Criticality(f("criticality")), Dismiss: checked(r, "dismiss"), Reason: f("reason")})
		return "Signal resolved.", err
	},
	"scores": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		sc := maintenance.Scores{Values: map[maintenance.Criterion]int{}, Notes: map[maintenance.Criterion]string{}}
		for _, c := range maintenance.Criteria {
			if v, err := strconv.Atoi(r.PostFormValue("scores." + string(c))); err == nil {
				sc.Values[c] = v
			}
			if n := strings.TrimSpace(r.PostFormValue("notes." + string(c))); n != "" {
				sc.Notes[c] = n
			}
		}
		_, err := ui.svc.Maintenance.SetScores(r.Context(), a, id, sc)
		return "Scores recorded; the priorities are ranked again.", prefixFields(err, "scores.", "notes.")
	},
	"cocreate": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		_, err := ui.svc.CoCreate.Start(r.Context(), a, id, strings.TrimSpace(r.PostFormValue("integration_epic_url")))
		return "Co-create started.", err
	},
	"functionality": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		title, epic := r.PostFormValue("functionality_title"), strings.TrimSpace(r.PostFormValue("functionality_epic_url"))
		_, err := ui.svc.CoCreate.AddFunctionality(r.Context(), a, cocreate.Ref{Tool: id}, cocreate.FunctionalityInput{Title: &title, EpicURL: &epic})
		return "Functionality added.", err
	},
	"sunset-plan": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		p, _, err := ui.svc.Sunset.Plan(r.Context(), a, id)
		if err != nil {
			return "", err
		}
		f := r.PostFormValue
		sc := p.Migration.SuccessCriteria // the share and use thresholds are kept unless the form carries them
		sc.Description = strings.TrimSpace(f("migration.success_criteria.description"))
		if err := successThresholds(r, &sc); err != nil {
			return "", err
		}
		mig := sunset.Migration{Timeline: strings.TrimSpace(f("migration.timeline")),
			CommunicationPlan: strings.TrimSpace(f("migration.communication_plan")), SuccessCriteria: sc}
		rb := sunset.Rollback{Plan: strings.TrimSpace(f("rollback.plan"))}
		switch f("rollback.can_keep_running") {
		case "yes", "no":
			keep := f("rollback.can_keep_running") == "yes"
			rb.CanKeepRunning = &keep
		}
		_, err = ui.svc.Sunset.Update(r.Context(), a, id, version(r), sunset.Patch{Migration: &mig, Rollback: &rb})
		return "Migration and rollback plans saved.", err
	},
	"merge-request": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		u, title := strings.TrimSpace(r.PostFormValue("mr.url")), strings.TrimSpace(r.PostFormValue("mr.title"))
		in := cocreate.MergeRequestInput{URL: &u, Title: &title}
		if st := cocreate.MRState(r.PostFormValue("mr.state")); st != "" {
			in.State = &st
		}
		_, err := ui.svc.CoCreate.AddMergeRequest(r.Context(), a, cocreate.Ref{Tool: id}, in)
		return "Merge request added.", prefixFields(err, "mr.", "mr.")
	},
	"phase": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		_, err := ui.svc.CoCreate.AddPhase(r.Context(), a, cocreate.Ref{Tool: id}, r.PostFormValue("phase.title"),
			r.PostFormValue("phase.complete_when"))
		return "Roadmap phase added.", prefixFields(err, "phase.", "phase.")
	},
	"sunsetting-issue": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		_, err := ui.svc.CoCreate.AddSunsettingIssue(r.Context(), a, cocreate.Ref{Tool: id}, r.PostFormValue("sunsetting_issue.requirement"),
			strings.TrimSpace(r.PostFormValue("sunsetting_issue.url")))
		return "Sunsetting issue added.", prefixFields(err, "sunsetting_issue.", "sunsetting_issue.")
	},
	"sunset-parity":        sunsetParity,
	"sunset-rollback":      sunsetRollBack,
	"adr":                  adrCreate,
	"adr-update":           adrUpdate,
	"improvement-priority": improvementPriority,
	"gitlab-sync":          gitlabSync,
	"sunset-check": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		act := sunset.Activity(r.PostFormValue("activity"))
		_, err := ui.svc.Sunset.Update(r.Context(), a, id, version(r), sunset.Patch{Checks: map[sunset.Activity]sunset.CheckInput{
			act: {Done: true, Note: r.PostFormValue("check_note")}}})
		return "Checked: " + strings.ReplaceAll(string(act), "_", " ") + ".", err
	},
	"cocreate-advance": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		c, err := ui.svc.CoCreate.Advance(r.Context(), a, cocreate.Ref{Tool: id}, version(r))
		return "Co-create moved to " + strings.ReplaceAll(string(c.Loop), "_", " ") + ".", err
	},
	"sunset": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		_, err := ui.svc.Sunset.Open(r.Context(), a, id, sunset.Opening{Kind: sunset.Direct, Reason: r.PostFormValue("sunset_reason")})
		return "A direct sunset plan is open.", err
	},
	"adoption": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		in, err := formInt(r, "internal_uses")
		if err != nil {
			return "", err
		}
		pr, err := formInt(r, "product_uses")
		if err != nil {
			return "", err
		}
		_, err = ui.svc.Sunset.AddSample(r.Context(), a, id, sunset.SampleInput{InternalUses: in, ProductUses: pr})
		return "Adoption sample recorded.", err
	},
	"announce": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		_, err := ui.svc.Sunset.Announce(r.Context(), a, id, version(r), r.PostFormValue("decommission_on"))
		return "Decommissioning announced; stakeholders are told.", err
	},
	"decommission": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		// the service stamps the time and who; the form only confirms the steps
		_, err := ui.svc.Sunset.Decommission(r.Context(), a, id, version(r), sunset.Decommissioning{
			InfrastructureShutDown: checked(r, "infrastructure_shut_down"), RepositoriesArchived: checked(r, "repositories_archived"),
			DocumentationUpdated: checked(r, "documentation_updated")})
		return "The tool is decommissioned.", err
	},
	"sunset-close": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		_, err := ui.svc.Sunset.Close(r.Context(), a, id, version(r), r.PostFormValue("lessons_learned"))
		return "The sunset is closed; the tool is retired.", err
	},
	"transfer": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		_, _, err := ui.svc.Sunset.Transfer(r.Context(), a, id, sunset.TransferInput{NewOwnerTeam: r.PostFormValue("new_owner_team"),
			Note: r.PostFormValue("transfer_note"), DocumentationUpdated: checked(r, "transfer_documentation_updated")})
		return "The tool is transferred.", err
	},
}

// toolAction runs one form of the tool page.
func (ui *UI) toolAction(w http.ResponseWriter, r *http.Request) {
	step, ok := toolSteps[r.PathValue("action")]
	if !ok {
		ui.fail(w, r, core.Errorf(core.NotFound, "there is no such form"))
		return
	}
	ui.toolForm(w, r, func(id int64) (string, error) { return step(ui, r, actorOf(r), id) })
}
