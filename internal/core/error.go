package core

import (
	"errors"
	"fmt"
	"strings"
)

// Code classifies an Error. Adapters map each code to their own status (an
// HTTP status, an exit code); nothing above storage inspects error strings.
type Code string

// The codes. Only Internal errors are logged; the others are the client's to fix.
const (
	Invalid            Code = "invalid"
	NotFound           Code = "not_found"
	Conflict           Code = "conflict"
	Forbidden          Code = "forbidden"
	Unauthorized       Code = "unauthorized"
	PreconditionFailed Code = "precondition_failed"
	PreconditionNeeded Code = "precondition_required"
	Internal           Code = "internal"
)

// FieldError names one bad field of an input and what is wrong with it. Field
// is a JSON path into the request body, such as "stakeholder_teams[2]".
type FieldError struct {
	Field   string
	Message string
	Value   any
}

// Error is the application's one error type: a code, a message that is safe
// to show the user, the fields it concerns, and the underlying cause, which is
// never shown.
type Error struct {
	Code    Code
	Message string
	Fields  []FieldError
	Err     error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Message)
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Message)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error with the given code and a formatted, user-safe message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an internal error that keeps err as its cause and shows the
// user only msg.
func Wrap(err error, msg string) *Error {
	return &Error{Code: Internal, Message: msg, Err: err}
}

// ErrorCode returns the code of err, Internal for an error that is not an
// *Error, and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// IsCode reports whether err carries the given code.
func IsCode(err error, code Code) bool { return ErrorCode(err) == code }
