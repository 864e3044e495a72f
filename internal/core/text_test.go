package core_test

import (
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
)

func TestLineProblem(t *testing.T) {
	for s, bad := range map[string]bool{
		"VulnMapper": false, "Ünïcode — fine": false, "emoji 🛠": false,
		"a\x00b": true, "tab\t": true, "line\nbreak": true, "del\x7f": true, "c1\u0085": true,
		"rlo\u202e": true, "lri\u2066": true, "rlm\u200f": true, "alm\u061c": true,
	} {
		if got := core.LineProblem(s) != ""; got != bad {
			t.Errorf("LineProblem(%q) refused = %t, want %t", s, got, bad)
		}
	}
	var p core.Problems
	p.Line("name", "ok")
	p.Line("title", "x\u202ey")
	if err := p.Err("bad"); err == nil || len(err.(*core.Error).Fields) != 1 || err.(*core.Error).Fields[0].Field != "title" {
		t.Fatalf("Problems.Line: %v", err)
	}
}
