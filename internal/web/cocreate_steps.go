package web

import (
	"net/http"
	"strconv"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
)

// cocreateStep is one form of the co-create page: it calls the co-create
// service with the form's fields and returns the notice shown on success.
type cocreateStep func(ui *UI, r *http.Request, a core.Actor, ref cocreate.Ref) (string, error)

// cocreateSteps are the forms of the co-create page, by the last segment
// of the path they post to.
var cocreateSteps = map[string]cocreateStep{
	"start": func(ui *UI, r *http.Request, a core.Actor, ref cocreate.Ref) (string, error) {
		epic := strings.TrimSpace(r.PostFormValue("integration_epic_url"))
		var err error
		if ref.Request != 0 {
			_, err = ui.svc.CoCreate.StartForRequest(r.Context(), a, ref.Request, epic)
		} else {
			_, err = ui.svc.CoCreate.Start(r.Context(), a, ref.Tool, epic)
		}
		return "Co-create started.", err
	},
	"epic": func(ui *UI, r *http.Request, a core.Actor, ref cocreate.Ref) (string, error) {
		epic := r.PostFormValue("integration_epic_url")
		_, err := ui.svc.CoCreate.Update(r.Context(), a, ref, version(r), cocreate.Patch{IntegrationEpicURL: &epic})
		return "The integration epic is saved.", err
	},
	"loop1": func(ui *UI, r *http.Request, a core.Actor, ref cocreate.Ref) (string, error) {
		c, err := ui.svc.CoCreate.Of(r.Context(), a, ref)
		if err != nil {
			return "", err
		}
		l := c.Loop1
		p := cocreate.Loop1Patch{PMValidated: checkChange(r, "loop1.pm_validated", l.PMValidated),
			EngineeringValidated: checkChange(r, "loop1.engineering_validated", l.EngineeringValidated),
			AlignedWithPlans:     checkChange(r, "loop1.aligned_with_plans", l.AlignedWithPlans),
			ProofOfConcept:       checkChange(r, "loop1.proof_of_concept", l.ProofOfConcept),
			ScopeRefined:         checkChange(r, "loop1.scope_refined", l.ScopeRefined),
			ValidatedProposalURL: formText(r, "loop1.validated_proposal_url"), TechnicalDesignURL: formText(r, "loop1.technical_design_url")}
		// alignment is stamped with the time: only a change of who re-records it
		if who := lines(r.PostFormValue("loop1.stakeholder_alignment")); strings.Join(who, "\n") != strings.Join(l.StakeholderAlignment.Who, "\n") {
			if who == nil {
				who = []string{}
			}
			p.StakeholderAlignment = &who
		}
		_, err = ui.svc.CoCreate.Update(r.Context(), a, ref, version(r), cocreate.Patch{Loop1: &p})
		return "Loop 1 (validation) is saved.", err
	},
	"loop2": func(ui *UI, r *http.Request, a core.Actor, ref cocreate.Ref) (string, error) {
		c, err := ui.svc.CoCreate.Of(r.Context(), a, ref)
		if err != nil {
			return "", err
		}
		l := c.Loop2
		p := cocreate.Loop2Patch{TestsWritten: checkChange(r, "loop2.tests_written", l.TestsWritten),
			DocsWritten:      checkChange(r, "loop2.docs_written", l.DocsWritten),
			Deployed:         checkChange(r, "loop2.deployed", l.Deployed),
			FeatureShipped:   checkChange(r, "loop2.feature_shipped", l.FeatureShipped),
			APIAvailable:     checkChange(r, "loop2.api_available", l.APIAvailable),
			DocumentationURL: formText(r, "loop2.documentation_url")}
		_, err = ui.svc.CoCreate.Update(r.Context(), a, ref, version(r), cocreate.Patch{Loop2: &p})
		return "Loop 2 (integration) is saved.", err
	},
	"handover": func(ui *UI, r *http.Request, a core.Actor, ref cocreate.Ref) (string, error) {
		t := func(name string) *string { return formText(r, "handover."+name) }
		p := cocreate.HandoverPatch{EpicURL: t("epic_url"), ProductGroup: t("product_group"), ProductManager: t("product_manager"),
			EngineeringMgr: t("engineering_manager"), DefinitionOfDone: t("definition_of_done"), FeatureFlag: t("feature_flag"),
			RolloutPlan: t("rollout_plan"), HandoverPoint: t("handover_point")}
		_, err := ui.svc.CoCreate.Update(r.Context(), a, ref, version(r), cocreate.Patch{Handover: &p})
		return "The handover epic is saved.", err
	},
	"considerations": func(ui *UI, r *http.Request, a core.Actor, ref cocreate.Ref) (string, error) {
		gaps := lines(r.PostFormValue("considerations.accepted_gaps"))
		if gaps == nil {
			gaps = []string{}
		}
		p := cocreate.ConsiderationsPatch{AcceptedGaps: &gaps, TargetDate: formText(r, "considerations.target_date"),
			Timeline: formText(r, "considerations.timeline"), StakeholderAlignment: formText(r, "considerations.stakeholder_alignment")}
		if v := r.PostFormValue("considerations.feature_parity"); v != "" {
			parity := cocreate.Parity(v)
			p.FeatureParity = &parity
		}
		_, err := ui.svc.CoCreate.Update(r.Context(), a, ref, version(r), cocreate.Patch{Considerations: &p})
		return "The key considerations are saved.", err
	},
	"answer": func(ui *UI, r *http.Request, a core.Actor, ref cocreate.Ref) (string, error) {
		f := r.PostFormValue
		_, err := ui.svc.CoCreate.Answer(r.Context(), a, ref, cocreate.AnswerInput{Question: cocreate.Question(f("handover_answer.question")),
			Answer: f("handover_answer.answer"), SaidBy: f("handover_answer.said_by")})
		return "The product group's answer is recorded.", formFields(err, "handover_answer.")
	},
	"feedback": func(ui *UI, r *http.Request, a core.Actor, ref cocreate.Ref) (string, error) {
		_, err := ui.svc.CoCreate.AddFeedback(r.Context(), a, ref, r.PostFormValue("feedback.who"), r.PostFormValue("feedback.feedback"))
		return "Customer Zero feedback is recorded.", formFields(err, "feedback.")
	},
	"functionality": func(ui *UI, r *http.Request, a core.Actor, ref cocreate.Ref) (string, error) {
		in := cocreate.FunctionalityInput{Title: formText(r, "functionality.title"), Description: formText(r, "functionality.description"),
			EpicURL: formText(r, "functionality.epic_url")}
		_, err := ui.svc.CoCreate.AddFunctionality(r.Context(), a, ref, in)
		return "Functionality added.", formFields(err, "functionality.")
	},
	"functionality-update": func(ui *UI, r *http.Request, a core.Actor, ref cocreate.Ref) (string, error) {
		id, err := formInt(r, "item")
		if err != nil {
			return "", err
		}
		st := cocreate.FunctionalityStatus(r.PostFormValue("functionality_edit.status"))
		in := cocreate.FunctionalityInput{Title: formText(r, "functionality_edit.title"), Description: formText(r, "functionality_edit.description"),
			EpicURL: formText(r, "functionality_edit.epic_url"), Status: &st}
		if _, ok := r.PostForm["functionality_edit.labels"]; ok {
			labels := lines(r.PostFormValue("functionality_edit.labels"))
			in.Labels = &labels
		}
		_, err = ui.svc.CoCreate.UpdateFunctionality(r.Context(), a, ref, id, in)
		return "Functionality saved.", formFields(err, "functionality_edit.")
	},
	"merge-request": func(ui *UI, r *http.Request, a core.Actor, ref cocreate.Ref) (string, error) {
		in, err := mrInput(r, "mr.", false)
		if err == nil {
			_, err = ui.svc.CoCreate.AddMergeRequest(r.Context(), a, ref, in)
		}
		return "Merge request added.", formFields(err, "mr.")
	},
	"merge-request-update": func(ui *UI, r *http.Request, a core.Actor, ref cocreate.Ref) (string, error) {
		id, err := formInt(r, "item")
		if err != nil {
			return "", err
		}
		in, err := mrInput(r, "mr_edit.", true)
		if err == nil {
			_, err = ui.svc.CoCreate.UpdateMergeRequest(r.Context(), a, ref, id, in)
		}
		return "Merge request saved.", formFields(err, "mr_edit.")
	},
	"phase": func(ui *UI, r *http.Request, a core.Actor, ref cocreate.Ref) (string, error) {
		_, err := ui.svc.CoCreate.AddPhase(r.Context(), a, ref, r.PostFormValue("phase.title"), r.PostFormValue("phase.complete_when"))
		return "Roadmap phase added.", formFields(err, "phase.")
	},
	"phase-complete": func(ui *UI, r *http.Request, a core.Actor, ref cocreate.Ref) (string, error) {
		id, err := formInt(r, "item")
		if err != nil {
			return "", err
		}
		_, err = ui.svc.CoCreate.CompletePhase(r.Context(), a, ref, id)
		return "Roadmap phase complete.", err
	},
	"sunsetting-issue": func(ui *UI, r *http.Request, a core.Actor, ref cocreate.Ref) (string, error) {
		_, err := ui.svc.CoCreate.AddSunsettingIssue(r.Context(), a, ref, r.PostFormValue("sunsetting_issue.requirement"),
			strings.TrimSpace(r.PostFormValue("sunsetting_issue.url")))
		return "Sunsetting issue added.", formFields(err, "sunsetting_issue.")
	},
	"sunsetting-issue-close": func(ui *UI, r *http.Request, a core.Actor, ref cocreate.Ref) (string, error) {
		id, err := formInt(r, "item")
		if err != nil {
			return "", err
		}
		_, err = ui.svc.CoCreate.CloseSunsettingIssue(r.Context(), a, ref, id)
		return "Sunsetting issue closed.", err
	},
	"advance": func(ui *UI, r *http.Request, a core.Actor, ref cocreate.Ref) (string, error) {
		c, err := ui.svc.CoCreate.Advance(r.Context(), a, ref, version(r))
		return "Co-create moved to " + strings.ReplaceAll(string(c.Loop), "_", " ") + ".", err
	},
}

// checkChange reads an activity's box and note, and returns what to tick
// only when it differs from what is recorded, so that saving a form does
// not re-stamp who did an activity done long ago.
func checkChange(r *http.Request, name string, was cocreate.Check) *cocreate.CheckInput {
	in := cocreate.CheckInput{Done: checked(r, name), Note: strings.TrimSpace(r.PostFormValue(name + ".note"))}
	if in.Done == was.Done && in.Note == was.Note {
		return nil
	}
	return &in
}

// formText reads a text field that the form carries; nil when it does not,
// so that the service leaves the value as it is.
func formText(r *http.Request, name string) *string {
	if _, ok := r.PostForm[name]; !ok {
		return nil
	}
	v := r.PostFormValue(name)
	return &v
}

// formID reads an optional id from a select; nil when none is chosen.
func formID(r *http.Request, name string) (*int64, error) {
	if strings.TrimSpace(r.PostFormValue(name)) == "" {
		return nil, nil
	}
	n, err := formInt(r, name)
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// mrInput reads a merge request form whose fields carry the prefix. An
// edit always sends the sunsetting issues it fulfils, so that unticking
// them all clears the list.
func mrInput(r *http.Request, prefix string, edit bool) (cocreate.MergeRequestInput, error) {
	in := cocreate.MergeRequestInput{URL: formText(r, prefix+"url"), Title: formText(r, prefix+"title")}
	if u := in.URL; u != nil {
		*u = strings.TrimSpace(*u)
	}
	if st := cocreate.MRState(r.PostFormValue(prefix + "state")); st != "" {
		in.State = &st
	}
	var err error
	if in.FunctionalityID, err = formID(r, prefix+"functionality_id"); err != nil {
		return in, err
	}
	if in.CompletesPhaseID, err = formID(r, prefix+"completes_phase_id"); err != nil {
		return in, err
	}
	if vals := r.PostForm[prefix+"fulfils"]; len(vals) > 0 || edit {
		ids := []int64{}
		for _, v := range vals {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return in, &core.Error{Code: core.Invalid, Message: "the form is not valid",
					Fields: []core.FieldError{{Field: prefix + "fulfils", Message: "must name sunsetting issues", Value: v}}}
			}
			ids = append(ids, id)
		}
		in.Fulfils = &ids
	}
	return in, nil
}
