package gitlab_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// accept posts a delivery and fails unless it was acknowledged.
func (e *hookEnv) accept(t *testing.T, event, key string, body []byte) {
	t.Helper()
	if a := e.post(t, event, body, "Idempotency-Key", key, "X-Gitlab-Event-UUID", "uuid-"+key); a.status != http.StatusAccepted {
		t.Fatalf("delivery %s: %d %v", key, a.status, a.body)
	}
}

// one returns the tool's only issue.
func (e *hookEnv) one(t *testing.T, toolID int64) map[string]any {
	t.Helper()
	is := e.issues(t, toolID)
	if len(is) != 1 {
		t.Fatalf("%d issues, want 1: %v", len(is), is)
	}
	return is[0]
}

// sloDue is when a high tool's SLO (1 business day) falls due for clocks started at start.
func (e *hookEnv) sloDue(t *testing.T, start time.Time) string {
	t.Helper()
	cal, _, err := e.Services.Calendar.Current(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c := maintenance.StartClock(cal, start, &inventory.Target{Amount: 1, Unit: inventory.BusinessDays}, 0.75)
	return c.DueAt.UTC().Format(time.RFC3339)
}

// The real lifecycle of a gitlab.com issue (go-scm's captured deliveries, in
// GitLab's "… UTC" timestamp format): opened, labelled blocking later,
// closed, an older update arriving late, reopened.
func TestIssueLifecycleFromWebhooks(t *testing.T) {
	env := newHookEnv(t, testenv.OpenDB(t))
	toolID := env.tool(t, "hello", "gitlab-org/hello-world", "improve_then_maintain")
	env.Clock.Set(at("2017-12-11T12:00:00Z"))
	blocking := []string{`"title": "critical"`, `"title": "severity::1"`}
	ref := "4861503#1"

	env.accept(t, "Issue Hook", "open", fixture(t, "go-scm/issue_create.json"))
	env.drain(t)
	is := env.one(t, toolID)
	if is["blocks_functionality"] != false || is["opened_at"] != "2017-12-10T16:37:38Z" || is["external"] != true ||
		is["external_url"] != "https://gitlab.com/gitlab-org/hello-world/issues/1" || is["state"] != "open" || is["slo_due_at"] != nil {
		t.Fatalf("opened: %v", is)
	}
	if m := env.outboxTo(t, maintenance.RecipientGitLabIssue, ref); len(m) != 0 {
		t.Fatalf("an issue without clocks was commented: %v", m)
	}

	// the blocking label is added on Monday 10:00: the clocks start then, not when it opened
	labelled := fixture(t, "go-scm/issue_labeled.json", append(blocking,
		`"updated_at": "2017-12-10 16:38:25 UTC"`, `"updated_at": "2017-12-11 10:00:00 UTC"`)...)
	env.accept(t, "Issue Hook", "label", labelled)
	env.drain(t)
	is = env.one(t, toolID)
	if is["blocks_functionality"] != true || is["slo_due_at"] != env.sloDue(t, at("2017-12-11T10:00:00Z")) || is["slo_state"] != "running" {
		t.Fatalf("labelled blocking: %v (SLO due %s from the label)", is, env.sloDue(t, at("2017-12-11T10:00:00Z")))
	}
	msgs := env.outboxTo(t, maintenance.RecipientGitLabIssue, ref)
	if len(msgs) != 1 || !strings.Contains(msgs[0].Body, "no RPO") || !strings.Contains(msgs[0].Body, "SLO 1 business day") ||
		!strings.Contains(string(msgs[0].Data.(json.RawMessage)), `"gitlab_event_uuid":"uuid-label"`) {
		t.Fatalf("commitment comment: %+v", msgs)
	}

	// closed in GitLab (dates moved to Monday too): recovered and closed
	closed := fixture(t, "go-scm/issue_closed.json", append(blocking,
		"2017-12-10 16:41:28 UTC", "2017-12-11 11:00:00 UTC", "2017-12-10 16:38:25 UTC", "2017-12-11 10:00:00 UTC")...)
	env.accept(t, "Issue Hook", "close", closed)
	env.drain(t)
	is = env.one(t, toolID)
	if is["state"] != "closed" || is["recovered_at"] != "2017-12-11T11:00:00Z" || is["closed_at"] != "2017-12-11T11:00:00Z" ||
		is["rto_state"] != "met" {
		t.Fatalf("closed: %v", is)
	}

	// an older update arriving late (another key) changes nothing
	before := is["version"]
	env.accept(t, "Issue Hook", "late", labelled)
	env.drain(t)
	if is = env.one(t, toolID); is["state"] != "closed" || is["version"] != before {
		t.Fatalf("an older update changed the issue: %v", is)
	}

	// reopened (ADR 0010): the recovery did not hold; the RTO runs on to its first deadline
	reopened := fixture(t, "go-scm/issue_reopen.json", append(blocking,
		"2017-12-10 16:41:55 UTC", "2017-12-11 11:30:00 UTC", "2017-12-10 16:41:28 UTC", "2017-12-11 11:00:00 UTC")...)
	env.accept(t, "Issue Hook", "reopen", reopened)
	env.drain(t)
	is = env.one(t, toolID)
	if is["state"] != "triaged" || is["recovered_at"] != nil || is["closed_at"] != nil || is["rto_state"] != "running" ||
		!strings.Contains(fmt.Sprint(is["rto_note"]), "reopened") {
		t.Fatalf("reopened: %v", is)
	}
	if m := env.outboxTo(t, maintenance.RecipientGitLabIssue, ref); len(m) != 1 {
		t.Errorf("%d comments, want only the commitment", len(m))
	}
	for _, d := range env.deliveries(t) {
		if d["status"] != "processed" {
			t.Errorf("delivery %v", d)
		}
	}
}

// client-go's issue.json: RFC 3339 created_at, an assignee, action open.
func TestFirstAssigneeTriages(t *testing.T) {
	env := newHookEnv(t, testenv.OpenDB(t))
	toolID := env.tool(t, "test", "gitlabhq/gitlab-test", "improve_then_maintain")
	env.Clock.Set(at("2017-09-16T00:00:00Z"))
	env.accept(t, "Issue Hook", "k1", fixture(t, "client-go/issue.json", `"title": "API"`, `"title": "severity::2"`))
	env.drain(t)
	is := env.one(t, toolID)
	if is["state"] != "triaged" || is["assignee"] != "user1" || is["triaged_at"] != "2013-12-03T17:15:43Z" ||
		is["opened_at"] != "2013-12-03T17:15:43Z" || is["blocks_functionality"] != true || is["slo_state"] != "met" {
		t.Fatalf("triaged by the first assignee: %v", is)
	}
}

func TestRefusedFeatureRequestIsClosedWithReason(t *testing.T) {
	env := newHookEnv(t, testenv.OpenDB(t))
	toolID := env.tool(t, "test", "gitlabhq/gitlab-test", "maintain")
	env.Clock.Set(at("2017-09-16T00:00:00Z"))
	env.accept(t, "Issue Hook", "k1", fixture(t, "client-go/issue.json", `"title": "API"`, `"title": "type::feature"`))
	env.drain(t)
	is := env.one(t, toolID)
	if is["kind"] != "feature_request" || is["state"] != "closed" || !strings.Contains(is["close_reason"].(string), "maintain (KTLO)") {
		t.Fatalf("refused feature request: %v", is)
	}
	msgs := env.outboxTo(t, maintenance.RecipientGitLabIssue, "1#23")
	if len(msgs) != 1 || !strings.Contains(msgs[0].Body, "feature requests are not accepted") {
		t.Fatalf("the reason goes back to GitLab: %+v", msgs)
	}
}

func TestIgnoredEventsAndProjects(t *testing.T) {
	env := newHookEnv(t, testenv.OpenDB(t))
	toolID := env.tool(t, "hello", "gitlab-org/hello-world", "maintain")
	env.Clock.Set(at("2017-12-11T12:00:00Z"))
	env.accept(t, "Push Hook", "push", fixture(t, "client-go/push.json"))
	env.accept(t, "Issue Hook", "elsewhere", fixture(t, "go-scm/issue_create.json", "gitlab-org/hello-world", "gitlab-org/other"))
	env.accept(t, "Pipeline Hook", "mr-pipeline", fixture(t, "go-scm/pipeline_hook.json", "gitlab-org/gitlab-test", "gitlab-org/hello-world"))
	env.accept(t, "Issue Hook", "task", fixture(t, "go-scm/issue_create.json", `"object_kind": "issue"`, `"object_kind": "work_item"`))
	env.drain(t)
	want := map[string]string{"push": "does not use Push Hook", "elsewhere": `no tool is linked to the GitLab project "gitlab-org/other"`,
		"mr-pipeline": "scheduled pipelines only", "task": "work items of type"}
	for _, d := range env.deliveries(t) {
		key := d["idempotency_key"].(string)
		if d["status"] != "ignored" || !strings.Contains(d["error"].(string), want[key]) {
			t.Errorf("%s: %v", key, d)
		}
	}
	if is := env.issues(t, toolID); len(is) != 0 {
		t.Errorf("ignored deliveries made issues: %v", is)
	}
}

// go-scm's pipeline_hook.json made a scheduled one: fail, fail, success, fail.
func TestScheduledPipelineOutage(t *testing.T) {
	env := newHookEnv(t, testenv.OpenDB(t))
	toolID := env.tool(t, "nightly", "gitlab-org/gitlab-test", "maintain")
	env.Clock.Set(at("2016-08-12T18:00:00Z"))
	pipeline := func(id int, status, finished string) []byte {
		return fixture(t, "go-scm/pipeline_hook.json", `"source": "merge_request_event"`, `"source": "schedule"`,
			`"status": "success",
     "stages"`, `"status": "`+status+`",
     "stages"`, `"id": 31,`, fmt.Sprintf(`"id": %d,`, id), "/pipelines/31", fmt.Sprintf("/pipelines/%d", id),
			"2016-08-12 15:26:29 UTC", finished)
	}
	env.accept(t, "Pipeline Hook", "p31", pipeline(31, "failed", "2016-08-12 15:26:29 UTC"))
	env.drain(t)
	is := env.one(t, toolID)
	if is["kind"] != "outage" || is["blocks_functionality"] != true || is["state"] != "open" ||
		!strings.Contains(is["title"].(string), "master") || !strings.Contains(is["title"].(string), "/-/pipelines/31") ||
		is["external_url"] != "http://example.com/gitlab-org/gitlab-test/-/pipelines/31" {
		t.Fatalf("first failure: %v", is)
	}
	env.accept(t, "Pipeline Hook", "p32", pipeline(32, "failed", "2016-08-12 16:26:29 UTC"))
	env.drain(t)
	if is = env.one(t, toolID); is["state"] != "open" {
		t.Fatalf("second failure: %v", is)
	}
	env.accept(t, "Pipeline Hook", "p33", pipeline(33, "success", "2016-08-12 17:26:29 UTC"))
	env.drain(t)
	if is = env.one(t, toolID); is["state"] != "closed" || is["recovered_at"] != "2016-08-12T17:26:29Z" {
		t.Fatalf("success: %v", is)
	}
	// a failure after the recovery is a new outage
	env.Clock.Set(at("2016-08-13T18:00:00Z"))
	env.accept(t, "Pipeline Hook", "p34", pipeline(34, "failed", "2016-08-13 15:26:29 UTC"))
	env.drain(t)
	if all := env.issues(t, toolID); len(all) != 2 || all[1]["state"] != "open" {
		t.Fatalf("a new failure after recovery: %v", all)
	}
}

func TestVulnerabilityOpensSecurityIssue(t *testing.T) {
	env := newHookEnv(t, testenv.OpenDB(t))
	toolID := env.tool(t, "flight", "flightjs/Flight", "maintain")
	env.Clock.Set(at("2024-01-24T18:00:00Z"))
	env.accept(t, "Vulnerability Hook", "v42", fixture(t, "client-go/vulnerability.json"))
	env.accept(t, "Vulnerability Hook", "v43", fixture(t, "client-go/vulnerability.json", `"id": 42,`, `"id": 43,`,
		`"severity": "high"`, `"severity": "low"`, "vulnerabilities/42", "vulnerabilities/43"))
	env.drain(t)
	all := env.issues(t, toolID)
	if len(all) != 2 {
		t.Fatalf("%d issues, want 2", len(all))
	}
	high, low := all[0], all[1]
	if high["kind"] != "security" || high["blocks_functionality"] != true || high["opened_at"] != "2024-01-24T16:27:40Z" ||
		high["external_url"] != "https://example.com/flightjs/Flight/-/security/vulnerabilities/42" || high["slo_due_at"] == nil {
		t.Errorf("high: %v", high)
	}
	if low["kind"] != "security" || low["blocks_functionality"] != false {
		t.Errorf("low: %v", low)
	}
	// the linked issue in the same project gets the commitment
	if msgs := env.outboxTo(t, maintenance.RecipientGitLabIssue, "7#10"); len(msgs) != 1 {
		t.Errorf("commitment on the linked issue: %+v", msgs)
	}
}

// Deliveries still queued when interlock stops are processed after it
// starts again over the same database: none lost, none applied twice.
func TestRestartWithQueuedDeliveries(t *testing.T) {
	path := testenv.DatabasePath(t)
	open := func() *store.DB {
		db, err := store.Open(context.Background(), store.Options{Path: path})
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
	db := open()
	env := newHookEnv(t, db)
	toolID := env.tool(t, "hello", "gitlab-org/hello-world", "improve_then_maintain")
	env.Clock.Set(at("2017-12-11T12:00:00Z"))
	blocking := []string{`"title": "critical"`, `"title": "severity::1"`}
	env.accept(t, "Issue Hook", "open", fixture(t, "go-scm/issue_create.json"))
	env.accept(t, "Issue Hook", "label", fixture(t, "go-scm/issue_labeled.json", blocking...))
	env.accept(t, "Issue Hook", "close", fixture(t, "go-scm/issue_closed.json", blocking...))
	env.Server.Close()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = open()
	t.Cleanup(func() { db.Close() })
	env = newHookEnv(t, db)
	env.Clock.Set(at("2017-12-11T12:00:00Z"))
	if ds := env.deliveries(t); len(ds) != 3 || ds[0]["status"] != "queued" {
		t.Fatalf("after the restart: %v", ds)
	}
	env.accept(t, "Issue Hook", "label", fixture(t, "go-scm/issue_labeled.json", blocking...)) // a resend meanwhile
	if n := env.drain(t); n != 3 {
		t.Fatalf("processed %d, want 3", n)
	}
	if n := env.drain(t); n != 0 {
		t.Fatalf("a second pass processed %d", n)
	}
	is := env.one(t, toolID)
	if is["state"] != "closed" || is["blocks_functionality"] != true {
		t.Fatalf("after the restart: %v", is)
	}
	if m := env.outboxTo(t, maintenance.RecipientGitLabIssue, "4861503#1"); len(m) != 1 {
		t.Errorf("%d commitment comments, want 1", len(m))
	}
	ds := env.deliveries(t)
	if len(ds) != 3 || ds[1]["receipts"] != 2.0 || ds[1]["attempts"] != 1.0 {
		t.Errorf("deliveries: %v", ds)
	}
}

// A delivery that fails is retried with backoff and does not hold up the
// ones behind it.
func TestFailedDeliveryIsRetriedAndDoesNotBlock(t *testing.T) {
	env := newHookEnv(t, testenv.OpenDB(t))
	toolID := env.tool(t, "hello", "gitlab-org/hello-world", "improve_then_maintain")
	env.Clock.Set(at("2017-12-11T12:00:00Z"))
	// an issue whose URL interlock cannot keep: the workflow refuses it
	env.accept(t, "Issue Hook", "bad", fixture(t, "go-scm/issue_create.json", `"url": "https://gitlab.com/gitlab-org/hello-world/issues/1"`,
		`"url": "ftp://gitlab.com/gitlab-org/hello-world/issues/1"`))
	env.accept(t, "Issue Hook", "good", fixture(t, "go-scm/issue_create.json", `"id": 8131350`, `"id": 8131351`,
		`"iid": 1,`, `"iid": 2,`))
	if n := env.drain(t); n != 2 {
		t.Fatalf("processed %d, want 2", n)
	}
	ds := env.deliveries(t)
	if ds[0]["status"] != "failed" || ds[0]["attempts"] != 1.0 || !strings.Contains(ds[0]["error"].(string), "external_url") ||
		ds[1]["status"] != "processed" {
		t.Fatalf("deliveries: %v", ds)
	}
	if ds[0]["next_attempt_at"] == nil || ds[1]["next_attempt_at"] != nil || ds[1]["processed_at"] == nil {
		t.Errorf("a failed delivery says when it is tried again; a processed one when it was processed: %v", ds)
	}
	if is := env.issues(t, toolID); len(is) != 1 {
		t.Fatalf("the good delivery behind the bad one: %v", is)
	}
	if n := env.drain(t); n != 0 {
		t.Fatalf("retried before its backoff: %d", n)
	}
	env.Clock.Advance(31 * time.Second)
	if n := env.drain(t); n != 1 {
		t.Fatalf("retried after 31 s: %d", n)
	}
	env.Clock.Advance(31 * time.Second) // the second wait is 60 s
	if n := env.drain(t); n != 0 {
		t.Fatalf("retried before the doubled backoff: %d", n)
	}
	if ds = env.deliveries(t); ds[0]["attempts"] != 2.0 || ds[0]["status"] != "failed" {
		t.Fatalf("after the retry: %v", ds[0])
	}
}

func TestConfidentialIssueIsSecurity(t *testing.T) {
	env := newHookEnv(t, testenv.OpenDB(t))
	toolID := env.tool(t, "test", "gitlabhq/gitlab-test", "improve_then_maintain")
	env.Clock.Set(at("2017-09-16T00:00:00Z"))
	env.accept(t, "Confidential Issue Hook", "c1", fixture(t, "client-go/issue.json", `"confidential": false`, `"confidential": true`))
	env.drain(t)
	if is := env.one(t, toolID); is["kind"] != "security" || is["blocks_functionality"] != false {
		t.Fatalf("confidential issue: %v", is)
	}
}
