package httpapi

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// etag is the entity tag of a stored version.
func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }

// ifMatch turns an If-Match header into the version it asks for: NoVersion
// when absent, AnyVersion for "*", UnknownVersion for a tag this server
// never gave out (which matches nothing, so the change is refused with 412).
func ifMatch(h string) int {
	h = strings.TrimSpace(h)
	switch h {
	case "":
		return core.NoVersion
	case "*":
		return core.AnyVersion
	}
	v, err := strconv.Atoi(strings.Trim(strings.TrimPrefix(h, "W/"), `"`))
	if err != nil || v < 0 {
		return core.UnknownVersion
	}
	return v
}

func jsonEncode(w io.Writer, v any) error { return json.NewEncoder(w).Encode(v) }
