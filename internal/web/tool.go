package web

import (
	"net/http"
	"net/url"

	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/sunset"
)

// toolData is everything the tool page shows.
type toolData struct {
	Tool         inventory.Tool
	Commitment   inventory.Commitment
	NoRPO        string
	Assessment   *inventory.Assessment
	Missing      inventory.Missing
	Criteria     []inventory.Criterion
	Issues       []issueRow
	MoreIssues   bool // more open issues than one page shows
	Events       []core.Event
	ADRs         []inventory.ADR
	Improvements []inventory.Improvement
	Reviews      []maintenance.Review
	Signals      []maintenance.Signal
	CoCreate     *cocreate.CoCreate
	Sunset       *sunset.Plan
	Samples      []sunset.Sample
	AdoptionSVG  string
	IssueKinds   []maintenance.IssueKind
	// the choices of the forms
	Criticalities  []inventory.Criticality
	Categories     []inventory.Category
	Stages         []inventory.Stage
	ReviewOutcomes []maintenance.Outcome
	ScoreCriteria  []maintenance.Criterion
	ADRStatuses    []inventory.ADRStatus
	ProjectURL     string
}

// issueRow is an issue with its clocks' states now.
type issueRow struct {
	maintenance.Issue
	SLOState, RTOState maintenance.ClockState
}

// toolPage shows one tool: its commitment and why, health against the
// rubric, open issues with their clocks, timeline, ADRs, improvements,
// reviews, signals, co-create or sunset, and links to GitLab.
func (ui *UI) toolPage(w http.ResponseWriter, r *http.Request) {
	v, err := ui.toolView(r, nil)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "tool", v)
}

func (ui *UI) toolView(r *http.Request, form url.Values) (view, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return view{}, err
	}
	ctx, actor := r.Context(), actorOf(r)
	t, err := ui.svc.Inventory.Tool(ctx, actor, id)
	if err != nil {
		return view{}, err
	}
	d := toolData{Tool: t, Commitment: t.Commitment(), NoRPO: inventory.NoRPO, IssueKinds: maintenance.IssueKinds,
		Criticalities: inventory.Criticalities, Categories: inventory.Categories, Stages: inventory.Stages, ReviewOutcomes: maintenance.Outcomes,
		ScoreCriteria: maintenance.Criteria, ADRStatuses: inventory.ADRStatuses}
	if a, missing, err := ui.svc.Inventory.Assessment(ctx, actor, id); err == nil {
		d.Assessment, d.Missing = &a, missing
	} else if !core.IsCode(err, core.NotFound) {
		return view{}, err
	}
	if rub, err := ui.svc.Inventory.Rubric(ctx, actor); err == nil {
		d.Criteria = rub.Criteria
	}
	issues, more, err := ui.svc.Maintenance.ListIssues(ctx, actor, maintenance.IssueFilter{ToolID: id, NotClosed: true},
		core.Page{Limit: core.MaxLimit})
	if err != nil {
		return view{}, err
	}
	d.MoreIssues = more != ""
	now := ui.clock.Now()
	for _, is := range issues {
		slo, rto := is.ClockStates(now)
		d.Issues = append(d.Issues, issueRow{Issue: is, SLOState: slo, RTOState: rto})
	}
	if d.Events, _, err = ui.svc.Inventory.Events(ctx, actor, id, core.Page{Limit: 100}); err != nil {
		return view{}, err
	}
	if d.ADRs, err = ui.svc.Inventory.ADRs(ctx, actor, id); err != nil {
		return view{}, err
	}
	if d.Improvements, err = ui.svc.Inventory.Improvements(ctx, actor, id); err != nil {
		return view{}, err
	}
	if d.Reviews, err = ui.svc.Maintenance.Reviews(ctx, actor, id); err != nil {
		return view{}, err
	}
	if d.Signals, err = ui.svc.Maintenance.Signals(ctx, actor, id, false); err != nil {
		return view{}, err
	}
	if c, err := ui.svc.CoCreate.Of(ctx, actor, cocreate.Ref{Tool: id}); err == nil {
		d.CoCreate = &c
	} else if !core.IsCode(err, core.NotFound) {
		return view{}, err
	}
	if p, samples, err := ui.svc.Sunset.Plan(ctx, actor, id); err == nil {
		d.Sunset, d.Samples, d.AdoptionSVG = &p, samples, adoptionChart(samples)
	} else if !core.IsCode(err, core.NotFound) {
		return view{}, err
	}
	if t.GitLabProject != "" && ui.cfg.GitLabURL != "" {
		d.ProjectURL = ui.cfg.GitLabURL + "/" + t.GitLabProject
	}
	return view{Title: t.Name, Nav: "tools", Form: form, Data: d}, nil
}
