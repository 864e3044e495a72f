package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/sunset"
)

// blankGapRows is how many blank parity gap rows the form offers besides
// the recorded ones (the API takes at most 100).
const blankGapRows = 3

// sunsetParity saves what a sunset plan knows beyond its migration: the
// parity gaps and how each is addressed, the alternatives users should move
// to, and the stakeholders who confirmed the tool is no longer needed.
func sunsetParity(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
	var gaps []sunset.Gap
	for i := 0; ; i++ {
		key := fmt.Sprintf("parity_gaps[%d]", i)
		g, ok := r.PostForm[key+".gap"]
		if !ok {
			break
		}
		gap := sunset.Gap{Gap: strings.TrimSpace(g[0]), Addressed: strings.TrimSpace(r.PostFormValue(key + ".addressed"))}
		if gap != (sunset.Gap{}) { // a blank row is no gap; one with only how it is addressed is refused by the service
			gaps = append(gaps, gap)
		}
	}
	if gaps == nil {
		gaps = []sunset.Gap{}
	}
	alternatives, agree := nonNil(lines(r.PostFormValue("alternatives"))), nonNil(lines(r.PostFormValue("stakeholders_agree")))
	_, err := ui.svc.Sunset.Update(r.Context(), a, id, version(r), sunset.Patch{ParityGaps: &gaps, Alternatives: &alternatives,
		StakeholdersAgree: &agree})
	return "Parity gaps, alternatives and agreements saved.", err
}

// sunsetRollBack calls off an open sunset plan (a manager's decision).
func sunsetRollBack(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
	_, _, err := ui.svc.Sunset.RollBack(r.Context(), a, id, version(r), sunset.RollBackInput{
		Category: inventory.Category(r.PostFormValue("rollback_category")), Reason: r.PostFormValue("rollback_reason")})
	return "The sunset is rolled back; the tool is operational again.", prefixFields(err, "rollback_", "rollback_")
}

// successThresholds reads the numeric success criteria of a migration when
// the form carries them: an empty field clears a threshold.
func successThresholds(r *http.Request, sc *sunset.SuccessCriteria) error {
	const share, uses = "migration.success_criteria.min_product_share", "migration.success_criteria.max_internal_uses"
	if _, ok := r.PostForm[share]; ok {
		sc.MinProductShare = nil
		if v := strings.TrimSpace(r.PostFormValue(share)); v != "" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return fieldInvalid(share, v, "must be a number between 0 and 1")
			}
			sc.MinProductShare = &f
		}
	}
	if _, ok := r.PostForm[uses]; ok {
		sc.MaxInternalUses = nil
		if v := strings.TrimSpace(r.PostFormValue(uses)); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return fieldInvalid(uses, v, "must be a whole number")
			}
			sc.MaxInternalUses = &n
		}
	}
	return nil
}

// gapRows are the parity gap rows the form shows: the recorded ones, and
// blank ones to add more.
func gapRows(p sunset.Plan) []sunset.Gap {
	return append(append([]sunset.Gap{}, p.ParityGaps...), make([]sunset.Gap, blankGapRows)...)
}

func fieldInvalid(field, value, msg string) error {
	return &core.Error{Code: core.Invalid, Message: "the form is not valid",
		Fields: []core.FieldError{{Field: field, Message: msg, Value: value}}}
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}
