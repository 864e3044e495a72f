package cocreate

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// FunctionalityInput describes a piece of functionality.
type FunctionalityInput struct {
	Title       *string
	Description *string
	Status      *FunctionalityStatus
	EpicURL     *string
	Labels      *[]string
}

// AddFunctionality lists a discrete piece of functionality with its epic.
// Its labels default to the tooling integration metric label.
func (s *Service) AddFunctionality(ctx context.Context, actor core.Actor, ref Ref, in FunctionalityInput) (CoCreate, error) {
	return s.change(ctx, actor, ref, core.NoVersion, "cocreate.functionality", func(tx Tx, c *CoCreate) (string, error) {
		f := Functionality{ID: nextID(len(c.Functionalities), func(i int) int64 { return c.Functionalities[i].ID }),
			Status: Planned, Labels: []string{MetricLabel}}
		if err := f.apply(in); err != nil {
			return "", err
		}
		if f.Title == "" {
			return "", invalid("title", nil, "is required")
		}
		c.Functionalities = append(c.Functionalities, f)
		if err := s.queueFunctionality(ctx, tx, *c, f); err != nil {
			return "", err
		}
		return fmt.Sprintf("functionality %d listed: %s (%s)", f.ID, f.Title, f.Status), nil
	})
}

// UpdateFunctionality changes a piece of functionality, e.g. its status.
func (s *Service) UpdateFunctionality(ctx context.Context, actor core.Actor, ref Ref, id int64, in FunctionalityInput) (CoCreate, error) {
	return s.change(ctx, actor, ref, core.NoVersion, "cocreate.functionality", func(_ Tx, c *CoCreate) (string, error) {
		i := slices.IndexFunc(c.Functionalities, func(f Functionality) bool { return f.ID == id })
		if i < 0 {
			return "", core.Errorf(core.NotFound, "the co-create has no functionality %d", id)
		}
		if err := c.Functionalities[i].apply(in); err != nil {
			return "", err
		}
		f := c.Functionalities[i]
		return fmt.Sprintf("functionality %d: %s is %s", f.ID, f.Title, f.Status), nil
	})
}

func (f *Functionality) apply(in FunctionalityInput) error {
	var pr core.Problems
	setText(&f.Title, in.Title, "title", 200, &pr)
	setText(&f.Description, in.Description, "description", maxText, &pr)
	if in.Status != nil {
		pr.Require(in.Status.Valid(), "status", "must be planned, in_progress, in_product or dropped", *in.Status)
		f.Status = *in.Status
	}
	if in.EpicURL != nil {
		if err := checkURL("epic_url", *in.EpicURL, false); err != nil {
			return err
		}
		f.EpicURL = strings.TrimSpace(*in.EpicURL)
	}
	if in.Labels != nil {
		f.Labels = cleanList(*in.Labels)
		pr.Require(len(f.Labels) <= 50, "labels", "has too many labels", len(f.Labels))
		pr.Require(f.HasMetricLabel(), "labels", "must carry "+MetricLabel+": every functionality epic is labelled so", f.Labels)
	}
	return pr.Err("the functionality is not valid")
}

// AnswerInput is what someone of the product group said.
type AnswerInput struct {
	Question Question
	Answer   string
	SaidBy   string
	SaidAt   *time.Time
}

// Answer records an answer to one of the seeds' questions on the handover epic.
func (s *Service) Answer(ctx context.Context, actor core.Actor, ref Ref, in AnswerInput) (CoCreate, error) {
	return s.change(ctx, actor, ref, core.NoVersion, "cocreate.handover_answer", func(_ Tx, c *CoCreate) (string, error) {
		var pr core.Problems
		pr.Require(slices.Contains(questions, in.Question), "question",
			"must be fits_group, concerns, smooth_handover or definition_of_done", in.Question)
		pr.Require(strings.TrimSpace(in.Answer) != "", "answer", "is required", nil)
		pr.MaxLen("answer", in.Answer, maxText)
		pr.Require(strings.TrimSpace(in.SaidBy) != "", "said_by", "is required: who in the product group said it", nil)
		if err := pr.Err("the answer is not valid"); err != nil {
			return "", err
		}
		at := s.clock.Now()
		if in.SaidAt != nil {
			at = in.SaidAt.UTC()
		}
		c.Handover.Answers = append(c.Handover.Answers, Answer{Question: in.Question, Answer: strings.TrimSpace(in.Answer),
			SaidBy: strings.TrimSpace(in.SaidBy), SaidAt: at, RecordedBy: actor.Username})
		return fmt.Sprintf("handover: %s answered %s", in.SaidBy, in.Question), nil
	})
}

// AddFeedback records what an internal user, as Customer Zero, said.
func (s *Service) AddFeedback(ctx context.Context, actor core.Actor, ref Ref, who, feedback string) (CoCreate, error) {
	return s.change(ctx, actor, ref, core.NoVersion, "cocreate.feedback", func(_ Tx, c *CoCreate) (string, error) {
		var pr core.Problems
		pr.Require(strings.TrimSpace(who) != "", "who", "is required", nil)
		pr.Require(strings.TrimSpace(feedback) != "", "feedback", "is required", nil)
		pr.MaxLen("feedback", feedback, maxText)
		if err := pr.Err("the feedback is not valid"); err != nil {
			return "", err
		}
		c.Considerations.CustomerZero = append(c.Considerations.CustomerZero, Feedback{Who: strings.TrimSpace(who),
			Feedback: strings.TrimSpace(feedback), At: s.clock.Now(), RecordedBy: actor.Username})
		return "Customer Zero feedback from " + who, nil
	})
}

// nextID returns one more than the largest id of a list.
func nextID(n int, id func(int) int64) int64 {
	var largest int64
	for i := range n {
		largest = max(largest, id(i))
	}
	return largest + 1
}

const maxText = 20000
