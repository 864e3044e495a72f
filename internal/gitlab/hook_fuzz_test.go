package gitlab_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gl "gitlab.com/gitlab-org/api/client-go"

	"gitlab.com/prodseceng/interlock/internal/gitlab"
)

// FuzzInspectDelivery feeds the webhook parsers (the receiver's check and
// the worker's client-go parse) bodies and event names: they never panic,
// the worker takes nothing the receiver refuses, it answers queued or
// ignored for what it takes, and an issue, pipeline or vulnerability event
// it takes always maps without error (it must not fail for its shape later).
func FuzzInspectDelivery(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "webhooks", "*", "*.json"))
	events := map[string]string{"issue": "Issue Hook", "pipeline": "Pipeline Hook", "vulnerability": "Vulnerability Hook", "push": "Push Hook"}
	for _, file := range files {
		body, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for prefix, event := range events {
			if strings.HasPrefix(filepath.Base(file), prefix) {
				f.Add(event, body)
			}
		}
	}
	f.Add("Confidential Issue Hook", []byte(`{"object_kind":"issue","object_attributes":{"id":1,"created_at":"2013-12-03 17:15:43 UTC"}}`))
	f.Add("Issue Hook", []byte(`{"object_attributes":{"id":1,"created_at":"2013-12-03T17:15:43Z","closed_at":7}}`))
	f.Fuzz(func(t *testing.T, event string, body []byte) {
		received := gitlab.CheckDelivery(event, body) == nil
		seen, ev, err := gitlab.InspectDelivery(event, body)
		if err != nil {
			return
		}
		if !received {
			t.Fatal("the worker took a delivery the receiver refuses")
		}
		if seen.Status != gitlab.DeliveryQueued && seen.Status != gitlab.DeliveryIgnored {
			t.Fatalf("status %q", seen.Status)
		}
		switch e := ev.(type) {
		case *gl.IssueEvent:
			var extras gitlab.IssueExtras
			_ = json.Unmarshal(body, &extras)
			if _, err := gitlab.IssueToExternal(e, extras, gitlab.DefaultLabelMapping(), ""); err != nil {
				t.Fatalf("accepted issue event does not map: %v", err)
			}
		case *gl.PipelineEvent:
			if _, err := gitlab.PipelineTime(e.ObjectAttributes); err != nil {
				t.Fatalf("accepted pipeline event has a bad time: %v", err)
			}
		case *gl.VulnerabilityEvent:
			if _, err := gitlab.VulnerabilityToExternal(e.ObjectAttributes, "", gitlab.DefaultLabelMapping(), ""); err != nil {
				t.Fatalf("accepted vulnerability event does not map: %v", err)
			}
		}
	})
}

func TestParseHookTime(t *testing.T) {
	for _, s := range []string{"2013-12-03T17:15:43Z", "2013-12-03 17:15:43 UTC", "2013-12-03T18:15:43+01:00"} {
		got, err := gitlab.ParseHookTime(s)
		if err != nil || got.Format("2006-01-02T15:04:05Z07:00") != "2013-12-03T17:15:43Z" {
			t.Errorf("%s: %v %v", s, got, err)
		}
	}
	if _, err := gitlab.ParseHookTime("03/12/2013"); err == nil {
		t.Error("a date in another format was accepted")
	}
	if got, err := gitlab.ParseHookTime(""); err != nil || !got.IsZero() {
		t.Errorf("empty: %v %v", got, err)
	}
}
