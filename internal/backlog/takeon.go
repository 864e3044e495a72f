package backlog

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/intake"
)

// TemplateSections are the sections of the automation request template an
// internal issue must answer before the team takes it on: the questions of
// an intake net-new request.
func TemplateSections() []string { return slices.Clone(intake.TemplateKeys[intake.NetNew]) }

// sectionTitle is how a template key reads as a heading: "problem statement".
func sectionTitle(key string) string { return strings.ReplaceAll(key, "_", " ") }

// MissingSections names the template sections a description does not
// answer: a section is answered by a Markdown heading (or a bold line) that
// names it, followed by some text before the next heading.
func MissingSections(description string) []string {
	type section struct {
		title string
		text  strings.Builder
	}
	var found []*section
	var cur *section
	for _, line := range strings.Split(description, "\n") {
		t := strings.TrimSpace(line)
		if h, ok := heading(t); ok {
			cur = &section{title: h}
			found = append(found, cur)
			continue
		}
		if cur != nil && t != "" && !strings.HasPrefix(t, "<!--") {
			cur.text.WriteString(t)
		}
	}
	var missing []string
	for _, key := range TemplateSections() {
		want := sectionTitle(key)
		if !slices.ContainsFunc(found, func(s *section) bool { return strings.Contains(s.title, want) && s.text.Len() > 0 }) {
			missing = append(missing, key)
		}
	}
	return missing
}

// heading returns the lower-cased text of a Markdown heading or bold line.
func heading(t string) (string, bool) {
	switch {
	case strings.HasPrefix(t, "#"):
		t = strings.TrimLeft(t, "#")
	case strings.HasPrefix(t, "**") && strings.HasSuffix(t, "**") && len(t) > 4:
		t = strings.Trim(t, "*")
	default:
		return "", false
	}
	t = strings.ToLower(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(t), ":")))
	return strings.ReplaceAll(t, "_", " "), t != ""
}

// IsProductIssue reports whether an item is a product issue: it carries a
// group:: label or lives under one of the product namespaces.
func IsProductIssue(set Settings, it Item) bool {
	if len(GroupLabels(it.Labels)) > 0 {
		return true
	}
	p := strings.ToLower(it.Project)
	return slices.ContainsFunc(set.ProductNamespaces, func(ns string) bool {
		ns = strings.ToLower(ns)
		return p == ns || strings.HasPrefix(p, ns+"/")
	})
}

// TakeOnResult is what taking an item on did.
type TakeOnResult struct {
	Item    Item     `json:"item"`
	Actions []Action `json:"actions"`
	Product bool     `json:"product" doc:"A product issue (its groups' managers are pinged) rather than an internal one"`
	Pinged  []string `json:"pinged" doc:"The managers pinged in a comment"`
	Note    string   `json:"note,omitempty" doc:"Says when nobody was pinged, and why"`
}

// PlanTakeOn decides what taking the item on does under its scheme: the
// team label and the metric label (or the pending one); for a product
// issue a comment pinging its groups' product and engineering managers;
// for an internal issue, a 422 naming the template sections it misses.
func PlanTakeOn(sc Scheme, set Settings, groups GroupMap, it Item, metric string) (TakeOnResult, error) {
	res := TakeOnResult{Item: it, Actions: []Action{}, Pinged: []string{}}
	label := sc.PendingMetricLabel
	if strings.TrimSpace(metric) != "" {
		var ok bool
		if label, ok = sc.MetricLabelFor(metric); !ok {
			names := make([]string, len(sc.MetricLabels))
			for i, m := range sc.MetricLabels {
				names[i] = strings.TrimPrefix(m.Label, MetricPrefix)
			}
			return res, &core.Error{Code: core.Invalid, Message: "there is no such metric label in " + sc.Name,
				Fields: []core.FieldError{{Field: "metric", Message: "must be one of " + strings.Join(names, ", "), Value: metric}}}
		}
	}
	if !it.Open() {
		return res, core.Errorf(core.Conflict, "%s is %s: only open work can be taken on", it.URL, it.State)
	}
	if it.Kind == MergeRequest {
		return res, core.Errorf(core.Conflict, "%s is a merge request: take on its issue instead", it.URL)
	}
	res.Product = IsProductIssue(set, it)
	if !res.Product && it.Kind != Local {
		if missing := MissingSections(it.Description); len(missing) > 0 {
			e := &core.Error{Code: core.Invalid, Message: fmt.Sprintf(
				"%s is an internal issue: its description must answer the automation request template first", it.URL)}
			for _, m := range missing {
				e.Fields = append(e.Fields, core.FieldError{Field: "description", Message: "has no section " + sectionTitle(m), Value: m})
			}
			return res, e
		}
	}
	var add []string
	if !hasLabel(it.Labels, sc.TeamLabel) {
		add = append(add, sc.TeamLabel)
	}
	if it.Metric == "" || strings.TrimSpace(metric) != "" && !hasLabel(it.Labels, label) {
		add = append(add, label)
	}
	if len(add) > 0 {
		res.Actions = append(res.Actions, Action{Kind: ActionLabels, ItemID: it.ID, ItemURL: it.URL, Add: add})
	}
	if !res.Product {
		return res, nil
	}
	groupLabels := GroupLabels(it.Labels)
	var unmapped []string
	for _, g := range groupLabels {
		owners, ok := groups.Owners(g)
		if !ok {
			unmapped = append(unmapped, g)
		}
		for _, o := range owners {
			if !contains(res.Pinged, o) {
				res.Pinged = append(res.Pinged, o)
			}
		}
	}
	switch {
	case len(groupLabels) == 0:
		res.Note = "no group:: label: no owner could be found, so nobody was pinged"
	case len(res.Pinged) == 0:
		res.Note = "no manager is mapped for " + strings.Join(unmapped, ", ") + ": no owner could be found, so nobody was pinged"
	case len(unmapped) > 0:
		res.Note = "no manager is mapped for " + strings.Join(unmapped, ", ")
	}
	if len(res.Pinged) > 0 {
		res.Actions = append(res.Actions, Action{Kind: ActionComment, ItemID: it.ID, ItemURL: it.URL, Body: pingBody(res.Pinged, groupLabels)})
	}
	return res, nil
}

func pingBody(who, groups []string) string {
	at := make([]string, len(who))
	for i, w := range who {
		at[i] = "@" + w
	}
	return fmt.Sprintf("%s: Product Security Engineering is working on this issue (%s). We will do our best to align with "+
		"any existing efforts; please tell us about them. After release it will belong to your team, as a community "+
		"contribution would.", strings.Join(at, " "), strings.Join(groups, ", "))
}

// TakeOn takes an item onto the team's backlog (engineer).
func (s *Service) TakeOn(ctx context.Context, actor core.Actor, id int64, metric string) (TakeOnResult, error) {
	if err := actor.Require(core.PermEngineer, "taking work on"); err != nil {
		return TakeOnResult{}, err
	}
	it, err := s.store.BacklogItem(ctx, id)
	if err != nil {
		return TakeOnResult{}, err
	}
	ss, err := loadSchemes(ctx, s.store)
	if err != nil {
		return TakeOnResult{}, err
	}
	set, err := settingsOf(ctx, s.store)
	if err != nil {
		return TakeOnResult{}, err
	}
	groups, err := groupsOf(ctx, s.store)
	if err != nil {
		return TakeOnResult{}, err
	}
	res, err := PlanTakeOn(ss.of(it), set, groups, it, metric)
	if err != nil {
		return res, err
	}
	changed, err := s.carryOut(ctx, actor, res.Actions, map[int64]Item{it.ID: it}, "taken_on")
	if c, ok := changed[it.ID]; ok {
		res.Item = c
	}
	return res, err
}
