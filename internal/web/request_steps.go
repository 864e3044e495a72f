package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/intake"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// requestStep is one form on the request page: it calls the intake
// service with the form's fields and returns the notice shown on success.
type requestStep func(ui *UI, r *http.Request, actor core.Actor, id int64) (string, error)

// templateAnswers reads, from the posted form, the answers to the intake
// template of the request's kind (only the keys that were posted).
func templateAnswers(ui *UI, r *http.Request, a core.Actor, id int64) (map[string]string, error) {
	req, err := ui.svc.Intake.Get(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	answers := map[string]string{}
	for _, k := range intake.TemplateKeys[req.Kind] {
		if _, ok := r.PostForm[k]; ok {
			answers[k] = r.PostFormValue(k)
		}
	}
	return answers, nil
}

// requestSteps are the forms of the request page, by the last segment of
// the path they post to (the same names as the API's sub-resources).
var requestSteps = map[string]requestStep{
	"understanding": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		answers, err := templateAnswers(ui, r, a, id)
		if err != nil {
			return "", err
		}
		_, err = ui.svc.Intake.Understand(r.Context(), a, id, version(r), answers)
		return "Step 1, understanding the need, is complete.", err
	},
	"answers": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		answers, err := templateAnswers(ui, r, a, id)
		if err != nil {
			return "", err
		}
		_, err = ui.svc.Intake.Answer(r.Context(), a, id, version(r), answers)
		return "Answers saved.", err
	},
	"path-forward": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		f := r.PostFormValue
		_, err := ui.svc.Intake.ChoosePathForward(r.Context(), a, id, version(r), intake.PathForwardInput{
			Outcome: intake.Outcome(f("outcome")), Basis: f("basis"), Category: inventory.Category(f("path_forward")),
			CoCreateInputs: f("cocreate_inputs"), EpicURL: f("epic_url"), Milestone: f("milestone")})
		return "The path forward is recorded.", err
	},
	"plan": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		p := intake.Plan{Criticality: inventory.Criticality(r.PostFormValue("criticality"))}
		for i := 0; i < 3; i++ {
			d := intake.DesignDecision{Title: r.PostFormValue(fmt.Sprintf("design_decisions[%d].title", i)),
				Context:      r.PostFormValue(fmt.Sprintf("design_decisions[%d].context", i)),
				Decision:     r.PostFormValue(fmt.Sprintf("design_decisions[%d].decision", i)),
				Consequences: r.PostFormValue(fmt.Sprintf("design_decisions[%d].consequences", i))}
			if d != (intake.DesignDecision{}) {
				p.DesignDecisions = append(p.DesignDecisions, d)
			}
		}
		_, err := ui.svc.Intake.PlanInternal(r.Context(), a, id, version(r), p)
		return "The plan is recorded; its design decisions become the tool's ADRs.", err
	},
	"maintainability": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		_, err := ui.svc.Intake.AssessMaintainability(r.Context(), a, id, version(r),
			inventory.Criticality(r.PostFormValue("criticality")), r.PostForm["met"])
		return "The maintainability assessment is recorded.", err
	},
	"path-to-product": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		f := r.PostFormValue
		_, err := ui.svc.Intake.ChoosePathToProduct(r.Context(), a, id, version(r), inventory.Category(f("path_forward")),
			f("cocreate_inputs"), f("epic_url"), f("milestone"))
		return "The path to product is recorded.", err
	},
	"decision": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		f := r.PostFormValue
		in := intake.DecisionInput{
			Decision: intake.Outcome(f("decision")), Basis: f("basis"), Conditions: f("conditions"),
			RevisitOn: f("revisit_on"), ImprovementItems: lines(f("improvement_items")), Impact: f("impact"),
			WorkItems: lines(f("work_items")), DocumentationUpdated: f("documentation_updated") == "on",
			Product: f("product"), Engineering: f("engineering")}
		if t, due := f("target_milestone.title"), f("target_milestone.due_on"); t != "" || due != "" {
			in.TargetMilestone = &intake.Milestone{Title: t, DueOn: due}
		}
		req, err := ui.svc.Intake.Decide(r.Context(), a, id, version(r), in)
		if err == nil && req.State == intake.AwaitingAgreement {
			return "The decision is recorded; it waits for agreement.", nil
		}
		return "The decision is recorded and final.", err
	},
	"agree": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		req, err := ui.svc.Intake.Agree(r.Context(), a, id)
		if err == nil && req.State == intake.Decided {
			return "Your agreement is recorded; the decision is final.", nil
		}
		return "Your agreement is recorded.", err
	},
	"agree-as": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		req, err := ui.svc.Intake.AgreeAs(r.Context(), a, id, intake.Party(r.PostFormValue("party")), r.PostFormValue("name"))
		if err == nil && req.State == intake.Decided {
			return "The agreement is recorded; the decision is final.", nil
		}
		return "The agreement is recorded.", err
	},
	"reassess": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		_, err := ui.svc.Intake.Reassess(r.Context(), a, id, version(r), intake.ReassessInput{Reason: r.PostFormValue("reassess_reason"),
			RoadmapChange: r.PostFormValue("roadmap_change") == "on"})
		return "The request is back at step 2, path forward; what it replaced is kept in its history.", err
	},
	"comments": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		_, err := ui.svc.Intake.Comment(r.Context(), a, id, r.PostFormValue("body"))
		return "Comment added.", err
	},
	"withdraw": func(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
		_, err := ui.svc.Intake.Withdraw(r.Context(), a, id, version(r), r.PostFormValue("reason"))
		return "The request is withdrawn.", err
	},
}

// requestAction runs one form of the request page and redirects back to
// it (303); a refusal shows the page again with the problem next to the
// field it names.
func (ui *UI) requestAction(w http.ResponseWriter, r *http.Request) {
	step, ok := requestSteps[r.PathValue("action")]
	id, err := pathID(r, "id")
	if !ok || err != nil {
		ui.fail(w, r, core.Errorf(core.NotFound, "there is no such form"))
		return
	}
	if err := r.ParseForm(); err != nil {
		ui.fail(w, r, core.Errorf(core.Invalid, "the form could not be read"))
		return
	}
	msg, err := step(ui, r, actorOf(r), id)
	ui.afterForm(w, r, msg, err, "request", "/requests/"+strconv.FormatInt(id, 10),
		func(form url.Values) (view, error) { return ui.requestView(r, form) })
}
