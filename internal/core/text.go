package core

import "fmt"

// LineProblem says what is wrong with s as a name or a title shown to
// people — a NUL, another control character, or a bidirectional override
// that could make it read differently from what it is — or "" when nothing is.
func LineProblem(s string) string {
	for _, r := range s {
		switch {
		case r == 0:
			return "must not contain NUL"
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			return fmt.Sprintf("must not contain control characters (found U+%04X)", r)
		case (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c:
			return fmt.Sprintf("must not contain bidirectional formatting characters (found U+%04X)", r)
		}
	}
	return ""
}

// Line records a problem when s, a name or a title, is not plain text (see LineProblem).
func (p *Problems) Line(field, s string) {
	if m := LineProblem(s); m != "" {
		p.Add(field, m, s)
	}
}
