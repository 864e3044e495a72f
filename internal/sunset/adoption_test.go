package sunset_test

import (
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/sunset"
)

func TestMigrationDone(t *testing.T) {
	target, max := 0.9, int64(10)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	sample := func(days int, internal, product int64) sunset.Sample {
		s := sunset.Sample{At: t0.AddDate(0, 0, days), InternalUses: internal, ProductUses: product}
		s.ProductShare = float64(product) / float64(internal+product)
		return s
	}
	tests := []struct {
		name     string
		criteria sunset.SuccessCriteria
		samples  []sunset.Sample
		want     bool
	}{
		{"no measurable target", sunset.SuccessCriteria{Description: "most people moved"}, []sunset.Sample{sample(0, 0, 10)}, false},
		{"no sample", sunset.SuccessCriteria{MinProductShare: &target}, nil, false},
		{"share reached", sunset.SuccessCriteria{MinProductShare: &target}, []sunset.Sample{sample(0, 50, 50), sample(1, 5, 95)}, true},
		{"the newest sample counts, not the best", sunset.SuccessCriteria{MinProductShare: &target}, []sunset.Sample{sample(1, 5, 95), sample(2, 50, 50)}, false},
		{"order of recording does not matter", sunset.SuccessCriteria{MinProductShare: &target}, []sunset.Sample{sample(2, 5, 95), sample(1, 50, 50)}, true},
		{"both criteria", sunset.SuccessCriteria{MinProductShare: &target, MaxInternalUses: &max}, []sunset.Sample{sample(0, 20, 980)}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			done, why := sunset.MigrationDone(sunset.Plan{Migration: sunset.Migration{SuccessCriteria: tc.criteria}}, tc.samples)
			if done != tc.want {
				t.Errorf("MigrationDone = %v (%s), want %v", done, why, tc.want)
			}
			if !done && why == "" {
				t.Error("a migration that is not done must say why")
			}
		})
	}
}
