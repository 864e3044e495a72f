package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestCalendarThroughTheCLI(t *testing.T) {
	env := testenv.New(t)
	must(t, env, []string{"Asia/Singapore", "09:00-17:00"}, "calendar", "show")
	doc := filepath.Join(t.TempDir(), "calendar.yaml")
	os.WriteFile(doc, []byte(`reference_timezone: America/New_York
windows:
  - {timezone: America/New_York, weekdays: [mon, tue, wed, thu, fri], start: "09:00", end: "17:00"}
holidays:
  - {date: "2026-11-26"}
`), 0o644)
	must(t, env, []string{"America/New_York", "holiday 2026-11-26 (everywhere)"}, "calendar", "set", "--file", doc)
	must(t, env, []string{"due 2026-11-23T12:00:00-05:00"}, "calendar", "due", "--from", "2026-11-20T16:00:00-05:00", "--amount", "4")
	code, _, errOut := run(t, env, testenv.AdminToken, "calendar", "due", "--from", "friday", "--amount", "4")
	if code != 1 || !strings.Contains(errOut, "from") {
		t.Errorf("a bad --from: %d %q", code, errOut)
	}
}
