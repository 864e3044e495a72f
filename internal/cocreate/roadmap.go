package cocreate

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// AddPhase adds a phase to the sunset roadmap, with what completes it.
func (s *Service) AddPhase(ctx context.Context, actor core.Actor, ref Ref, title, completeWhen string) (CoCreate, error) {
	return s.change(ctx, actor, ref, core.NoVersion, "cocreate.roadmap", func(_ Tx, c *CoCreate) (string, error) {
		var pr core.Problems
		pr.Require(strings.TrimSpace(title) != "", "title", "is required", nil)
		pr.Require(strings.TrimSpace(completeWhen) != "", "complete_when", "is required: say what completes the phase", nil)
		pr.MaxLen("title", title, 200)
		pr.MaxLen("complete_when", completeWhen, maxText)
		if err := pr.Err("the phase is not valid"); err != nil {
			return "", err
		}
		ph := Phase{ID: nextID(len(c.Roadmap.Phases), func(i int) int64 { return c.Roadmap.Phases[i].ID }),
			Title: strings.TrimSpace(title), CompleteWhen: strings.TrimSpace(completeWhen)}
		c.Roadmap.Phases = append(c.Roadmap.Phases, ph)
		return fmt.Sprintf("roadmap phase %d: %s", ph.ID, ph.Title), nil
	})
}

// CompletePhase marks a roadmap phase complete.
func (s *Service) CompletePhase(ctx context.Context, actor core.Actor, ref Ref, id int64) (CoCreate, error) {
	return s.change(ctx, actor, ref, core.NoVersion, "cocreate.roadmap", func(_ Tx, c *CoCreate) (string, error) {
		return s.completePhase(c, id)
	})
}

func (s *Service) completePhase(c *CoCreate, id int64) (string, error) {
	i := slices.IndexFunc(c.Roadmap.Phases, func(p Phase) bool { return p.ID == id })
	if i < 0 {
		return "", core.Errorf(core.NotFound, "the sunset roadmap has no phase %d", id)
	}
	if c.Roadmap.Phases[i].DoneAt == nil {
		now := s.clock.Now()
		c.Roadmap.Phases[i].DoneAt = &now
	}
	return fmt.Sprintf("roadmap phase %d complete: %s", id, c.Roadmap.Phases[i].Title), nil
}

// AddSunsettingIssue records a requirement for deprecating the internal tool.
func (s *Service) AddSunsettingIssue(ctx context.Context, actor core.Actor, ref Ref, requirement, url string) (CoCreate, error) {
	return s.change(ctx, actor, ref, core.NoVersion, "cocreate.roadmap", func(tx Tx, c *CoCreate) (string, error) {
		if strings.TrimSpace(requirement) == "" {
			return "", invalid("requirement", nil, "is required")
		}
		if err := checkURL("url", url, false); err != nil {
			return "", err
		}
		is := SunsettingIssue{ID: nextID(len(c.Roadmap.Issues), func(i int) int64 { return c.Roadmap.Issues[i].ID }),
			Requirement: strings.TrimSpace(requirement), URL: strings.TrimSpace(url), State: "open"}
		c.Roadmap.Issues = append(c.Roadmap.Issues, is)
		if err := s.queueSunsettingIssue(ctx, tx, *c, is); err != nil {
			return "", err
		}
		return fmt.Sprintf("sunsetting issue %d: %s", is.ID, is.Requirement), nil
	})
}

// CloseSunsettingIssue closes an issue whose requirement is fulfilled.
func (s *Service) CloseSunsettingIssue(ctx context.Context, actor core.Actor, ref Ref, id int64) (CoCreate, error) {
	return s.change(ctx, actor, ref, core.NoVersion, "cocreate.roadmap", func(_ Tx, c *CoCreate) (string, error) {
		return s.closeIssue(c, id)
	})
}

func (s *Service) closeIssue(c *CoCreate, id int64) (string, error) {
	i := slices.IndexFunc(c.Roadmap.Issues, func(is SunsettingIssue) bool { return is.ID == id })
	if i < 0 {
		return "", core.Errorf(core.NotFound, "the sunset roadmap has no sunsetting issue %d", id)
	}
	if c.Roadmap.Issues[i].State != "closed" {
		now := s.clock.Now()
		c.Roadmap.Issues[i].State, c.Roadmap.Issues[i].ClosedAt = "closed", &now
	}
	return fmt.Sprintf("sunsetting issue %d closed: %s", id, c.Roadmap.Issues[i].Requirement), nil
}

// MergeRequestInput describes a contribution to the product.
type MergeRequestInput struct {
	URL              *string
	Title            *string
	State            *MRState
	FunctionalityID  *int64
	CompletesPhaseID *int64
	Fulfils          *[]int64
}

// AddMergeRequest records a contribution to the product (loop 2).
func (s *Service) AddMergeRequest(ctx context.Context, actor core.Actor, ref Ref, in MergeRequestInput) (CoCreate, error) {
	return s.change(ctx, actor, ref, core.NoVersion, "cocreate.merge_request", func(_ Tx, c *CoCreate) (string, error) {
		if c.Loop != Integration {
			return "", core.Errorf(core.Conflict, "merge requests belong to loop 2 (integration); the co-create is in %s", c.Loop)
		}
		mr := MergeRequest{ID: nextID(len(c.Loop2.MergeRequests), func(i int) int64 { return c.Loop2.MergeRequests[i].ID }), State: MROpened}
		if in.URL == nil {
			return "", invalid("url", nil, "is required")
		}
		c.Loop2.MergeRequests = append(c.Loop2.MergeRequests, mr)
		return s.applyMR(c, len(c.Loop2.MergeRequests)-1, in)
	})
}

// UpdateMergeRequest changes a merge request. When it becomes merged, the
// contribution is finished: the roadmap phase it completes is marked done
// and the sunsetting issues it fulfils are closed.
func (s *Service) UpdateMergeRequest(ctx context.Context, actor core.Actor, ref Ref, id int64, in MergeRequestInput) (CoCreate, error) {
	return s.change(ctx, actor, ref, core.NoVersion, "cocreate.merge_request", func(_ Tx, c *CoCreate) (string, error) {
		i := slices.IndexFunc(c.Loop2.MergeRequests, func(m MergeRequest) bool { return m.ID == id })
		if i < 0 {
			return "", core.Errorf(core.NotFound, "the co-create has no merge request %d", id)
		}
		return s.applyMR(c, i, in)
	})
}

func (s *Service) applyMR(c *CoCreate, i int, in MergeRequestInput) (string, error) {
	mr := &c.Loop2.MergeRequests[i]
	was := mr.State
	if in.URL != nil {
		if err := checkURL("url", *in.URL, true); err != nil {
			return "", err
		}
		mr.URL = strings.TrimSpace(*in.URL)
	}
	var pr core.Problems
	setText(&mr.Title, in.Title, "title", 300, &pr)
	if in.State != nil {
		pr.Require(slices.Contains([]MRState{MROpened, MRMerged, MRClosed}, *in.State), "state", "must be opened, merged or closed", *in.State)
		mr.State = *in.State
	}
	if in.FunctionalityID != nil {
		pr.Require(slices.ContainsFunc(c.Functionalities, func(f Functionality) bool { return f.ID == *in.FunctionalityID }),
			"functionality_id", "is not a functionality of this co-create", *in.FunctionalityID)
		mr.FunctionalityID = in.FunctionalityID
	}
	if in.CompletesPhaseID != nil {
		pr.Require(slices.ContainsFunc(c.Roadmap.Phases, func(p Phase) bool { return p.ID == *in.CompletesPhaseID }),
			"completes_phase_id", "is not a phase of the sunset roadmap", *in.CompletesPhaseID)
		mr.CompletesPhaseID = in.CompletesPhaseID
	}
	if in.Fulfils != nil {
		for k, id := range *in.Fulfils {
			pr.Require(slices.ContainsFunc(c.Roadmap.Issues, func(is SunsettingIssue) bool { return is.ID == id }),
				fmt.Sprintf("fulfils[%d]", k), "is not a sunsetting issue of the roadmap", id)
		}
		mr.Fulfils = *in.Fulfils
	}
	if err := pr.Err("the merge request is not valid"); err != nil {
		return "", err
	}
	summary := fmt.Sprintf("merge request %d (%s) %s", mr.ID, mr.URL, mr.State)
	if mr.State == MRMerged && was != MRMerged {
		now := s.clock.Now()
		mr.MergedAt = &now
		done, err := s.finishContribution(c, *mr)
		if err != nil {
			return "", err
		}
		summary += done
	}
	return summary, nil
}

// finishContribution updates the roadmap after a merged contribution.
func (s *Service) finishContribution(c *CoCreate, mr MergeRequest) (string, error) {
	var notes []string
	if mr.CompletesPhaseID != nil {
		note, err := s.completePhase(c, *mr.CompletesPhaseID)
		if err != nil {
			return "", err
		}
		notes = append(notes, note)
	}
	for _, id := range mr.Fulfils {
		note, err := s.closeIssue(c, id)
		if err != nil {
			return "", err
		}
		notes = append(notes, note)
	}
	if len(notes) == 0 {
		return "", nil
	}
	return "; " + strings.Join(notes, "; "), nil
}
