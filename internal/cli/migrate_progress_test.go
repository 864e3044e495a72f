package cli

import (
	"bytes"
	"strings"
	"testing"
)

func TestCopyProgressDrawsABarPerTable(t *testing.T) {
	var w bytes.Buffer
	p := newCopyProgress(&w, true)
	p.update("users", 0, 3)
	p.update("users", 3, 3)
	p.update("settings", 0, 0) // an empty table has no bar
	p.update("tools", 0, 2000)
	p.update("tools", 1000, 2000)
	p.finish()
	for _, want := range []string{"users", "3/3", "tools", "1000/2000"} {
		if !strings.Contains(w.String(), want) {
			t.Errorf("the bars should show %q:\n%q", want, w.String())
		}
	}
	if strings.Contains(w.String(), "settings") {
		t.Errorf("an empty table got a bar:\n%q", w.String())
	}
}
