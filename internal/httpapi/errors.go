package httpapi

import (
	"errors"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// statusOf is the one map from error codes to HTTP statuses.
var statusOf = map[core.Code]int{
	core.Invalid:            http.StatusUnprocessableEntity,
	core.NotFound:           http.StatusNotFound,
	core.Conflict:           http.StatusConflict,
	core.Forbidden:          http.StatusForbidden,
	core.Unauthorized:       http.StatusUnauthorized,
	core.PreconditionFailed: http.StatusPreconditionFailed,
	core.PreconditionNeeded: http.StatusPreconditionRequired,
	core.Internal:           http.StatusInternalServerError,
}

// StatusOf is the HTTP status of an error code, for every adapter that
// answers over HTTP (the API, the web pages); 0 for a code it does not know.
func StatusOf(code core.Code) int { return statusOf[code] }

// Problem is an RFC 9457 problem document with the error's code and the
// list of bad fields (each with its location, such as body.name).
type Problem struct {
	huma.ErrorModel
	Code string `json:"code,omitempty" doc:"Machine-readable error code: invalid, not_found, conflict, forbidden, unauthorized, precondition_failed, precondition_required, internal"`
}

// problem turns a workflow error into a problem document. Field errors are
// located in where ("body" or "query"). Internal errors are logged with
// their cause, and the client sees only that the server failed.
func (s *server) problem(err error, where string) error {
	var ce *core.Error
	if !errors.As(err, &ce) {
		ce = core.Wrap(err, "the server failed")
	}
	status := StatusOf(ce.Code)
	if status == 0 {
		status = http.StatusInternalServerError
	}
	p := &Problem{Code: string(ce.Code), ErrorModel: huma.ErrorModel{
		Title: http.StatusText(status), Status: status, Detail: ce.Message,
	}}
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "error", err)
		p.Detail = "the server failed; the error is logged"
		return p
	}
	for _, f := range ce.Fields {
		p.Errors = append(p.Errors, &huma.ErrorDetail{Message: f.Message, Location: where + "." + f.Field, Value: f.Value})
	}
	return p
}

func (s *server) bodyErr(err error) error  { return s.problem(err, "body") }
func (s *server) queryErr(err error) error { return s.problem(err, "query") }
