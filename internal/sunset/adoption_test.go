package sunset

import (
	"testing"
	"time"
)

func TestMigrationDone(t *testing.T) {
	target, max := 0.9, int64(10)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	sample := func(days int, internal, product int64) Sample {
		s := Sample{At: t0.AddDate(0, 0, days), InternalUses: internal, ProductUses: product}
		s.ProductShare = share(s)
		return s
	}
	tests := []struct {
		name     string
		criteria SuccessCriteria
		samples  []Sample
		want     bool
	}{
		{"no measurable target", SuccessCriteria{Description: "most people moved"}, []Sample{sample(0, 0, 10)}, false},
		{"no sample", SuccessCriteria{MinProductShare: &target}, nil, false},
		{"share reached", SuccessCriteria{MinProductShare: &target}, []Sample{sample(0, 50, 50), sample(1, 5, 95)}, true},
		{"the newest sample counts, not the best", SuccessCriteria{MinProductShare: &target}, []Sample{sample(1, 5, 95), sample(2, 50, 50)}, false},
		{"order of recording does not matter", SuccessCriteria{MinProductShare: &target}, []Sample{sample(2, 5, 95), sample(1, 50, 50)}, true},
		{"both criteria", SuccessCriteria{MinProductShare: &target, MaxInternalUses: &max}, []Sample{sample(0, 20, 980)}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			done, why := MigrationDone(Plan{Migration: Migration{SuccessCriteria: tc.criteria}}, tc.samples)
			if done != tc.want {
				t.Errorf("MigrationDone = %v (%s), want %v", done, why, tc.want)
			}
			if !done && why == "" {
				t.Error("a migration that is not done must say why")
			}
		})
	}
}
