package httpapi

import (
	"net/http"
	"regexp"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// codeOfStatus gives huma's own errors (schema validation, malformed JSON,
// unsupported media type) the same codes the workflows' errors carry.
var codeOfStatus = map[int]core.Code{
	http.StatusBadRequest:            core.Invalid,
	http.StatusRequestEntityTooLarge: core.Invalid,
	http.StatusUnsupportedMediaType:  core.Invalid,
	http.StatusUnprocessableEntity:   core.Invalid,
	http.StatusUnauthorized:          core.Unauthorized,
	http.StatusForbidden:             core.Forbidden,
	http.StatusNotFound:              core.NotFound,
	http.StatusConflict:              core.Conflict,
	http.StatusPreconditionFailed:    core.PreconditionFailed,
	http.StatusPreconditionRequired:  core.PreconditionNeeded,
}

var missingProperty = regexp.MustCompile(`^expected required property (\S+) to be present$`)

// humaError builds every problem document huma writes for requests it
// refuses before a handler runs: with a code, and with a missing property
// located at the property itself (body.name), not at the object that lacks it.
func humaError(status int, msg string, errs ...error) huma.StatusError {
	p := &Problem{ErrorModel: huma.ErrorModel{Status: status, Title: http.StatusText(status), Detail: msg}}
	if c, ok := codeOfStatus[status]; ok {
		p.Code = string(c)
	} else if status >= 500 {
		p.Code = string(core.Internal)
	}
	for _, err := range errs {
		if err == nil {
			continue
		}
		d := &huma.ErrorDetail{Message: err.Error()}
		if det, ok := err.(huma.ErrorDetailer); ok {
			d = det.ErrorDetail()
		}
		if m := missingProperty.FindStringSubmatch(d.Message); m != nil {
			d = &huma.ErrorDetail{Message: "is required", Location: d.Location + "." + m[1]}
		}
		p.Errors = append(p.Errors, d)
	}
	return p
}

// huma's error constructor is its documented extension point, and a
// package variable: it is set once, here, for the whole process.
func init() { huma.NewError = humaError }
