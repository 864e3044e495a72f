package httpapi

import (
	"slices"
	"testing"
)

func TestDefuseEscapesEveryFormulaStart(t *testing.T) {
	rows := defuse([][]string{{"=1+1", "+1", "-1", "@A1", "\tx", "\rx", "a=b", "", "1"}})
	want := []string{"'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", "a=b", "", "1"}
	if !slices.Equal(rows[0], want) {
		t.Fatalf("defuse = %q, want %q", rows[0], want)
	}
}
