package sunset

import (
	"context"
	"fmt"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// SampleInput is one usage measurement to record.
type SampleInput struct {
	At           *time.Time // defaults to now
	InternalUses int64
	ProductUses  int64
}

// AddSample records how much the internal tool and the product feature were
// used, for monitoring adoption.
func (s *Service) AddSample(ctx context.Context, actor core.Actor, toolID int64, in SampleInput) (Sample, error) {
	if err := actor.Require(core.PermEngineer, "recording adoption"); err != nil {
		return Sample{}, err
	}
	var pr core.Problems
	pr.Require(in.InternalUses >= 0, "internal_uses", "must not be negative", in.InternalUses)
	pr.Require(in.ProductUses >= 0, "product_uses", "must not be negative", in.ProductUses)
	now := s.clock.Now()
	pr.Require(in.At == nil || !in.At.After(now), "at", "must not be in the future", in.At)
	if err := pr.Err("the adoption sample is not valid"); err != nil {
		return Sample{}, err
	}
	sample := Sample{At: now, InternalUses: in.InternalUses, ProductUses: in.ProductUses, RecordedBy: actor.Username}
	if in.At != nil {
		sample.At = in.At.UTC()
	}
	sample.ProductShare = share(sample)
	err := s.store.InTx(ctx, func(tx Tx) error {
		p, err := openPlan(ctx, tx, toolID, core.NoVersion)
		if err != nil {
			return err
		}
		if err := tx.InsertSample(ctx, &sample, p.ID); err != nil {
			return err
		}
		samples, err := tx.Samples(ctx, p.ID)
		if err != nil {
			return err
		}
		done, why := MigrationDone(p, samples)
		summary := fmt.Sprintf("adoption: %d internal, %d product uses (product share %.0f%%)",
			in.InternalUses, in.ProductUses, sample.ProductShare*100)
		if done {
			summary += "; the success criteria are met"
		}
		return tx.Append(ctx, core.Event{Subject: toolSubject(toolID), Type: "sunset.adoption", Actor: actor.Username,
			At: now, Summary: summary, Data: map[string]any{"sample_id": sample.ID, "migration_done": done, "why": why}})
	})
	return sample, err
}

func share(s Sample) float64 {
	total := s.InternalUses + s.ProductUses
	if total == 0 {
		return 0
	}
	return float64(s.ProductUses) / float64(total)
}

// Latest returns the newest sample, by time of measurement.
func Latest(samples []Sample) (Sample, bool) {
	if len(samples) == 0 {
		return Sample{}, false
	}
	latest := samples[0]
	for _, s := range samples[1:] {
		if !s.At.Before(latest.At) {
			latest = s
		}
	}
	return latest, true
}

// MigrationDone says whether the newest sample meets the plan's success
// criteria, and if not, why not.
func MigrationDone(p Plan, samples []Sample) (bool, string) {
	sc := p.Migration.SuccessCriteria
	if sc.MinProductShare == nil && sc.MaxInternalUses == nil {
		return false, "the success criteria give no measurable target (min_product_share or max_internal_uses)"
	}
	last, ok := Latest(samples)
	if !ok {
		return false, "no adoption sample yet"
	}
	if sc.MinProductShare != nil && last.ProductShare < *sc.MinProductShare {
		return false, fmt.Sprintf("the product feature has %.0f%% of usage, the target is %.0f%%", last.ProductShare*100, *sc.MinProductShare*100)
	}
	if sc.MaxInternalUses != nil && last.InternalUses > *sc.MaxInternalUses {
		return false, fmt.Sprintf("the internal tool still has %d uses, the target is at most %d", last.InternalUses, *sc.MaxInternalUses)
	}
	return true, ""
}
