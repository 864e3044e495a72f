package sunset

import (
	"context"
	"fmt"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// TransferInput hands a tool to another team.
type TransferInput struct {
	NewOwnerTeam string
	Note         string
	// DocumentationUpdated ticks "README and documentation updated for the
	// new owner": the transfer is not complete without it (rule 4 of issue 14).
	DocumentationUpdated bool
}

// Transfer hands a tool to another team instead of sunsetting it: the tool's
// stage becomes transferred, with the new owner and the date, and an open
// sunset plan ends as transferred. It is a decision, so it needs a manager.
func (s *Service) Transfer(ctx context.Context, actor core.Actor, toolID int64, in TransferInput) (Transfer, inventory.Tool, error) {
	if err := actor.Require(core.PermManage, "transferring a tool"); err != nil {
		return Transfer{}, inventory.Tool{}, err
	}
	in.NewOwnerTeam, in.Note = strings.TrimSpace(in.NewOwnerTeam), strings.TrimSpace(in.Note)
	var pr core.Problems
	pr.Require(in.NewOwnerTeam != "", "new_owner_team", "is required", nil)
	pr.MaxLen("new_owner_team", in.NewOwnerTeam, inventory.MaxTeam)
	pr.MaxLen("note", in.Note, maxText)
	pr.Require(in.DocumentationUpdated, "documentation_updated",
		"tick it once the README and documentation name the new owner: the transfer is not complete before", in.DocumentationUpdated)
	if err := pr.Err("the transfer is not valid"); err != nil {
		return Transfer{}, inventory.Tool{}, err
	}
	var tr Transfer
	var tool inventory.Tool
	err := s.store.InTx(ctx, func(tx Tx) error {
		before, err := tx.Tool(ctx, toolID)
		if err != nil {
			return err
		}
		if before.Stage.Ended() {
			return core.Errorf(core.Conflict, "%s is %s already: a tool that has left ProdSecEng's care cannot be transferred", before.Name, before.Stage)
		}
		if strings.EqualFold(before.OwnerTeam, in.NewOwnerTeam) {
			return invalid("new_owner_team", in.NewOwnerTeam, "is the current owner")
		}
		now := s.clock.Now()
		tr = Transfer{ToolID: toolID, FromTeam: before.OwnerTeam, ToTeam: in.NewOwnerTeam, Note: in.Note, By: actor.Username, At: now}
		if err := tx.InsertTransfer(ctx, &tr); err != nil {
			return err
		}
		tool, err = s.inventory.Apply(ctx, tx, actor, toolID, "tool.transferred",
			fmt.Sprintf("transferred from %s to %s; README and documentation updated for the new owner", tr.FromTeam, tr.ToTeam),
			func(t *inventory.Tool) error {
				t.Stage, t.OwnerTeam = inventory.Transferred, in.NewOwnerTeam
				return nil
			})
		if err != nil {
			return err
		}
		if err := s.endPlanAsTransferred(ctx, tx, actor, toolID, tr); err != nil {
			return err
		}
		recipients := append(stakeholders(before, "the tool changes owner"),
			core.Recipient{Kind: "team", Name: tr.ToTeam, Reason: "new owner of the tool"})
		return tx.Enqueue(ctx, core.Message{Topic: "tool.transferred", Subject: toolSubject(toolID), CreatedAt: now,
			Recipients: recipients, Title: fmt.Sprintf("%s now belongs to %s", tool.Name, tr.ToTeam),
			Body: fmt.Sprintf("Ownership of %s moved from %s to %s on %s. %s", tool.Name, tr.FromTeam, tr.ToTeam,
				now.Format("2006-01-02"), in.Note)})
	})
	return tr, tool, err
}

func (s *Service) endPlanAsTransferred(ctx context.Context, tx OpenTx, actor core.Actor, toolID int64, tr Transfer) error {
	p, err := tx.SunsetPlan(ctx, toolID)
	if core.IsCode(err, core.NotFound) {
		return nil
	}
	if err != nil || p.State != Open {
		return err
	}
	p.State, p.ClosedAt = Transferred, &tr.At
	return s.save(ctx, tx, actor, &p, "sunset.transferred", "sunset plan ended: the tool was transferred to "+tr.ToTeam, nil)
}

// Transfers lists a tool's transfers.
func (s *Service) Transfers(ctx context.Context, actor core.Actor, toolID int64) ([]Transfer, error) {
	if err := actor.Require(core.PermRead, "reading transfers"); err != nil {
		return nil, err
	}
	return s.store.Transfers(ctx, toolID)
}
