package httpapi

import (
	"fmt"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/intake"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// vocabularies are the enum values the API shows and accepts, read from the
// workflow packages that define them. A field tagged `enum:"@name"` takes
// the values of vocabulary name, so that a value is added in one place.
var vocabularies = map[string][]string{
	"@criticality":    values(inventory.Criticalities),
	"@category":       values(inventory.Categories),
	"@stage":          values(inventory.Stages),
	"@editable_stage": values(inventory.EditableStages),
	"@health":         values(inventory.Healths),
	"@level":          values(inventory.Levels),
	"@adr_status":     values(inventory.ADRStatuses),
	"@role":           values(core.Roles),
	"@request_kind":   values(intake.Kinds),
	"@request_state":  values(intake.States),
	"@step":           values(intake.Steps),
	"@issue_kind":     values(maintenance.IssueKinds),
	"@issue_state":    values(maintenance.IssueStates),
	"@clock_state":    values(maintenance.ClockStateValues),
}

func values[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// fillVocabularies replaces each "@name" enum of the document's schemas,
// parameters and bodies with the values of its vocabulary. The validation
// of requests reads the same schemas, so it accepts exactly those values.
func fillVocabularies(oapi *huma.OpenAPI) {
	seen := map[*huma.Schema]bool{}
	var walk func(s *huma.Schema)
	walk = func(s *huma.Schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		fillEnum(s)
		for _, p := range s.Properties {
			walk(p)
		}
		walk(s.Items)
		if ap, ok := s.AdditionalProperties.(*huma.Schema); ok {
			walk(ap)
		}
		for _, xs := range [][]*huma.Schema{s.OneOf, s.AnyOf, s.AllOf} {
			for _, x := range xs {
				walk(x)
			}
		}
	}
	for _, s := range oapi.Components.Schemas.Map() {
		walk(s)
	}
	for _, item := range oapi.Paths {
		for _, o := range []*huma.Operation{item.Get, item.Put, item.Post, item.Patch, item.Delete} {
			if o == nil {
				continue
			}
			for _, p := range o.Parameters {
				walk(p.Schema)
			}
			if o.RequestBody != nil {
				for _, mt := range o.RequestBody.Content {
					walk(mt.Schema)
				}
			}
			for _, r := range o.Responses {
				for _, mt := range r.Content {
					walk(mt.Schema)
				}
			}
		}
	}
}

// fillEnum sets the values of a schema whose enum names a vocabulary.
func fillEnum(s *huma.Schema) {
	if len(s.Enum) != 1 {
		return
	}
	name, ok := s.Enum[0].(string)
	if !ok || !strings.HasPrefix(name, "@") {
		return
	}
	vs, ok := vocabularies[name]
	if !ok {
		panic(fmt.Sprintf("httpapi: enum %q names no vocabulary", name))
	}
	s.Enum = make([]any, len(vs))
	for i, v := range vs {
		s.Enum[i] = v
	}
	s.PrecomputeMessages()
}
