package bizhours

import "gitlab.com/prodseceng/interlock/internal/core"

// namesField reports whether err is an Invalid error naming field.
func namesField(err error, field string) bool {
	e, ok := err.(*core.Error)
	if !ok || e.Code != core.Invalid {
		return false
	}
	for _, f := range e.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}
