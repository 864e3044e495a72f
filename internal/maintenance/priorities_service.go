package maintenance

import (
	"context"
	"fmt"
	"sort"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// SetScores records a tool's scores (manager: prioritisation is the team's
// decision, not one engineer's); earlier scores stay in its history.
func (s *Service) SetScores(ctx context.Context, actor core.Actor, toolID int64, sc Scores) (Scores, error) {
	if err := actor.Require(core.PermManage, "scoring a tool"); err != nil {
		return Scores{}, err
	}
	if err := sc.Validate(); err != nil {
		return Scores{}, err
	}
	sc.ToolID, sc.By, sc.At = toolID, actor.Username, s.clock.Now()
	err := s.store.Scores.InTx(ctx, func(tx ScoreTx) error {
		if _, err := tx.Tool(ctx, toolID); err != nil {
			return err
		}
		if err := tx.InsertScores(ctx, &sc); err != nil {
			return err
		}
		return tx.Append(ctx, core.Event{Subject: toolSubject(toolID), Type: "tool.scored", Actor: actor.Username, At: sc.At,
			Summary: fmt.Sprintf("scored: criticality %d, product fit %d, maintainability %d, strategic alignment %d, customer value %d",
				sc.Values[Criticality], sc.Values[ProductFit], sc.Values[Maintainability], sc.Values[StrategicAlignment], sc.Values[CustomerValue]),
			Data: map[string]any{"scores": sc.Values, "notes": sc.Notes}})
	})
	return sc, err
}

// ScoreHistory lists a tool's scores, oldest first.
func (s *Service) ScoreHistory(ctx context.Context, actor core.Actor, toolID int64) ([]Scores, error) {
	if err := actor.Require(core.PermRead, "reading scores"); err != nil {
		return nil, err
	}
	return s.store.Scores.ScoreHistory(ctx, toolID)
}

// Weights returns the current weights.
func (s *Service) Weights(ctx context.Context, actor core.Actor) (Weights, error) {
	if err := actor.Require(core.PermRead, "reading weights"); err != nil {
		return Weights{}, err
	}
	return weightsOf(ctx, s.store.Scores)
}

// WeightHistory lists every weighting, oldest first.
func (s *Service) WeightHistory(ctx context.Context, actor core.Actor) ([]Weights, error) {
	if err := actor.Require(core.PermRead, "reading weights"); err != nil {
		return nil, err
	}
	return s.store.Scores.WeightHistory(ctx)
}

func weightsOf(ctx context.Context, r ScoreReader) (Weights, error) {
	w, err := r.LatestWeights(ctx)
	if core.IsCode(err, core.NotFound) {
		return DefaultWeights(), nil
	}
	return w, err
}

// SetWeights changes how much each criterion counts (manager). version is
// the current weights' ID as last read (0 for the defaults): a replace of
// shared configuration needs it, so that no one overwrites a change unseen.
func (s *Service) SetWeights(ctx context.Context, actor core.Actor, version int, w Weights) (Weights, error) {
	if err := actor.Require(core.PermManage, "weighting the priorities"); err != nil {
		return Weights{}, err
	}
	if err := w.Validate(); err != nil {
		return Weights{}, err
	}
	w.By, w.At = actor.Username, s.clock.Now()
	err := s.store.Scores.InTx(ctx, func(tx ScoreTx) error {
		cur, err := weightsOf(ctx, tx)
		if err != nil {
			return err
		}
		if err := core.CheckVersion("the weights", int(cur.ID), version, true); err != nil {
			return err
		}
		if err := tx.InsertWeights(ctx, &w); err != nil {
			return err
		}
		return tx.Append(ctx, core.Event{Subject: core.Subject{Type: "priorities"}, Type: "priorities.weighted",
			Actor: actor.Username, At: w.At, Summary: fmt.Sprintf("priority weights set: %v", w.Values), Data: w.Values})
	})
	return w, err
}

// Ranked is one tool's place in the priorities.
type Ranked struct {
	Tool           inventory.Tool
	Scores         *Scores
	Score          *float64
	Parts          []Part
	Recommendation Recommendation
	Reasons        []string
}

// Priorities ranks the active inventory by weighted score, highest first,
// with each tool's breakdown and recommendation; unscored tools come last.
func (s *Service) Priorities(ctx context.Context, actor core.Actor) ([]Ranked, Weights, error) {
	if err := actor.Require(core.PermRead, "reading priorities"); err != nil {
		return nil, Weights{}, err
	}
	w, err := weightsOf(ctx, s.store.Scores)
	if err != nil {
		return nil, Weights{}, err
	}
	view, err := s.inventoryView(ctx)
	if err != nil {
		return nil, Weights{}, err
	}
	scores, err := s.store.Scores.LatestScores(ctx)
	if err != nil {
		return nil, Weights{}, err
	}
	out := make([]Ranked, 0, len(view.tools))
	for _, t := range view.tools {
		r := Ranked{Tool: t}
		if sc, ok := scores[t.ID]; ok {
			score, parts := Priority(sc, w)
			r.Scores, r.Score, r.Parts = &sc, &score, parts
		}
		r.Recommendation, r.Reasons = Recommend(r.Scores, view.situation(t))
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Score, out[j].Score
		if a == nil || b == nil {
			return a != nil
		}
		return *a > *b
	})
	return out, w, nil
}
