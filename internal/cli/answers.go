package cli

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

var heading = regexp.MustCompile(`^#{2,6}\s+(.+?)\s*#*\s*$`)

// parseAnswers reads template answers from YAML (a map of question keys)
// or Markdown (each "## Problem statement" heading starts the answer to
// problem_statement; a "# Title" and text before the first question are
// ignored).
func parseAnswers(name string, data []byte) (map[string]string, error) {
	if strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") {
		var m map[string]string
		if err := yaml.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return m, nil
	}
	return parseMarkdown(data), nil
}

// parseMarkdown maps each heading, as a key, to the text under it.
func parseMarkdown(data []byte) map[string]string {
	out := map[string]string{}
	key := ""
	var body strings.Builder
	flush := func() {
		if key != "" {
			out[key] = strings.TrimSpace(body.String())
		}
		body.Reset()
	}
	for _, line := range strings.Split(string(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))), "\n") {
		if m := heading.FindStringSubmatch(line); m != nil {
			flush()
			key = keyOf(m[1])
			continue
		}
		body.WriteString(line)
		body.WriteByte('\n')
	}
	flush()
	return out
}

// keyOf turns a heading into a question key: "Who is affected?" → who_is_affected.
func keyOf(h string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(h) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			under = false
		default:
			under = true
		}
	}
	return b.String()
}
