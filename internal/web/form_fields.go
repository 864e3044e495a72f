package web

import (
	"errors"
	"regexp"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// mapFields returns a refusal whose fields are named by name(field), for a
// form that names a service's fields otherwise; other errors are returned
// as they are.
func mapFields(err error, name func(field string) string) error {
	var ce *core.Error
	if !errors.As(err, &ce) {
		return err
	}
	out := *ce
	out.Fields = nil
	for _, f := range ce.Fields {
		f.Field = name(f.Field)
		out.Fields = append(out.Fields, f)
	}
	return &out
}

// renameFields renames the fields of a refusal that start with from.
func renameFields(err error, from, to string) error {
	return mapFields(err, func(f string) string {
		if strings.HasPrefix(f, from) {
			return to + strings.TrimPrefix(f, from)
		}
		return f
	})
}

// prefixFields names a form's fields as the form does when the service
// names them bare (a score is "criticality" to the service, and
// "scores.criticality" on a page that also edits the tool's criticality).
func prefixFields(err error, prefix, keep string) error {
	return mapFields(err, func(f string) string {
		if !strings.HasPrefix(f, keep) {
			return prefix + f
		}
		return f
	})
}

// listIndex is the index the service puts after a list field ("fulfils[0]").
var listIndex = regexp.MustCompile(`\[\d+\]$`)

// formFields names a refusal's fields as one form of a page names them:
// the service says "title", the phase form's field is "phase.title". The
// index of a list entry is dropped, as the form has one field for the list.
func formFields(err error, prefix string) error {
	return mapFields(err, func(f string) string {
		f = listIndex.ReplaceAllString(f, "")
		if !strings.HasPrefix(f, prefix) {
			return prefix + f
		}
		return f
	})
}
