package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/core"
)

// BacklogFilterIn narrows the list of backlog items.
type BacklogFilterIn struct {
	Kind      string `query:"kind" enum:"issue,epic,merge_request,local"`
	State     string `query:"state" enum:"opened,closed,merged"`
	Label     string `query:"label" maxLength:"255" doc:"Items carrying this label (any case)"`
	Workflow  string `query:"workflow" maxLength:"255" doc:"The part after workflow::"`
	Metric    string `query:"metric" maxLength:"255" doc:"The part after ProdSecEngMetric::"`
	Project   string `query:"project" maxLength:"255"`
	Assignee  string `query:"assignee" maxLength:"255"`
	Candidate string `query:"candidate" enum:"true,false"`
	Team      string `query:"team" enum:"true,false"`
	Priority  int    `query:"priority" minimum:"0" maximum:"99" doc:"0: any"`
	Query     string `query:"q" maxLength:"200" doc:"Words in the title"`
	PageIn
}

func boolQuery(v string) *bool {
	if v == "" {
		return nil
	}
	b := v == "true"
	return &b
}

func (f BacklogFilterIn) filter() backlog.Filter {
	out := backlog.Filter{Kind: backlog.Kind(f.Kind), State: f.State, Label: f.Label, Workflow: f.Workflow, Metric: f.Metric,
		Project: f.Project, Assignee: f.Assignee, Candidate: boolQuery(f.Candidate), Team: boolQuery(f.Team), Query: strings.TrimSpace(f.Query)}
	if f.Priority > 0 {
		p := f.Priority
		out.Priority = &p
	}
	return out
}

type backlogItemList struct {
	Body struct {
		Items      []backlog.Item `json:"items"`
		NextCursor string         `json:"next_cursor,omitempty" doc:"Absent on the last page"`
	}
}

type backlogItemOut struct {
	ETag string `header:"ETag"`
	Body backlog.Item
}

// TakeOnIn is what taking work on takes.
type TakeOnIn struct {
	Metric string `json:"metric,omitempty" maxLength:"255" doc:"A metric label (whole, or the part after ProdSecEngMetric::); default ProdSecEngMetric::Pending"`
}

// RemoveIn is what removing work from the backlog takes.
type RemoveIn struct {
	Reason           string   `json:"reason" maxLength:"10000" doc:"Why the team will not take this on (required)"`
	Mention          []string `json:"mention,omitempty" maxItems:"50" doc:"Who to @-mention: engineering managers, product managers, teams"`
	GroupLabels      []string `json:"group_labels,omitempty" maxItems:"50" doc:"group:: labels to apply"`
	SeekingCommunity bool     `json:"seeking_community,omitempty" doc:"Add Seeking community contributions (only if the issue is not confidential)"`
}

// FindingsBody lists the broken rules.
type FindingsBody struct {
	Findings []backlog.Finding `json:"findings"`
}

// CSVRows lays the findings out as a table.
func (b FindingsBody) CSVRows() [][]string {
	out := [][]string{{"rule", "item_url", "message", "profile"}}
	for _, f := range b.Findings {
		out = append(out, []string{f.Rule, f.ItemURL, f.Message, f.Profile})
	}
	return out
}

func (s *server) backlogRoutes() {
	huma.Register(s.api, op("list-backlog-items", http.MethodGet, "/api/v1/backlog/items", "Backlog items",
		"Issues, epics and merge requests labelled ProdSecEng Candidate or team::Product Security Engineering, by id, with filters."), s.listBacklogItems)
	huma.Register(s.api, op("get-backlog-item", http.MethodGet, "/api/v1/backlog/items/{id}", "A backlog item", ""), s.getBacklogItem)
	huma.Register(s.api, op("backlog-item-events", http.MethodGet, "/api/v1/backlog/items/{id}/events", "A backlog item's timeline", ""),
		s.backlogItemEvents)
	huma.Register(s.api, op("take-on-backlog-item", http.MethodPost, "/api/v1/backlog/items/{id}/take-on", "Take work on",
		"Adds the team label and the metric label (or ProdSecEngMetric::Pending). A product issue pings the managers of its "+
			"group:: labels; an internal issue must answer the automation request template, or 422 names the missing sections (engineer)."), s.takeOn)
	huma.Register(s.api, op("remove-backlog-item", http.MethodPost, "/api/v1/backlog/items/{id}/remove", "Remove work from the backlog",
		"Takes the team and candidate labels off, comments the reason with the mentions, applies group labels, and adds "+
			"Seeking community contributions only when asked and the issue is not confidential (engineer)."), s.removeItem)
	huma.Register(s.api, withCSV(op("backlog-findings", http.MethodGet, "/api/v1/backlog/findings", "Backlog findings",
		"Every broken backlog rule: each item under the scheme it was recorded under, the team under the active one.")), s.findings)
	huma.Register(s.api, op("backlog-triage", http.MethodPost, "/api/v1/backlog/triage", "Run the backlog policies",
		"Runs the policies over the findings and returns the actions: label changes, comments and notifications. "+
			"dry_run=true touches nothing (engineer)."), s.triage)
	huma.Register(s.api, op("backlog-board", http.MethodGet, "/api/v1/backlog/board", "The build board",
		"Open candidate and team items in columns by workflow label, in the active profile's order."), s.board)
}

func (s *server) listBacklogItems(ctx context.Context, in *BacklogFilterIn) (*backlogItemList, error) {
	items, next, err := s.Backlog.Items(ctx, actorOf(ctx), in.filter(), in.page())
	if err != nil {
		return nil, s.queryErr(err)
	}
	out := &backlogItemList{}
	out.Body.Items, out.Body.NextCursor = items, next
	if out.Body.Items == nil {
		out.Body.Items = []backlog.Item{}
	}
	return out, nil
}

func (s *server) getBacklogItem(ctx context.Context, in *struct {
	ID int64 `path:"id"`
}) (*backlogItemOut, error) {
	it, err := s.Backlog.Item(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &backlogItemOut{ETag: etag(it.Version), Body: it}, nil
}

func (s *server) backlogItemEvents(ctx context.Context, in *struct {
	ID int64 `path:"id"`
	PageIn
}) (*struct {
	Body struct {
		Items      []EventBody `json:"items"`
		NextCursor string      `json:"next_cursor,omitempty"`
	}
}, error) {
	evs, next, err := s.Backlog.Events(ctx, actorOf(ctx), in.ID, in.page())
	if err != nil {
		return nil, s.queryErr(err)
	}
	out := &struct {
		Body struct {
			Items      []EventBody `json:"items"`
			NextCursor string      `json:"next_cursor,omitempty"`
		}
	}{}
	out.Body.Items, out.Body.NextCursor = make([]EventBody, 0, len(evs)), next
	for _, e := range evs {
		out.Body.Items = append(out.Body.Items, eventBody(e))
	}
	return out, nil
}

func (s *server) takeOn(ctx context.Context, in *struct {
	ID   int64 `path:"id"`
	Body *TakeOnIn
}) (*struct{ Body backlog.TakeOnResult }, error) {
	metric := ""
	if in.Body != nil {
		metric = in.Body.Metric
	}
	res, err := s.Backlog.TakeOn(ctx, actorOf(ctx), in.ID, metric)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &struct{ Body backlog.TakeOnResult }{res}, nil
}

func (s *server) removeItem(ctx context.Context, in *struct {
	ID   int64 `path:"id"`
	Body RemoveIn
}) (*struct{ Body backlog.RemoveResult }, error) {
	res, err := s.Backlog.Remove(ctx, actorOf(ctx), in.ID, backlog.Removal{Reason: in.Body.Reason, Mention: in.Body.Mention,
		GroupLabels: in.Body.GroupLabels, SeekingCommunity: in.Body.SeekingCommunity})
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &struct{ Body backlog.RemoveResult }{res}, nil
}

func (s *server) findings(ctx context.Context, in *struct {
	Rule string `query:"rule" maxLength:"100" doc:"Only findings of this rule"`
}) (*struct{ Body FindingsBody }, error) {
	fs, err := s.Backlog.Findings(ctx, actorOf(ctx), in.Rule)
	if err != nil {
		return nil, s.queryErr(err)
	}
	return &struct{ Body FindingsBody }{FindingsBody{Findings: fs}}, nil
}

func (s *server) triage(ctx context.Context, in *struct {
	DryRun string `query:"dry_run" enum:"true,false" doc:"true: say what the policies would do, and do nothing"`
}) (*struct{ Body backlog.TriageResult }, error) {
	if in.DryRun == "" {
		return nil, s.queryErr(&core.Error{Code: core.Invalid, Message: "say whether this is a dry run",
			Fields: []core.FieldError{{Field: "dry_run", Message: "is required: true or false"}}})
	}
	res, err := s.Backlog.Triage(ctx, actorOf(ctx), in.DryRun == "true")
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &struct{ Body backlog.TriageResult }{res}, nil
}

func (s *server) board(ctx context.Context, _ *struct{}) (*struct{ Body backlog.Board }, error) {
	b, err := s.Backlog.Board(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &struct{ Body backlog.Board }{b}, nil
}
