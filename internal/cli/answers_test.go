package cli

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseMarkdownAnswers(t *testing.T) {
	md := "# Request\nignored preamble\n\n## Problem statement\nTriage is manual.\n\nIt takes hours.\n" +
		"## Who is affected?\nAppSec\n### User requirements ###\n- map findings\n- to owners\n## Urgency\n"
	got := parseMarkdown([]byte(md))
	want := map[string]string{"request": "", "problem_statement": "Triage is manual.\n\nIt takes hours.",
		"who_is_affected": "AppSec", "user_requirements": "- map findings\n- to owners", "urgency": ""}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if y, err := parseAnswers("a.yaml", []byte("problem_statement: manual\nurgency: high\n")); err != nil || y["urgency"] != "high" {
		t.Errorf("yaml = %v, %v", y, err)
	}
	if _, err := parseAnswers("a.yaml", []byte("- not\n- a map\n")); err == nil {
		t.Error("a YAML list was accepted as answers")
	}
}

func FuzzParseMarkdown(f *testing.F) {
	f.Add([]byte("## Problem statement\nx\n## Urgency\nhigh\n"))
	f.Add([]byte("#\n##   \n### a-b-c ###\n\r\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		for k, v := range parseMarkdown(data) {
			if strings.ContainsAny(k, " \n#") || (k != "" && !utf8.ValidString(k)) {
				t.Fatalf("key %q is not a question key", k)
			}
			if len(v) > len(data) {
				t.Fatalf("answer longer than the input")
			}
		}
	})
}
