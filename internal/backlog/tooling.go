package backlog

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
)

// ToolingFunctionality is one functionality epic of a tool's integration.
type ToolingFunctionality struct {
	Title       string `json:"title"`
	EpicURL     string `json:"epic_url"`
	Status      string `json:"status"`
	MetricLabel string `json:"metric_label" doc:"Its ProdSecEngMetric:: label, empty when it has none"`
}

// SunsetRoadmap is where a tool's sunset roadmap stands.
type SunsetRoadmap struct {
	Phases       int    `json:"phases"`
	PhasesDone   int    `json:"phases_done"`
	IssuesOpen   int    `json:"sunsetting_issues_open"`
	IssuesClosed int    `json:"sunsetting_issues_closed"`
	SunsetPlan   string `json:"sunset_plan" doc:"The state of the tool's sunset plan, empty when it has none"`
}

// ToolingRow is one tool of the List of Tools.
type ToolingRow struct {
	ToolID             int64                  `json:"tool_id"`
	Tool               string                 `json:"tool"`
	Stage              string                 `json:"stage"`
	Loop               string                 `json:"loop"`
	IntegrationEpicURL string                 `json:"integration_epic_url"`
	ParentEpicURL      string                 `json:"parent_epic_url" doc:"The Product Security Tooling Integration epic it is a child of"`
	Functionalities    []ToolingFunctionality `json:"functionalities"`
	HandoverEpicURL    string                 `json:"handover_epic_url"`
	Roadmap            SunsetRoadmap          `json:"sunset_roadmap"`
}

// ToolingReport is the List of Tools of the Product Security Tooling
// Integration epic.
type ToolingReport struct {
	ParentEpicURL string       `json:"parent_epic_url"`
	Tools         []ToolingRow `json:"tools"`
}

// BuildToolingReport lists every co-create tool with its epics and roadmap.
func BuildToolingReport(parent string, tools map[int64]ToolInfo, ccs []cocreate.CoCreate) ToolingReport {
	r := ToolingReport{ParentEpicURL: parent, Tools: []ToolingRow{}}
	for _, c := range ccs {
		row := ToolingRow{Loop: string(c.Loop), IntegrationEpicURL: c.IntegrationEpicURL, ParentEpicURL: parent,
			HandoverEpicURL: c.Handover.EpicURL, Functionalities: []ToolingFunctionality{}}
		if c.ToolID != nil {
			t := tools[*c.ToolID]
			row.ToolID, row.Tool, row.Stage, row.Roadmap.SunsetPlan = t.ID, t.Name, t.Stage, t.SunsetState
		} else if c.RequestID != nil {
			row.Tool = fmt.Sprintf("(need of request %d)", *c.RequestID)
		}
		for _, f := range c.Functionalities {
			tf := ToolingFunctionality{Title: f.Title, EpicURL: f.EpicURL, Status: string(f.Status)}
			for _, l := range f.Labels {
				if strings.HasPrefix(l, MetricPrefix) {
					tf.MetricLabel = l
				}
			}
			row.Functionalities = append(row.Functionalities, tf)
		}
		row.Roadmap.Phases = len(c.Roadmap.Phases)
		for _, p := range c.Roadmap.Phases {
			if p.DoneAt != nil {
				row.Roadmap.PhasesDone++
			}
		}
		for _, is := range c.Roadmap.Issues {
			if is.State == "closed" {
				row.Roadmap.IssuesClosed++
			} else {
				row.Roadmap.IssuesOpen++
			}
		}
		r.Tools = append(r.Tools, row)
	}
	slices.SortFunc(r.Tools, func(a, b ToolingRow) int { return strings.Compare(a.Tool, b.Tool) })
	return r
}

// Markdown lays the report out as the List of Tools table.
func (r ToolingReport) Markdown() string {
	var b strings.Builder
	b.WriteString("# List of Tools\n\n")
	if r.ParentEpicURL != "" {
		fmt.Fprintf(&b, "Children of the Product Security Tooling Integration epic: %s\n\n", r.ParentEpicURL)
	}
	b.WriteString("| Tool | Stage | Integration epic | Functionality epics | Handover epic | Sunset roadmap |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	for _, t := range r.Tools {
		var fs []string
		for _, f := range t.Functionalities {
			label := "no metric label"
			if f.MetricLabel != "" {
				label = fmt.Sprintf("~%q", f.MetricLabel)
			}
			title := cell(f.Title)
			if f.EpicURL != "" {
				title = link(f.Title, f.EpicURL)
			}
			fs = append(fs, fmt.Sprintf("%s (%s, %s)", title, f.Status, cell(label)))
		}
		roadmap := fmt.Sprintf("%d/%d phases done; %d open, %d closed sunsetting issues", t.Roadmap.PhasesDone, t.Roadmap.Phases,
			t.Roadmap.IssuesOpen, t.Roadmap.IssuesClosed)
		if t.Roadmap.SunsetPlan != "" {
			roadmap += "; sunset plan " + t.Roadmap.SunsetPlan
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", cell(t.Tool), cell(t.Stage), link("epic", t.IntegrationEpicURL),
			strings.Join(fs, "<br>"), link("epic", t.HandoverEpicURL), cell(roadmap))
	}
	return b.String()
}

func link(text, url string) string {
	if url == "" {
		return "—"
	}
	return fmt.Sprintf("[%s](%s)", cell(text), strings.ReplaceAll(url, ")", "%29"))
}

// cell keeps a value inside its Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ").Replace(s)
}

// CSVRows lays the report out as one row per functionality (or per tool without any).
func (r ToolingReport) CSVRows() [][]string {
	out := [][]string{{"tool_id", "tool", "stage", "loop", "integration_epic_url", "parent_epic_url", "handover_epic_url",
		"functionality", "functionality_epic_url", "functionality_status", "metric_label", "roadmap_phases", "roadmap_phases_done",
		"sunsetting_issues_open", "sunsetting_issues_closed", "sunset_plan"}}
	for _, t := range r.Tools {
		base := []string{fmt.Sprint(t.ToolID), t.Tool, t.Stage, t.Loop, t.IntegrationEpicURL, t.ParentEpicURL, t.HandoverEpicURL}
		tail := []string{fmt.Sprint(t.Roadmap.Phases), fmt.Sprint(t.Roadmap.PhasesDone), fmt.Sprint(t.Roadmap.IssuesOpen),
			fmt.Sprint(t.Roadmap.IssuesClosed), t.Roadmap.SunsetPlan}
		fs := t.Functionalities
		if len(fs) == 0 {
			fs = []ToolingFunctionality{{}}
		}
		for _, f := range fs {
			row := append(append(slices.Clone(base), f.Title, f.EpicURL, f.Status, f.MetricLabel), tail...)
			out = append(out, row)
		}
	}
	return out
}

// ToolingIntegration builds the List of Tools from co-create and the inventory.
func (s *Service) ToolingIntegration(ctx context.Context, actor core.Actor) (ToolingReport, error) {
	if err := actor.Require(core.PermRead, "reading reports"); err != nil {
		return ToolingReport{}, err
	}
	set, err := settingsOf(ctx, s.store)
	if err != nil {
		return ToolingReport{}, err
	}
	tools, err := s.store.BacklogTools(ctx)
	if err != nil {
		return ToolingReport{}, err
	}
	ccs, err := s.store.BacklogCoCreates(ctx)
	if err != nil {
		return ToolingReport{}, err
	}
	return BuildToolingReport(set.ToolingParentEpic, tools, ccs), nil
}
