package intake

import (
	"slices"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// TemplateKeys are the answers each kind's template asks for; Required
// must all be present before understanding completes.
var (
	TemplateKeys = map[Kind][]string{
		NetNew: {"problem_statement", "who_is_affected", "user_requirements", "alternatives_explored", "business_case", "urgency"},
		Handover: {"customer_problem", "business_process", "current_capabilities", "current_users", "architecture",
			"existing_adrs"},
		Other: {"description"},
	}
	optionalKeys = map[string]bool{"existing_adrs": true}
)

// Limits of a request's text.
const (
	MaxAnswer = 20000
	MaxTitle  = 200
	MaxBasis  = 20000
)

// CheckTemplate names every template key that is unknown or too long.
func CheckTemplate(kind Kind, t map[string]string, p *core.Problems) {
	for k, v := range t {
		f := "template." + k
		p.Require(slices.Contains(TemplateKeys[kind], k), f, "is not a question of the "+string(kind)+" template ("+
			strings.Join(TemplateKeys[kind], ", ")+")", k)
		p.MaxLen(f, v, MaxAnswer)
	}
}

// MissingAnswers names each required answer that is empty.
func MissingAnswers(kind Kind, t map[string]string) []core.FieldError {
	var out []core.FieldError
	for _, k := range TemplateKeys[kind] {
		if !optionalKeys[k] && strings.TrimSpace(t[k]) == "" {
			out = append(out, core.FieldError{Field: "template." + k, Message: "must be answered before the request can be understood"})
		}
	}
	return out
}

// merge adds answers to a template; an empty answer removes one.
func merge(dst, src map[string]string) map[string]string {
	if dst == nil {
		dst = map[string]string{}
	}
	for k, v := range src {
		if v = strings.TrimSpace(v); v == "" {
			delete(dst, k)
		} else {
			dst[k] = v
		}
	}
	return dst
}
