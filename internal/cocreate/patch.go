package cocreate

import (
	"context"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Patch fills in a co-create; nil fields stay as they are.
type Patch struct {
	IntegrationEpicURL *string
	Handover           *HandoverPatch
	Loop1              *Loop1Patch
	Loop2              *Loop2Patch
	Considerations     *ConsiderationsPatch
}

// HandoverPatch fills in the handover epic.
type HandoverPatch struct {
	EpicURL, ProductGroup, ProductManager, EngineeringMgr     *string
	DefinitionOfDone, FeatureFlag, RolloutPlan, HandoverPoint *string
}

// Loop1Patch ticks loop 1's activities and records its outputs.
type Loop1Patch struct {
	PMValidated, EngineeringValidated, AlignedWithPlans, ProofOfConcept, ScopeRefined *CheckInput
	ValidatedProposalURL, TechnicalDesignURL                                          *string
	StakeholderAlignment                                                              *[]string // who aligned; now is when
}

// Loop2Patch ticks loop 2's activities and records its outputs.
type Loop2Patch struct {
	TestsWritten, DocsWritten, Deployed, FeatureShipped, APIAvailable *CheckInput
	DocumentationURL                                                  *string
}

// ConsiderationsPatch records the key considerations.
type ConsiderationsPatch struct {
	FeatureParity                              *Parity
	AcceptedGaps                               *[]string
	TargetDate, Timeline, StakeholderAlignment *string
}

// CheckInput ticks or unticks an activity, with an optional note.
type CheckInput struct {
	Done bool
	Note string
}

// Update fills in a tool's co-create.
func (s *Service) Update(ctx context.Context, actor core.Actor, ref Ref, version int, p Patch) (CoCreate, error) {
	return s.change(ctx, actor, ref, version, "cocreate.updated", func(_ Tx, c *CoCreate) (string, error) {
		now := s.clock.Now()
		var changed []string
		if p.IntegrationEpicURL != nil {
			if err := checkURL("integration_epic_url", *p.IntegrationEpicURL, true); err != nil {
				return "", err
			}
			c.IntegrationEpicURL, changed = strings.TrimSpace(*p.IntegrationEpicURL), append(changed, "integration epic")
		}
		if p.Handover != nil {
			if err := applyHandover(&c.Handover, *p.Handover, now); err != nil {
				return "", err
			}
			changed = append(changed, "handover epic")
		}
		if p.Loop1 != nil {
			if err := applyLoop1(&c.Loop1, *p.Loop1, actor, now); err != nil {
				return "", err
			}
			changed = append(changed, "loop 1")
		}
		if p.Loop2 != nil {
			if err := applyLoop2(&c.Loop2, *p.Loop2, actor, now); err != nil {
				return "", err
			}
			changed = append(changed, "loop 2")
		}
		if p.Considerations != nil {
			if err := applyConsiderations(&c.Considerations, *p.Considerations); err != nil {
				return "", err
			}
			changed = append(changed, "key considerations")
		}
		return "co-create updated: " + strings.Join(changed, ", "), nil
	})
}

func setText(dst *string, src *string, field string, limit int, p *core.Problems) {
	if src == nil {
		return
	}
	v := strings.TrimSpace(*src)
	p.MaxLen(field, v, limit)
	*dst = v
}

func tick(dst *Check, in *CheckInput, actor core.Actor, now time.Time) {
	if in == nil {
		return
	}
	*dst = Check{Done: in.Done, Note: strings.TrimSpace(in.Note)}
	if in.Done {
		dst.By, dst.At = actor.Username, &now
	}
}

func applyHandover(h *Handover, p HandoverPatch, now time.Time) error {
	var pr core.Problems
	if p.EpicURL != nil {
		if err := checkURL("handover.epic_url", *p.EpicURL, false); err != nil {
			return err
		}
		if h.CreatedAt == nil && strings.TrimSpace(*p.EpicURL) != "" {
			h.CreatedAt = &now
		}
	}
	setText(&h.EpicURL, p.EpicURL, "handover.epic_url", 2048, &pr)
	setText(&h.ProductGroup, p.ProductGroup, "handover.product_group", 200, &pr)
	setText(&h.ProductManager, p.ProductManager, "handover.product_manager", 200, &pr)
	setText(&h.EngineeringMgr, p.EngineeringMgr, "handover.engineering_manager", 200, &pr)
	setText(&h.DefinitionOfDone, p.DefinitionOfDone, "handover.definition_of_done", maxText, &pr)
	setText(&h.FeatureFlag, p.FeatureFlag, "handover.feature_flag", 200, &pr)
	setText(&h.RolloutPlan, p.RolloutPlan, "handover.rollout_plan", maxText, &pr)
	setText(&h.HandoverPoint, p.HandoverPoint, "handover.handover_point", maxText, &pr)
	return pr.Err("the handover epic is not valid")
}

func applyLoop1(l *Loop1, p Loop1Patch, actor core.Actor, now time.Time) error {
	for _, u := range []struct {
		field string
		v     *string
	}{{"loop1.validated_proposal_url", p.ValidatedProposalURL}, {"loop1.technical_design_url", p.TechnicalDesignURL}} {
		if u.v != nil {
			if err := checkURL(u.field, *u.v, false); err != nil {
				return err
			}
		}
	}
	tick(&l.PMValidated, p.PMValidated, actor, now)
	tick(&l.EngineeringValidated, p.EngineeringValidated, actor, now)
	tick(&l.AlignedWithPlans, p.AlignedWithPlans, actor, now)
	tick(&l.ProofOfConcept, p.ProofOfConcept, actor, now)
	tick(&l.ScopeRefined, p.ScopeRefined, actor, now)
	var pr core.Problems
	setText(&l.ValidatedProposalURL, p.ValidatedProposalURL, "loop1.validated_proposal_url", 2048, &pr)
	setText(&l.TechnicalDesignURL, p.TechnicalDesignURL, "loop1.technical_design_url", 2048, &pr)
	if p.StakeholderAlignment != nil {
		who := cleanList(*p.StakeholderAlignment)
		l.StakeholderAlignment = Alignment{Who: who}
		if len(who) > 0 {
			l.StakeholderAlignment.At = &now
		}
	}
	return pr.Err("loop 1 is not valid")
}

func applyLoop2(l *Loop2, p Loop2Patch, actor core.Actor, now time.Time) error {
	if p.DocumentationURL != nil {
		if err := checkURL("loop2.documentation_url", *p.DocumentationURL, false); err != nil {
			return err
		}
		l.DocumentationURL = strings.TrimSpace(*p.DocumentationURL)
	}
	tick(&l.TestsWritten, p.TestsWritten, actor, now)
	tick(&l.DocsWritten, p.DocsWritten, actor, now)
	tick(&l.Deployed, p.Deployed, actor, now)
	tick(&l.FeatureShipped, p.FeatureShipped, actor, now)
	tick(&l.APIAvailable, p.APIAvailable, actor, now)
	return nil
}

func applyConsiderations(c *Considerations, p ConsiderationsPatch) error {
	var pr core.Problems
	if p.FeatureParity != nil {
		pr.Require(*p.FeatureParity == FullParity || *p.FeatureParity == GoodEnough, "considerations.feature_parity",
			"must be full or good_enough", *p.FeatureParity)
		c.FeatureParity = *p.FeatureParity
	}
	if p.AcceptedGaps != nil {
		c.AcceptedGaps = cleanList(*p.AcceptedGaps)
	}
	if p.TargetDate != nil && *p.TargetDate != "" {
		_, err := time.Parse(time.DateOnly, *p.TargetDate)
		pr.Require(err == nil, "considerations.target_date", "must be a date, YYYY-MM-DD", *p.TargetDate)
	}
	setText(&c.TargetDate, p.TargetDate, "considerations.target_date", 10, &pr)
	setText(&c.Timeline, p.Timeline, "considerations.timeline", maxText, &pr)
	setText(&c.StakeholderAlignment, p.StakeholderAlignment, "considerations.stakeholder_alignment", maxText, &pr)
	return pr.Err("the key considerations are not valid")
}

// cleanList trims entries and drops empty ones.
func cleanList(in []string) []string {
	out := []string{}
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
