package bizhours

import (
	"fmt"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// The instants the engine answers for: from First up to, not including, End
// (UTC years 1970 to 2200). Outside them an answer would be wrong, so
// callers check with InRange and refuse with OutOfRange.
var (
	First = time.Date(firstYear, 1, 1, 0, 0, 0, 0, time.UTC)
	End   = time.Date(lastYear+1, 1, 1, 0, 0, 0, 0, time.UTC)
)

// InRange reports whether t is an instant the engine answers for.
func InRange(t time.Time) bool { return !t.Before(First) && t.Before(End) }

// OutOfRange is the Invalid error for a field whose time, or whose result,
// falls outside the supported range; it names the range.
func OutOfRange(field string, value any) error {
	msg := fmt.Sprintf("business time is computed from %s to %s (UTC) only", First.Format(time.DateOnly),
		End.Add(-time.Nanosecond).Format(time.DateOnly))
	return &core.Error{Code: core.Invalid, Message: msg, Fields: []core.FieldError{{Field: field, Message: msg, Value: value}}}
}
