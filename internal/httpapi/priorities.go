package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// ScoresIn are a tool's scores on the five criteria, 1 to 5 each (5 is the
// most: most critical, best product fit, easiest to maintain, most aligned,
// most customer value).
type ScoresIn struct {
	Criticality        int               `json:"criticality" minimum:"1" maximum:"5"`
	ProductFit         int               `json:"product_fit" minimum:"1" maximum:"5"`
	Maintainability    int               `json:"maintainability" minimum:"1" maximum:"5" doc:"5 is easiest to keep operational"`
	StrategicAlignment int               `json:"strategic_alignment" minimum:"1" maximum:"5"`
	CustomerValue      int               `json:"customer_value" minimum:"1" maximum:"5"`
	Notes              map[string]string `json:"notes,omitempty" doc:"A note per criterion"`
}

// ScoresBody is a tool's recorded scores.
type ScoresBody struct {
	ScoresIn
	ToolID int64     `json:"tool_id"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

func scoresBody(s maintenance.Scores) ScoresBody {
	notes := map[string]string{}
	for c, n := range s.Notes {
		notes[string(c)] = n
	}
	v := s.Values
	return ScoresBody{ScoresIn: ScoresIn{Criticality: v[maintenance.Criticality], ProductFit: v[maintenance.ProductFit],
		Maintainability: v[maintenance.Maintainability], StrategicAlignment: v[maintenance.StrategicAlignment],
		CustomerValue: v[maintenance.CustomerValue], Notes: notes}, ToolID: s.ToolID, By: s.By, At: s.At}
}

// WeightsBody says how much each criterion counts, 0 to 10.
type WeightsBody struct {
	Criticality        float64    `json:"criticality" minimum:"0" maximum:"10"`
	ProductFit         float64    `json:"product_fit" minimum:"0" maximum:"10"`
	Maintainability    float64    `json:"maintainability" minimum:"0" maximum:"10"`
	StrategicAlignment float64    `json:"strategic_alignment" minimum:"0" maximum:"10"`
	CustomerValue      float64    `json:"customer_value" minimum:"0" maximum:"10"`
	By                 string     `json:"by,omitempty" readOnly:"true"`
	At                 *time.Time `json:"at,omitempty" readOnly:"true"`
}

func weightsBody(w maintenance.Weights) WeightsBody {
	v := w.Values
	b := WeightsBody{Criticality: v[maintenance.Criticality], ProductFit: v[maintenance.ProductFit],
		Maintainability: v[maintenance.Maintainability], StrategicAlignment: v[maintenance.StrategicAlignment],
		CustomerValue: v[maintenance.CustomerValue], By: w.By}
	if !w.At.IsZero() {
		b.At = &w.At
	}
	return b
}

// PriorityItem is one tool's place in the priorities.
type PriorityItem struct {
	ToolID         int64           `json:"tool_id"`
	Name           string          `json:"name"`
	Category       string          `json:"category"`
	Stage          string          `json:"stage"`
	Score          *float64        `json:"score" doc:"Weighted average, 1-5; null while unscored"`
	Recommendation string          `json:"recommendation" enum:"co_create_candidate,improve,sunset_candidate,keep,score_it"`
	Reasons        []string        `json:"reasons"`
	Breakdown      []BreakdownPart `json:"breakdown"`
}

// BreakdownPart is one criterion's share of a score.
type BreakdownPart struct {
	Criterion string  `json:"criterion"`
	Score     int     `json:"score"`
	Weight    float64 `json:"weight"`
	Counted   float64 `json:"counted" doc:"What it adds: the score, or 6 - score for maintainability"`
	Note      string  `json:"note,omitempty"`
}

func (s *server) priorityRoutes() {
	huma.Register(s.api, op("set-scores", http.MethodPut, "/api/v1/tools/{id}/scores", "Score a tool",
		"The five criteria of the prioritisation framework, 1-5 each, with notes (engineer). Earlier scores are kept."), s.setScores)
	huma.Register(s.api, op("score-history", http.MethodGet, "/api/v1/tools/{id}/scores", "A tool's scores over time", ""), s.scoreHistory)
	huma.Register(s.api, op("priorities", http.MethodGet, "/api/v1/priorities", "The ranked inventory",
		"Active tools by weighted score with breakdown and recommendation."), s.priorities)
	huma.Register(s.api, op("get-weights", http.MethodGet, "/api/v1/priorities/weights", "Priority weights, with history", ""), s.getWeights)
	huma.Register(s.api, op("set-weights", http.MethodPut, "/api/v1/priorities/weights", "Weight the criteria",
		"How much each criterion counts (manager). Earlier weights are kept."), s.setWeights)
}

func (s *server) setScores(ctx context.Context, in *struct {
	ToolPath
	Body ScoresIn
}) (*struct{ Body ScoresBody }, error) {
	b := in.Body
	sc := maintenance.Scores{Values: map[maintenance.Criterion]int{maintenance.Criticality: b.Criticality,
		maintenance.ProductFit: b.ProductFit, maintenance.Maintainability: b.Maintainability,
		maintenance.StrategicAlignment: b.StrategicAlignment, maintenance.CustomerValue: b.CustomerValue},
		Notes: map[maintenance.Criterion]string{}}
	for c, n := range b.Notes {
		sc.Notes[maintenance.Criterion(c)] = n
	}
	out, err := s.Maintenance.SetScores(ctx, actorOf(ctx), in.ID, sc)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &struct{ Body ScoresBody }{scoresBody(out)}, nil
}

func (s *server) scoreHistory(ctx context.Context, in *ToolPath) (*struct {
	Body struct {
		Items []ScoresBody `json:"items"`
	}
}, error) {
	list, err := s.Maintenance.ScoreHistory(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	out := &struct {
		Body struct {
			Items []ScoresBody `json:"items"`
		}
	}{}
	out.Body.Items = []ScoresBody{}
	for _, sc := range list {
		out.Body.Items = append(out.Body.Items, scoresBody(sc))
	}
	return out, nil
}

type prioritiesOut struct {
	Body struct {
		Weights WeightsBody    `json:"weights"`
		Items   []PriorityItem `json:"items"`
		// Improvements are the open improvement items, by priority (rule 18 of issue 14).
		Improvements []PrioritisedImprovementBody `json:"improvements"`
	}
}

func (s *server) priorities(ctx context.Context, _ *struct{}) (*prioritiesOut, error) {
	ranked, w, err := s.Maintenance.Priorities(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.bodyErr(err)
	}
	out := &prioritiesOut{}
	out.Body.Weights, out.Body.Items = weightsBody(w), make([]PriorityItem, 0, len(ranked))
	for _, r := range ranked {
		it := PriorityItem{ToolID: r.Tool.ID, Name: r.Tool.Name, Category: string(r.Tool.Category), Stage: string(r.Tool.Stage),
			Score: r.Score, Recommendation: string(r.Recommendation), Reasons: r.Reasons, Breakdown: []BreakdownPart{}}
		for _, p := range r.Parts {
			it.Breakdown = append(it.Breakdown, BreakdownPart{Criterion: string(p.Criterion), Score: p.Score, Weight: p.Weight,
				Counted: p.Counted, Note: r.Scores.Notes[p.Criterion]})
		}
		out.Body.Items = append(out.Body.Items, it)
	}
	if out.Body.Improvements, err = s.improvementPriorities(ctx); err != nil {
		return nil, s.bodyErr(err)
	}
	return out, nil
}

// WeightsHistoryBody is the current weights and every earlier weighting.
type WeightsHistoryBody struct {
	Current WeightsBody   `json:"current"`
	History []WeightsBody `json:"history"`
}

func (s *server) getWeights(ctx context.Context, _ *struct{}) (*struct {
	ETag string `header:"ETag" doc:"Send it back in If-Match to change the weights"`
	Body WeightsHistoryBody
}, error) {
	cur, err := s.Maintenance.Weights(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.bodyErr(err)
	}
	hist, err := s.Maintenance.WeightHistory(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.bodyErr(err)
	}
	out := &struct {
		ETag string `header:"ETag" doc:"Send it back in If-Match to change the weights"`
		Body WeightsHistoryBody
	}{ETag: etag(int(cur.ID))}
	out.Body.Current, out.Body.History = weightsBody(cur), []WeightsBody{}
	for _, w := range hist {
		out.Body.History = append(out.Body.History, weightsBody(w))
	}
	return out, nil
}

func (s *server) setWeights(ctx context.Context, in *struct {
	IfMatch string `header:"If-Match"`
	Body    WeightsBody
}) (*struct {
	ETag string `header:"ETag"`
	Body WeightsBody
}, error) {
	b := in.Body
	w, err := s.Maintenance.SetWeights(ctx, actorOf(ctx), ifMatch(in.IfMatch), maintenance.Weights{Values: map[maintenance.Criterion]float64{
		maintenance.Criticality: b.Criticality, maintenance.ProductFit: b.ProductFit, maintenance.Maintainability: b.Maintainability,
		maintenance.StrategicAlignment: b.StrategicAlignment, maintenance.CustomerValue: b.CustomerValue}})
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &struct {
		ETag string `header:"ETag"`
		Body WeightsBody
	}{etag(int(w.ID)), weightsBody(w)}, nil
}
