package httpapi_test

import (
	"slices"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/httpapi"
)

func TestDefuseEscapesEveryFormulaStart(t *testing.T) {
	rows := httpapi.DefuseCSV([][]string{{"=1+1", "+1", "-1", "@A1", "\tx", "\rx", "a=b", "", "1"}})
	want := []string{"'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", "a=b", "", "1"}
	if !slices.Equal(rows[0], want) {
		t.Fatalf("defuse = %q, want %q", rows[0], want)
	}
}
