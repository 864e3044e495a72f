package intake

import (
	"context"
	"fmt"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Answer adds or changes template answers while the request is being
// understood: the requester, or an engineer working it.
func (s *Service) Answer(ctx context.Context, actor core.Actor, id int64, version int, answers map[string]string) (Request, error) {
	return s.change(ctx, id, version, func(tx Tx, r *Request) error {
		if err := s.mayWork(*r, actor, "answering the template"); err != nil {
			return err
		}
		if r.State != Open || r.Step != Understanding {
			return core.Errorf(core.Conflict, "request %d is past understanding (at %s): its template is settled", r.ID, r.Step)
		}
		var p core.Problems
		CheckTemplate(r.Kind, answers, &p)
		if err := p.Err("the answers are not valid"); err != nil {
			return err
		}
		r.Template = merge(r.Template, answers)
		return s.event(ctx, tx, actor, *r, "request.answered", "template answered: "+core.Count(len(answers), "answer", "answers"), nil)
	})
}

// mayWork lets the requester, and anyone who may work intake steps, change a request.
func (s *Service) mayWork(r Request, actor core.Actor, what string) error {
	if actor.Username == r.Requester && actor.Role.Can(core.PermRequest) {
		return nil
	}
	return actor.Require(core.PermEngineer, what+" of someone else's request")
}

// Comment adds to the discussion of a request.
func (s *Service) Comment(ctx context.Context, actor core.Actor, id int64, body string) (Comment, error) {
	if err := actor.Require(core.PermRequest, "commenting"); err != nil {
		return Comment{}, err
	}
	body = strings.TrimSpace(body)
	var p core.Problems
	p.Require(body != "", "body", "is required", nil)
	p.MaxLen("body", body, MaxAnswer)
	if err := p.Err("the comment is not valid"); err != nil {
		return Comment{}, err
	}
	c := Comment{RequestID: id, Author: actor.Username, Body: body, At: s.clock.Now()}
	err := s.store.InTx(ctx, func(tx Tx) error {
		r, err := tx.Request(ctx, id)
		if err != nil {
			return err
		}
		if err := s.mayRead(ctx, actor, r); err != nil {
			return err
		}
		if err := tx.InsertComment(ctx, &c); err != nil {
			return err
		}
		return s.event(ctx, tx, actor, r, "request.commented", fmt.Sprintf("%s commented", actor.Username),
			map[string]any{"comment_id": c.ID})
	})
	return c, err
}

// Comments lists a request's discussion, oldest first.
func (s *Service) Comments(ctx context.Context, actor core.Actor, id int64) ([]Comment, error) {
	if _, err := s.Get(ctx, actor, id); err != nil {
		return nil, err
	}
	return s.store.Comments(ctx, id)
}

// Withdraw ends a request that is not decided: by its requester or an engineer.
func (s *Service) Withdraw(ctx context.Context, actor core.Actor, id int64, version int, reason string) (Request, error) {
	reason = strings.TrimSpace(reason)
	return s.change(ctx, id, version, func(tx Tx, r *Request) error {
		if err := s.mayWork(*r, actor, "withdrawing"); err != nil {
			return err
		}
		if r.State == Decided || r.State == Withdrawn {
			return core.Errorf(core.Conflict, "request %d is already %s: there is nothing left to withdraw", r.ID, r.State)
		}
		if len(reason) > MaxBasis {
			return &core.Error{Code: core.Invalid, Message: "the reason is too long", Fields: []core.FieldError{{Field: "reason", Message: "is longer than the limit"}}}
		}
		r.State, r.WithdrawReason = Withdrawn, reason
		return s.event(ctx, tx, actor, *r, "request.withdrawn", "withdrawn: "+reason, nil)
	})
}
