package inventory

import (
	"slices"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// ADRStatus is where an architectural decision record stands.
type ADRStatus string

// The ADR statuses.
const (
	ADRProposed   ADRStatus = "proposed"
	ADRAccepted   ADRStatus = "accepted"
	ADRSuperseded ADRStatus = "superseded"
	ADRDeprecated ADRStatus = "deprecated"
)

// ADRStatuses lists every status.
var ADRStatuses = []ADRStatus{ADRProposed, ADRAccepted, ADRSuperseded, ADRDeprecated}

// Valid reports whether s is a known status.
func (s ADRStatus) Valid() bool { return slices.Contains(ADRStatuses, s) }

// adrMoves says which status an ADR may move to by an edit. Superseded is
// reached only by recording the ADR that supersedes it.
var adrMoves = map[ADRStatus][]ADRStatus{
	ADRProposed: {ADRAccepted, ADRDeprecated},
	ADRAccepted: {ADRDeprecated},
}

// ADR is an architectural decision record of a tool, numbered per tool.
type ADR struct {
	ID            int64
	ToolID        int64
	Number        int
	Title         string
	Status        ADRStatus
	Context       string
	Decision      string
	Consequences  string
	Retrospective bool   // written after the fact, as at a handover
	Supersedes    *int64 // number of the ADR this one replaces
	SupersededBy  *int64 // number of the ADR that replaced this one
	CreatedBy     string
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Version       int
}

// Validate checks the ADR's fields and names each bad one.
func (a *ADR) Validate() error {
	var p core.Problems
	a.Title = strings.TrimSpace(a.Title)
	p.Require(a.Title != "", "title", "is required", nil)
	p.MaxLen("title", a.Title, MaxTitle)
	p.Require(a.Status.Valid(), "status", "must be "+core.OneOf(ADRStatuses), a.Status)
	p.Require(strings.TrimSpace(a.Context) != "", "context", "is required: say what forces the decision", nil)
	p.Require(strings.TrimSpace(a.Decision) != "", "decision", "is required", nil)
	p.MaxLen("context", a.Context, MaxFreeText)
	p.MaxLen("decision", a.Decision, MaxFreeText)
	p.MaxLen("consequences", a.Consequences, MaxFreeText)
	return p.Err("the ADR is not valid")
}

// CanMove reports whether an ADR in status from may be edited into status to.
func CanMove(from, to ADRStatus) bool {
	return from == to || slices.Contains(adrMoves[from], to)
}
