package httpapi

import (
	"context"
	"time"

	"gitlab.com/prodseceng/interlock/internal/cocreate"
)

type ItemPath struct {
	ToolPath
	ItemID int64 `path:"item_id"`
}

// FunctionalityIn describes a discrete piece of functionality.
type FunctionalityIn struct {
	Title       *string   `json:"title,omitempty" minLength:"1" maxLength:"200"`
	Description *string   `json:"description,omitempty" maxLength:"20000"`
	Status      *string   `json:"status,omitempty" enum:"planned,in_progress,in_product,dropped"`
	EpicURL     *string   `json:"epic_url,omitempty" maxLength:"2048"`
	Labels      *[]string `json:"labels,omitempty" maxItems:"50" doc:"Defaults to the ProdSecEngMetric::Tooling Integration label"`
}

func (f FunctionalityIn) input() cocreate.FunctionalityInput {
	return cocreate.FunctionalityInput{Title: f.Title, Description: f.Description,
		Status: enumPtr[cocreate.FunctionalityStatus](f.Status), EpicURL: f.EpicURL, Labels: f.Labels}
}

type functionalityIn struct {
	ToolPath
	Body FunctionalityIn
}

type functionalityPatchIn struct {
	ItemPath
	Body FunctionalityIn
}

func (s *server) addFunctionality(ref refOf) func(context.Context, *functionalityIn) (*cocreateOut, error) {
	return func(ctx context.Context, in *functionalityIn) (*cocreateOut, error) {
		c, err := s.CoCreate.AddFunctionality(ctx, actorOf(ctx), ref(in.ID), in.Body.input())
		return newCoCreateOut(c, err, s)
	}
}

func (s *server) updateFunctionality(ref refOf) func(context.Context, *functionalityPatchIn) (*cocreateOut, error) {
	return func(ctx context.Context, in *functionalityPatchIn) (*cocreateOut, error) {
		c, err := s.CoCreate.UpdateFunctionality(ctx, actorOf(ctx), ref(in.ID), in.ItemID, in.Body.input())
		return newCoCreateOut(c, err, s)
	}
}

type answerIn struct {
	ToolPath
	Body struct {
		Question string     `json:"question" enum:"fits_group,concerns,smooth_handover,definition_of_done"`
		Answer   string     `json:"answer" minLength:"1" maxLength:"20000"`
		SaidBy   string     `json:"said_by" minLength:"1" maxLength:"200" doc:"Who in the product group said it"`
		SaidAt   *time.Time `json:"said_at,omitempty" doc:"When; defaults to now"`
	}
}

func (s *server) answerHandover(ref refOf) func(context.Context, *answerIn) (*cocreateOut, error) {
	return func(ctx context.Context, in *answerIn) (*cocreateOut, error) {
		c, err := s.CoCreate.Answer(ctx, actorOf(ctx), ref(in.ID), cocreate.AnswerInput{Question: cocreate.Question(in.Body.Question),
			Answer: in.Body.Answer, SaidBy: in.Body.SaidBy, SaidAt: in.Body.SaidAt})
		return newCoCreateOut(c, err, s)
	}
}

// MergeRequestIn describes a contribution to the product.
type MergeRequestIn struct {
	URL              *string  `json:"url,omitempty" maxLength:"2048"`
	Title            *string  `json:"title,omitempty" maxLength:"300"`
	State            *string  `json:"state,omitempty" enum:"opened,merged,closed"`
	FunctionalityID  *int64   `json:"functionality_id,omitempty"`
	CompletesPhaseID *int64   `json:"completes_phase_id,omitempty"`
	Fulfils          *[]int64 `json:"fulfils,omitempty" maxItems:"100"`
}

func (m MergeRequestIn) input() cocreate.MergeRequestInput {
	return cocreate.MergeRequestInput{URL: m.URL, Title: m.Title, State: enumPtr[cocreate.MRState](m.State),
		FunctionalityID: m.FunctionalityID, CompletesPhaseID: m.CompletesPhaseID, Fulfils: m.Fulfils}
}

type mrIn struct {
	ToolPath
	Body MergeRequestIn
}

type mrPatchIn struct {
	ItemPath
	Body MergeRequestIn
}

func (s *server) addMergeRequest(ref refOf) func(context.Context, *mrIn) (*cocreateOut, error) {
	return func(ctx context.Context, in *mrIn) (*cocreateOut, error) {
		c, err := s.CoCreate.AddMergeRequest(ctx, actorOf(ctx), ref(in.ID), in.Body.input())
		return newCoCreateOut(c, err, s)
	}
}

func (s *server) updateMergeRequest(ref refOf) func(context.Context, *mrPatchIn) (*cocreateOut, error) {
	return func(ctx context.Context, in *mrPatchIn) (*cocreateOut, error) {
		c, err := s.CoCreate.UpdateMergeRequest(ctx, actorOf(ctx), ref(in.ID), in.ItemID, in.Body.input())
		return newCoCreateOut(c, err, s)
	}
}

type feedbackIn struct {
	ToolPath
	Body struct {
		Who      string `json:"who" minLength:"1" maxLength:"200"`
		Feedback string `json:"feedback" minLength:"1" maxLength:"20000"`
	}
}

func (s *server) addFeedback(ref refOf) func(context.Context, *feedbackIn) (*cocreateOut, error) {
	return func(ctx context.Context, in *feedbackIn) (*cocreateOut, error) {
		c, err := s.CoCreate.AddFeedback(ctx, actorOf(ctx), ref(in.ID), in.Body.Who, in.Body.Feedback)
		return newCoCreateOut(c, err, s)
	}
}

type phaseIn struct {
	ToolPath
	Body struct {
		Title        string `json:"title" minLength:"1" maxLength:"200"`
		CompleteWhen string `json:"complete_when" minLength:"1" maxLength:"20000"`
	}
}

func (s *server) addPhase(ref refOf) func(context.Context, *phaseIn) (*cocreateOut, error) {
	return func(ctx context.Context, in *phaseIn) (*cocreateOut, error) {
		c, err := s.CoCreate.AddPhase(ctx, actorOf(ctx), ref(in.ID), in.Body.Title, in.Body.CompleteWhen)
		return newCoCreateOut(c, err, s)
	}
}

func (s *server) completePhase(ref refOf) func(context.Context, *ItemPath) (*cocreateOut, error) {
	return func(ctx context.Context, in *ItemPath) (*cocreateOut, error) {
		c, err := s.CoCreate.CompletePhase(ctx, actorOf(ctx), ref(in.ID), in.ItemID)
		return newCoCreateOut(c, err, s)
	}
}

type issueIn struct {
	ToolPath
	Body struct {
		Requirement string `json:"requirement" minLength:"1" maxLength:"2000"`
		URL         string `json:"url,omitempty" maxLength:"2048"`
	}
}

func (s *server) addSunsettingIssue(ref refOf) func(context.Context, *issueIn) (*cocreateOut, error) {
	return func(ctx context.Context, in *issueIn) (*cocreateOut, error) {
		c, err := s.CoCreate.AddSunsettingIssue(ctx, actorOf(ctx), ref(in.ID), in.Body.Requirement, in.Body.URL)
		return newCoCreateOut(c, err, s)
	}
}

func (s *server) closeSunsettingIssue(ref refOf) func(context.Context, *ItemPath) (*cocreateOut, error) {
	return func(ctx context.Context, in *ItemPath) (*cocreateOut, error) {
		c, err := s.CoCreate.CloseSunsettingIssue(ctx, actorOf(ctx), ref(in.ID), in.ItemID)
		return newCoCreateOut(c, err, s)
	}
}
