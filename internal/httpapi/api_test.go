package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/client"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// wire sends requests through the real HTTP stack of a test environment and
// reads the answers whole. It talks to the server's client itself rather than
// through env.Do, so that fuzz functions can use it with their own *testing.T.
type wire struct {
	t   testing.TB
	env *testenv.Env
}

// send sends one request. body is sent as it is when it is a []byte or a
// string, marshalled as JSON otherwise, and not at all when nil.
func (w wire) send(token, method, path string, header map[string]string, body any) testenv.Raw {
	w.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			w.t.Fatalf("marshal %T: %v", body, err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, w.env.Server.URL+path, rd)
	if err != nil {
		w.t.Fatalf("%s %s: %v", method, path, err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := w.env.Server.Client().Do(req)
	if err != nil {
		w.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		w.t.Fatalf("%s %s: read answer: %v", method, path, err)
	}
	return testenv.Raw{Status: res.StatusCode, Header: res.Header, Body: data}
}

// call sends a request, fails the test unless the answer has status want,
// and decodes a successful answer strictly into out (unless out is nil).
func (w wire) call(token, method, path string, header map[string]string, body any, want int, out any) testenv.Raw {
	w.t.Helper()
	res := w.send(token, method, path, header, body)
	if res.Status != want {
		w.t.Fatalf("%s %s: status %d, want %d\n%s", method, path, res.Status, want, res.Body)
	}
	if out != nil && res.Status < 300 {
		if err := strictDecode(res.Body, out); err != nil {
			w.t.Fatalf("%s %s: answer does not decode into %T: %v\n%s", method, path, out, err, res.Body)
		}
	}
	return res
}

// admin is call with the admin's token and no extra header.
func (w wire) admin(method, path string, body any, want int, out any) testenv.Raw {
	w.t.Helper()
	return w.call(testenv.AdminToken, method, path, nil, body, want, out)
}

// strictDecode decodes a JSON answer into out, refusing any field that out
// does not document. huma's "$schema" link is the one field allowed besides.
func strictDecode(data []byte, out any) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err == nil {
		delete(fields, "$schema")
		if data, err = json.Marshal(fields); err != nil {
			return err
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(out)
}

// items is one page of a collection as the API answers it.
type items[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

func toolURL(id int64, sub string) string { return fmt.Sprintf("/api/v1/tools/%d%s", id, sub) }

func ifMatch(etag string) map[string]string { return map[string]string{"If-Match": etag} }

func etagOf(version int) string { return fmt.Sprintf(`"%d"`, version) }

// sampleTool is a valid tool to create, owned by appsec with two stakeholder teams.
func sampleTool(name, criticality, category string) httpapi.ToolCreate {
	in := httpapi.ToolCreate{Name: name, OwnerTeam: "appsec", StakeholderTeams: []string{"sirt", "vuln-mgmt"},
		Criticality: criticality, Category: category}
	if category == "integrate" {
		in.EpicURL, in.Milestone = "https://gitlab.com/groups/gitlab-org/-/epics/1", "18.9"
	}
	return in
}

func (w wire) addTool(token string, in httpapi.ToolCreate) httpapi.ToolBody {
	w.t.Helper()
	var out httpapi.ToolBody
	sunsetting := in.Category == "sunset" // rule 2 of issue 14: only a sunset plan sets it
	if sunsetting {
		in.Category = "maintain"
	}
	w.call(token, http.MethodPost, "/api/v1/tools", nil, in, http.StatusCreated, &out)
	if sunsetting {
		w.call(token, http.MethodPost, toolURL(out.ID, "/sunset"), nil, map[string]string{"kind": "direct", "reason": "unused"},
			http.StatusCreated, nil)
		out, _ = w.getTool(out.ID)
	}
	return out
}

func (w wire) getTool(id int64) (httpapi.ToolBody, string) {
	w.t.Helper()
	var out httpapi.ToolBody
	res := w.admin(http.MethodGet, toolURL(id, ""), nil, http.StatusOK, &out)
	return out, res.Header.Get("ETag")
}

func (w wire) patchTool(token string, id int64, etag string, body any) httpapi.ToolBody {
	w.t.Helper()
	if p, ok := body.(httpapi.ToolPatch); ok && (p.Criticality != nil || p.Category != nil) && p.Reason == nil {
		reason := "the manager decided so" // rule 1 of issue 14: a manager's edit says why
		p.Reason = &reason
		body = p
	}
	var out httpapi.ToolBody
	w.call(token, http.MethodPatch, toolURL(id, ""), ifMatch(etag), body, http.StatusOK, &out)
	return out
}

func (w wire) outbox() []httpapi.MessageBody {
	w.t.Helper()
	var out items[httpapi.MessageBody]
	w.admin(http.MethodGet, "/api/v1/outbox?limit=500", nil, http.StatusOK, &out)
	return out.Items
}

func (w wire) events(id int64) []httpapi.EventBody {
	w.t.Helper()
	var out items[httpapi.EventBody]
	w.admin(http.MethodGet, toolURL(id, "/events?limit=500"), nil, http.StatusOK, &out)
	return out.Items
}

func (w wire) assess(id int64, met []string) httpapi.AssessmentBody {
	w.t.Helper()
	if met == nil {
		met = []string{}
	}
	var out httpapi.AssessmentBody
	w.admin(http.MethodPut, toolURL(id, "/assessment"), map[string]any{"met": met}, http.StatusOK, &out)
	return out
}

// rubricIDs returns the default rubric's criterion ids by level.
func (w wire) rubricIDs() map[string][]string {
	w.t.Helper()
	var r httpapi.RubricBody
	w.admin(http.MethodGet, "/api/v1/rubric", nil, http.StatusOK, &r)
	out := map[string][]string{}
	for _, c := range r.Criteria {
		out[c.Level] = append(out[c.Level], c.ID)
	}
	return out
}

func TestToolCreateGetListUpdate(t *testing.T) {
	t.Parallel()
	w := wire{t, testenv.New(t)}
	in := sampleTool("Secret Scanner", "high", "maintain")
	in.Summary, in.RepositoryURL, in.GitLabProject = "Finds leaked secrets", "https://gitlab.com/sec/scanner", "/sec/tools/scanner/"

	var created httpapi.ToolBody
	res := w.admin(http.MethodPost, "/api/v1/tools", in, http.StatusCreated, &created)
	if created.ID == 0 || created.Version != 1 || created.Health != "unassessed" || created.Stage != "operational" {
		t.Errorf("created = %+v; want an id, version 1, health unassessed, stage operational", created)
	}
	if created.GitLabProject != "sec/tools/scanner" {
		t.Errorf("gitlab_project = %q, want it trimmed of slashes", created.GitLabProject)
	}
	if got, want := res.Header.Get("Location"), toolURL(created.ID, ""); got != want {
		t.Errorf("Location = %q, want %q", got, want)
	}
	if got := res.Header.Get("ETag"); got != etagOf(created.Version) {
		t.Errorf("ETag of the creation = %q, want %q", got, etagOf(created.Version))
	}

	got, etag := w.getTool(created.ID)
	if etag != etagOf(got.Version) || got.Name != "Secret Scanner" || !slices.Equal(got.StakeholderTeams, []string{"sirt", "vuln-mgmt"}) {
		t.Errorf("GET = %+v with ETag %s", got, etag)
	}

	var list client.ToolList
	w.admin(http.MethodGet, "/api/v1/tools", nil, http.StatusOK, &list)
	if len(list.Items) != 1 || list.Items[0].ID != created.ID || list.NextCursor != "" {
		t.Errorf("list = %+v, want the one tool and no next cursor", list)
	}

	summary, teams := "Finds and revokes leaked secrets", []string{"sirt"}
	res = w.call(testenv.AdminToken, http.MethodPatch, toolURL(created.ID, ""), ifMatch(etag),
		httpapi.ToolPatch{Summary: &summary, StakeholderTeams: &teams}, http.StatusOK, &got)
	if got.Version != created.Version+1 || got.Summary != summary || !slices.Equal(got.StakeholderTeams, teams) || got.Name != in.Name {
		t.Errorf("after PATCH = %+v; want version %d, the new summary and teams, the rest kept", got, created.Version+1)
	}
	if res.Header.Get("ETag") != etagOf(got.Version) {
		t.Errorf("ETag of the PATCH = %q, want %q", res.Header.Get("ETag"), etagOf(got.Version))
	}
	if _, etag2 := w.getTool(created.ID); etag2 == etag || etag2 != etagOf(created.Version+1) {
		t.Errorf("ETag after PATCH = %s (before %s), want %s", etag2, etag, etagOf(created.Version+1))
	}
}

func TestToolListFilters(t *testing.T) {
	t.Parallel()
	w := wire{t, testenv.New(t)}
	tools := []httpapi.ToolCreate{
		{Name: "Scanner", Summary: "Finds leaked secrets", OwnerTeam: "appsec", StakeholderTeams: []string{"SIRT", "vuln-mgmt"},
			Criticality: "critical", Category: "maintain"},
		{Name: "dep-bot", Summary: "Bumps dependencies", OwnerTeam: "platform-sec", StakeholderTeams: []string{"sirt"},
			Criticality: "high", Category: "improve_then_maintain", Stage: "planned"},
		{Name: "Fuzzer", Summary: "Coverage-guided fuzzing", OwnerTeam: "AppSec", Criticality: "medium", Category: "integrate",
			EpicURL: "https://gitlab.com/groups/sec/-/epics/2", Milestone: "18.10"},
		{Name: "legacy-report", Summary: "Weekly scanner report", OwnerTeam: "red-team", StakeholderTeams: []string{"vuln-mgmt"},
			Criticality: "low", Category: "redirect"},
	}
	ids := map[string]int64{}
	for _, in := range tools {
		ids[in.Name] = w.addTool(testenv.AdminToken, in).ID
	}
	w.assess(ids["Scanner"], w.rubricIDs()["good"])
	w.assess(ids["Fuzzer"], nil)

	tests := []struct {
		name  string
		query string
		want  []string
	}{
		{"no filter lists every tool by name", "", []string{"dep-bot", "Fuzzer", "legacy-report", "Scanner"}},
		{"category", "category=maintain", []string{"Scanner"}},
		{"category redirect", "category=redirect", []string{"legacy-report"}},
		{"criticality", "criticality=high", []string{"dep-bot"}},
		{"stage", "stage=planned", []string{"dep-bot"}},
		{"stage operational", "stage=operational", []string{"Fuzzer", "legacy-report", "Scanner"}},
		{"owner", "owner=appsec", []string{"Fuzzer", "Scanner"}},
		{"owner in another case", "owner=APPSEC", []string{"Fuzzer", "Scanner"}},
		{"stakeholder", "stakeholder=sirt", []string{"dep-bot", "Scanner"}},
		{"stakeholder in another case", "stakeholder=Vuln-Mgmt", []string{"legacy-report", "Scanner"}},
		{"health good", "health=good", []string{"Scanner"}},
		{"health below good", "health=below_good", []string{"Fuzzer"}},
		{"health unassessed", "health=unassessed", []string{"dep-bot", "legacy-report"}},
		{"free text over name and summary", "q=scanner", []string{"legacy-report", "Scanner"}},
		{"free text in another case", "q=FUZZ", []string{"Fuzzer"}},
		{"free text over the owner team", "q=red-team", []string{"legacy-report"}},
		{"free text percent is literal", "q=" + url.QueryEscape("%"), nil},
		{"free text underscore is literal", "q=_", nil},
		{"free text matching nothing", "q=nothing-like-this", nil},
		{"exact name in another case", "name=SCANNER", []string{"Scanner"}},
		{"filters combine", "owner=appsec&criticality=medium", []string{"Fuzzer"}},
		{"filters that exclude each other", "category=maintain&criticality=low", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var list client.ToolList
			wire{t, w.env}.admin(http.MethodGet, "/api/v1/tools?"+tc.query, nil, http.StatusOK, &list)
			var got []string
			for _, it := range list.Items {
				got = append(got, it.Name)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("?%s lists %q, want %q", tc.query, got, tc.want)
			}
		})
	}
}

func TestToolListPagesByCursor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		tool func(i int) string
	}{
		{name: "lower-case names", tool: func(i int) string { return fmt.Sprintf("tool-%02d", i) }},
		{name: "mixed-case names", tool: func(i int) string {
			if i%2 == 0 {
				return fmt.Sprintf("Tool-%02d", i)
			}
			return fmt.Sprintf("tool-%02d", i)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := wire{t, testenv.New(t)}
			var want []string
			for i := 25; i >= 1; i-- { // created out of order on purpose
				name := tc.tool(i)
				w.addTool(testenv.AdminToken, sampleTool(name, "low", "maintain"))
				want = append(want, name)
			}
			slices.SortFunc(want, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })

			var got []string
			var sizes []int
			cursor := ""
			for range 10 {
				var page client.ToolList
				w.admin(http.MethodGet, "/api/v1/tools?limit=10&cursor="+url.QueryEscape(cursor), nil, http.StatusOK, &page)
				sizes = append(sizes, len(page.Items))
				for _, it := range page.Items {
					got = append(got, it.Name)
				}
				if cursor = page.NextCursor; cursor == "" {
					break
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("paged names = %q\nwant every tool once, in name order: %q", got, want)
			}
			if !slices.Equal(sizes, []int{10, 10, 5}) {
				t.Errorf("page sizes = %v, want [10 10 5]", sizes)
			}
		})
	}
}

type target struct {
	amount int
	unit   string
}

func targetOf(b *httpapi.TargetBody) *target {
	if b == nil {
		return nil
	}
	return &target{b.Amount, b.Unit}
}

func sameTarget(a, b *target) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// checkCommitment compares a commitment with the expected level and
// targets, and checks that it says no RPO is promised (rule 7).
func checkCommitment(t *testing.T, c httpapi.CommitmentBody, level string, slo, rto *target) {
	t.Helper()
	if c.Level != level || !sameTarget(targetOf(c.SLO), slo) || !sameTarget(targetOf(c.RTO), rto) {
		t.Errorf("commitment = %s SLO %v RTO %v, want %s SLO %v RTO %v", c.Level, targetOf(c.SLO), targetOf(c.RTO), level, slo, rto)
	}
	if c.RPOPromised {
		t.Errorf("rpo_promised = true; no RPO is ever promised")
	}
	if !slices.ContainsFunc(c.Reasons, func(r string) bool { return strings.Contains(r, "RPO") }) {
		t.Errorf("reasons %q do not say that no RPO is promised", c.Reasons)
	}
}

var (
	criticalSLO, criticalRTO = &target{4, "business_hours"}, &target{12, "business_hours"}
	highSLO, highRTO         = &target{1, "business_days"}, &target{2, "business_days"}
	mediumSLO, mediumRTO     = &target{3, "business_days"}, &target{10, "business_days"}
)

func TestCommitmentFollowsCriticalityAndCategory(t *testing.T) {
	t.Parallel()
	w := wire{t, testenv.New(t)}
	tests := []struct {
		name                  string
		criticality, category string
		level                 string
		slo, rto              *target
		reason                string
	}{
		{"critical", "critical", "maintain", "critical", criticalSLO, criticalRTO, "criticality is critical"},
		{"high", "high", "maintain", "high", highSLO, highRTO, "criticality is high"},
		{"medium", "medium", "maintain", "medium", mediumSLO, mediumRTO, "criticality is medium"},
		{"low is best effort", "low", "maintain", "low", nil, nil, "best effort"},
		{"redirect caps critical at low", "critical", "redirect", "low", nil, nil, "redirect caps"},
		{"redirect caps high at low", "high", "redirect", "low", nil, nil, "redirect caps"},
		{"redirect caps medium at low", "medium", "redirect", "low", nil, nil, "redirect caps"},
		{"redirect of low stays low", "low", "redirect", "low", nil, nil, "redirect caps"},
		{"sunset is treated as maintain", "critical", "sunset", "critical", criticalSLO, criticalRTO, "treated as maintain"},
		{"improve_then_maintain keeps the table", "high", "improve_then_maintain", "high", highSLO, highRTO, "criticality is high"},
		{"integrate keeps the table", "medium", "integrate", "medium", mediumSLO, mediumRTO, "criticality is medium"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ww := wire{t, w.env}
			created := ww.addTool(testenv.AdminToken, sampleTool("t "+tc.name, tc.criticality, tc.category))
			got, _ := ww.getTool(created.ID)
			for _, c := range []httpapi.CommitmentBody{created.Commitment, got.Commitment} {
				checkCommitment(t, c, tc.level, tc.slo, tc.rto)
				if !slices.ContainsFunc(c.Reasons, func(r string) bool { return strings.Contains(r, tc.reason) }) {
					t.Errorf("reasons %q do not mention %q", c.Reasons, tc.reason)
				}
			}
		})
	}
}

func TestCommitmentLoweredBelowGoodAndRestored(t *testing.T) {
	t.Parallel()
	w := wire{t, testenv.New(t)}
	good := w.rubricIDs()["good"]
	tests := []struct {
		name        string
		criticality string
		met         []string // nil: never assessed
		level       string
		slo, rto    *target
	}{
		{"unassessed lowers nothing", "critical", nil, "critical", criticalSLO, criticalRTO},
		{"below good lowers critical to high", "critical", []string{}, "high", highSLO, highRTO},
		{"below good lowers high to medium", "high", []string{}, "medium", mediumSLO, mediumRTO},
		{"below good lowers medium to low", "medium", []string{}, "low", nil, nil},
		{"below good leaves low at low", "low", []string{}, "low", nil, nil},
		{"good keeps the level", "high", good, "high", highSLO, highRTO},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ww := wire{t, w.env}
			tool := ww.addTool(testenv.AdminToken, sampleTool("t "+tc.name, tc.criticality, "maintain"))
			if tc.met != nil {
				a := ww.assess(tool.ID, tc.met)
				checkCommitment(t, a.Commitment, tc.level, tc.slo, tc.rto)
			}
			tool, _ = ww.getTool(tool.ID)
			checkCommitment(t, tool.Commitment, tc.level, tc.slo, tc.rto)
		})
	}

	t.Run("meeting good again restores the level", func(t *testing.T) {
		ww := wire{t, w.env}
		tool := ww.addTool(testenv.AdminToken, sampleTool("restored", "critical", "maintain"))
		ww.assess(tool.ID, nil)
		a := ww.assess(tool.ID, good)
		checkCommitment(t, a.Commitment, "critical", criticalSLO, criticalRTO)
	})
}

func TestImprovementPlanLowersCommitmentUntilDone(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name              string
		criticality       string
		lowered           string
		loweredSLO, lRTO  *target
		level             string
		levelSLO, lvlRTO  *target
		belowGood, notify bool
	}{
		{name: "critical to high", criticality: "critical", lowered: "high", loweredSLO: highSLO, lRTO: highRTO,
			level: "critical", levelSLO: criticalSLO, lvlRTO: criticalRTO, notify: true},
		{name: "high to medium", criticality: "high", lowered: "medium", loweredSLO: mediumSLO, lRTO: mediumRTO,
			level: "high", levelSLO: highSLO, lvlRTO: highRTO, notify: true},
		{name: "low stays low and nobody is told", criticality: "low", lowered: "low", level: "low"},
		{name: "below good and a plan lower one level, not two", criticality: "critical", belowGood: true,
			lowered: "high", loweredSLO: highSLO, lRTO: highRTO, level: "high", levelSLO: highSLO, lvlRTO: highRTO},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := wire{t, testenv.New(t)}
			tool := w.addTool(testenv.AdminToken, sampleTool("Scanner", tc.criticality, "maintain"))
			if tc.belowGood {
				w.assess(tool.ID, nil)
			}
			before := len(w.outbox())

			var im httpapi.ImprovementBody
			w.admin(http.MethodPost, toolURL(tool.ID, "/improvements"), map[string]string{"title": "Add a runbook",
				"criterion_id": "runbook", "url": "https://gitlab.com/sec/scanner/-/issues/1"}, http.StatusCreated, &im)
			got, _ := w.getTool(tool.ID)
			if got.OpenImprovements != 1 || im.Done {
				t.Errorf("open_improvements = %d, item done = %v; want 1 open item", got.OpenImprovements, im.Done)
			}
			checkCommitment(t, got.Commitment, tc.lowered, tc.loweredSLO, tc.lRTO)
			if n := countTopic(w.outbox()[before:], "commitment.changed"); (n == 1) != tc.notify || n > 1 {
				t.Errorf("planning the improvement wrote %d commitment.changed message(s); want one: %v", n, tc.notify)
			}

			before = len(w.outbox())
			w.admin(http.MethodPost, toolURL(tool.ID, fmt.Sprintf("/improvements/%d/done", im.ID)), nil, http.StatusOK, &im)
			got, _ = w.getTool(tool.ID)
			if got.OpenImprovements != 0 || !im.Done || im.DoneAt == nil {
				t.Errorf("after done: open_improvements = %d, item = %+v", got.OpenImprovements, im)
			}
			checkCommitment(t, got.Commitment, tc.level, tc.levelSLO, tc.lvlRTO)
			if n := countTopic(w.outbox()[before:], "commitment.changed"); (n == 1) != tc.notify || n > 1 {
				t.Errorf("completing the improvement wrote %d commitment.changed message(s); want one: %v", n, tc.notify)
			}
			w.admin(http.MethodPost, toolURL(tool.ID, fmt.Sprintf("/improvements/%d/done", im.ID)), nil, http.StatusConflict, nil)
		})
	}
}

func countTopic(msgs []httpapi.MessageBody, topic string) int {
	n := 0
	for _, m := range msgs {
		if m.Topic == topic {
			n++
		}
	}
	return n
}

func TestAssessmentSetsHealthFromTheRubric(t *testing.T) {
	t.Parallel()
	w := wire{t, testenv.New(t)}
	ids := w.rubricIDs()
	good, better, best := ids["good"], ids["better"], ids["best"]
	if len(good) < 2 || len(better) < 2 || len(best) < 1 {
		t.Fatalf("the default rubric has too few criteria for this test: %v", ids)
	}
	all := func(sets ...[]string) []string { return slices.Concat(sets...) }
	tests := []struct {
		name    string
		met     []string
		health  string
		missing string
		gaps    []string
	}{
		{"nothing met", []string{}, "below_good", "good", good},
		{"all but one good criterion", good[1:], "below_good", "good", good[:1]},
		{"better and best without one good criterion", all(good[1:], better, best), "below_good", "good", good[:1]},
		{"every good criterion", good, "good", "better", better},
		{"good and best but not better", all(good, best), "good", "better", better},
		{"good and all but one better", all(good, better[1:]), "good", "better", better[:1]},
		{"good and better", all(good, better), "better", "best", best},
		{"everything", all(good, better, best), "best", "", nil},
		{"everything twice", all(good, better, best, good), "best", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ww := wire{t, w.env}
			tool := ww.addTool(testenv.AdminToken, sampleTool("t "+tc.name, "high", "maintain"))
			a := ww.assess(tool.ID, tc.met)
			var read httpapi.AssessmentBody
			ww.admin(http.MethodGet, toolURL(tool.ID, "/assessment"), nil, http.StatusOK, &read)
			for _, got := range []httpapi.AssessmentBody{a, read} {
				var gaps []string
				for _, c := range got.Missing.Criteria {
					gaps = append(gaps, c.ID)
				}
				if got.Health != tc.health || got.Missing.Level != tc.missing || !slices.Equal(gaps, tc.gaps) {
					t.Errorf("health %s, missing %q %q; want %s, missing %q %q", got.Health, got.Missing.Level, gaps,
						tc.health, tc.missing, tc.gaps)
				}
			}
			if after, _ := ww.getTool(tool.ID); after.Health != tc.health {
				t.Errorf("tool health = %s, want %s", after.Health, tc.health)
			}
		})
	}

	t.Run("a tool never assessed is unassessed and has no assessment", func(t *testing.T) {
		ww := wire{t, w.env}
		tool := ww.addTool(testenv.AdminToken, sampleTool("never assessed", "critical", "maintain"))
		if tool.Health != "unassessed" {
			t.Errorf("health = %s, want unassessed", tool.Health)
		}
		checkCommitment(t, tool.Commitment, "critical", criticalSLO, criticalRTO)
		ww.admin(http.MethodGet, toolURL(tool.ID, "/assessment"), nil, http.StatusNotFound, nil)
	})
}

func TestRubricReadAndReplace(t *testing.T) {
	t.Parallel()
	w := wire{t, testenv.New(t)}
	var def httpapi.RubricBody
	res := w.admin(http.MethodGet, "/api/v1/rubric", nil, http.StatusOK, &def)
	if res.Header.Get("ETag") != etagOf(def.Version) || len(def.Criteria) == 0 {
		t.Fatalf("default rubric: ETag %s, version %d, %d criteria", res.Header.Get("ETag"), def.Version, len(def.Criteria))
	}
	tool := w.addTool(testenv.AdminToken, sampleTool("Scanner", "high", "maintain"))
	w.assess(tool.ID, w.rubricIDs()["good"])

	next := map[string]any{"criteria": []httpapi.CriterionBody{
		{ID: "has-owner", Level: "good", Description: "An owner."},
		{ID: "has-tests", Level: "better", Description: "Tests."},
		{ID: "has-dashboard", Level: "best", Description: "A dashboard."},
	}}
	var put httpapi.RubricBody
	res = w.call(testenv.AdminToken, http.MethodPut, "/api/v1/rubric", ifMatch(etagOf(def.Version)), next, http.StatusOK, &put)
	if put.Version != def.Version+1 || len(put.Criteria) != 3 || res.Header.Get("ETag") != etagOf(put.Version) {
		t.Errorf("PUT answered version %d, %d criteria, ETag %s", put.Version, len(put.Criteria), res.Header.Get("ETag"))
	}
	var got httpapi.RubricBody
	res = w.admin(http.MethodGet, "/api/v1/rubric", nil, http.StatusOK, &got)
	if got.Version != put.Version || got.Criteria[0].ID != "has-owner" || res.Header.Get("ETag") != etagOf(put.Version) {
		t.Errorf("GET after PUT = %+v, ETag %s", got, res.Header.Get("ETag"))
	}
	w.call(testenv.AdminToken, http.MethodPut, "/api/v1/rubric", ifMatch(etagOf(def.Version)), next, http.StatusPreconditionFailed, nil)

	if after, _ := w.getTool(tool.ID); after.Health != "good" {
		t.Errorf("health after the rubric changed = %s; an assessment keeps the health of its time", after.Health)
	}
	if a := w.assess(tool.ID, []string{"has-owner", "has-tests"}); a.Health != "better" || a.Missing.Level != "best" {
		t.Errorf("assessment against the new rubric = %s, missing %s; want better, missing best", a.Health, a.Missing.Level)
	}
	w.admin(http.MethodPut, toolURL(tool.ID, "/assessment"), map[string]any{"met": []string{"runbook"}}, http.StatusUnprocessableEntity, nil)
}

func TestADRsNumberSupersedeAndMove(t *testing.T) {
	t.Parallel()
	w := wire{t, testenv.New(t)}
	a := w.addTool(testenv.AdminToken, sampleTool("Scanner", "high", "maintain")).ID
	b := w.addTool(testenv.AdminToken, sampleTool("Fuzzer", "high", "maintain")).ID
	adr := func(tool int64, title string, extra map[string]any) httpapi.ADRBody {
		t.Helper()
		body := map[string]any{"title": title, "context": "why", "decision": "what"}
		for k, v := range extra {
			body[k] = v
		}
		var out httpapi.ADRBody
		res := w.admin(http.MethodPost, toolURL(tool, "/adrs"), body, http.StatusCreated, &out)
		if res.Header.Get("ETag") != etagOf(out.Version) {
			t.Errorf("ETag %s, version %d", res.Header.Get("ETag"), out.Version)
		}
		return out
	}
	patch := func(tool int64, number, version int, status string, want int) httpapi.ADRBody {
		t.Helper()
		var out httpapi.ADRBody
		w.call(testenv.AdminToken, http.MethodPatch, toolURL(tool, fmt.Sprintf("/adrs/%d", number)), ifMatch(etagOf(version)),
			map[string]string{"status": status}, want, &out)
		return out
	}
	get := func(tool int64, number int) httpapi.ADRBody {
		t.Helper()
		var out httpapi.ADRBody
		w.admin(http.MethodGet, toolURL(tool, fmt.Sprintf("/adrs/%d", number)), nil, http.StatusOK, &out)
		return out
	}

	a1, a2, b1 := adr(a, "Use Go", nil), adr(a, "Use SQLite", nil), adr(b, "Use Rust", nil)
	if a1.Number != 1 || a2.Number != 2 || b1.Number != 1 || a1.Status != "proposed" || a1.ToolID != a || b1.ToolID != b {
		t.Errorf("numbers %d %d %d, status %s; want 1 2 per tool and 1, proposed by default", a1.Number, a2.Number, b1.Number, a1.Status)
	}

	a1 = patch(a, 1, a1.Version, "accepted", http.StatusOK)
	if a1.Status != "accepted" || a1.Version != 2 {
		t.Errorf("after accepting: %s v%d", a1.Status, a1.Version)
	}
	a3 := adr(a, "Use Go 1.26", map[string]any{"supersedes": 1, "status": "accepted"})
	a1 = get(a, 1)
	if a3.Number != 3 || a3.Supersedes == nil || *a3.Supersedes != 1 || a1.Status != "superseded" ||
		a1.SupersededBy == nil || *a1.SupersededBy != 3 {
		t.Errorf("supersede: new %+v, old %+v; want links both ways and the old one superseded", a3, a1)
	}

	tests := []struct {
		name   string
		number int
		status string
		want   int
	}{
		{"superseded is not reached by an edit", 3, "superseded", http.StatusConflict},
		{"accepted does not go back to proposed", 3, "proposed", http.StatusConflict},
		{"a superseded ADR does not come back", 1, "accepted", http.StatusConflict},
		{"proposed becomes accepted", 2, "accepted", http.StatusOK},
		{"accepted becomes deprecated", 2, "deprecated", http.StatusOK},
		{"deprecated does not come back", 2, "accepted", http.StatusConflict},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ww := wire{t, w.env}
			var before httpapi.ADRBody
			ww.admin(http.MethodGet, toolURL(a, fmt.Sprintf("/adrs/%d", tc.number)), nil, http.StatusOK, &before)
			var out httpapi.ADRBody
			ww.call(testenv.AdminToken, http.MethodPatch, toolURL(a, fmt.Sprintf("/adrs/%d", tc.number)), ifMatch(etagOf(before.Version)),
				map[string]string{"status": tc.status}, tc.want, &out)
			if tc.want == http.StatusOK && (out.Status != tc.status || out.Version != before.Version+1) {
				t.Errorf("after the move: %s v%d, want %s v%d", out.Status, out.Version, tc.status, before.Version+1)
			}
		})
	}

	var list items[httpapi.ADRBody]
	w.admin(http.MethodGet, toolURL(a, "/adrs"), nil, http.StatusOK, &list)
	var numbers []int
	for _, x := range list.Items {
		numbers = append(numbers, x.Number)
	}
	if !slices.Equal(numbers, []int{1, 2, 3}) {
		t.Errorf("ADRs of tool a = %v, want [1 2 3]", numbers)
	}
}

func TestUsersAndTokens(t *testing.T) {
	t.Parallel()
	w := wire{t, testenv.New(t)}
	var uma httpapi.UserBody
	w.admin(http.MethodPost, "/api/v1/users", map[string]string{"username": "Uma", "role": "engineer"}, http.StatusCreated, &uma)
	if uma.Username != "uma" || uma.Role != "engineer" || uma.CreatedBy != "admin" || uma.Disabled {
		t.Errorf("created user = %+v", uma)
	}

	var tok client.TokenAnswer
	w.admin(http.MethodPost, "/api/v1/users/uma/tokens", map[string]string{"name": "laptop"}, http.StatusCreated, &tok)
	if !strings.HasPrefix(tok.Token, "ilk_") || tok.Username != "uma" || tok.Name != "laptop" || !strings.HasPrefix(tok.Token, tok.Prefix) {
		t.Fatalf("token answer = %+v", tok)
	}
	var me httpapi.UserBody
	w.call(tok.Token, http.MethodGet, "/api/v1/me", nil, nil, http.StatusOK, &me)
	if me.Username != "uma" || me.Role != "engineer" {
		t.Errorf("the new token acts as %+v, want uma the engineer", me)
	}

	var own client.TokenAnswer
	w.call(tok.Token, http.MethodPost, "/api/v1/users/uma/tokens", nil, map[string]string{"name": "ci"}, http.StatusCreated, &own)
	res := w.call(tok.Token, http.MethodPost, "/api/v1/users/admin/tokens", nil, map[string]string{"name": "x"}, http.StatusForbidden, nil)
	if p := w.problem(res); !strings.Contains(p.Detail, "admin") {
		t.Errorf("refusal %q does not name the role needed", p.Detail)
	}

	for _, as := range []string{testenv.AdminToken, tok.Token} {
		var list items[httpapi.TokenBody]
		res := w.call(as, http.MethodGet, "/api/v1/users/uma/tokens", nil, nil, http.StatusOK, &list)
		if len(list.Items) != 2 {
			t.Errorf("uma has %d tokens listed, want 2", len(list.Items))
		}
		for _, secret := range []string{tok.Token, own.Token} {
			if bytes.Contains(res.Body, []byte(secret)) || bytes.Contains(res.Body, []byte(secret[len(tok.Prefix):])) {
				t.Errorf("the token list shows a secret:\n%s", res.Body)
			}
		}
	}

	var revoked httpapi.TokenBody
	w.admin(http.MethodDelete, fmt.Sprintf("/api/v1/users/uma/tokens/%d", tok.ID), nil, http.StatusOK, &revoked)
	if revoked.RevokedAt == nil {
		t.Errorf("revoked token = %+v, want revoked_at", revoked)
	}
	w.call(tok.Token, http.MethodGet, "/api/v1/me", nil, nil, http.StatusUnauthorized, nil)
	w.call(own.Token, http.MethodGet, "/api/v1/me", nil, nil, http.StatusOK, nil)

	var changed httpapi.UserBody
	w.admin(http.MethodPatch, "/api/v1/users/uma", map[string]any{"role": "manager"}, http.StatusOK, &changed)
	w.call(own.Token, http.MethodGet, "/api/v1/me", nil, nil, http.StatusOK, &me)
	if changed.Role != "manager" || me.Role != "manager" {
		t.Errorf("after the role change: %s, me %s", changed.Role, me.Role)
	}
	w.admin(http.MethodPatch, "/api/v1/users/uma", map[string]any{"disabled": true}, http.StatusOK, &changed)
	w.call(own.Token, http.MethodGet, "/api/v1/me", nil, nil, http.StatusUnauthorized, nil)
}

func TestTimelineRecordsEveryChangeWithItsActor(t *testing.T) {
	t.Parallel()
	env := testenv.New(t)
	w := wire{t, env}
	erin := env.User("erin", core.RoleEngineer).Token
	tool := w.addTool(erin, sampleTool("Scanner", "low", "maintain")) // an engineer adds the least commitment (rule 1)
	summary := "Finds leaked secrets"
	tool = w.patchTool(erin, tool.ID, etagOf(tool.Version), httpapi.ToolPatch{Summary: &summary})
	tool = w.patchTool(erin, tool.ID, etagOf(tool.Version), httpapi.ToolPatch{Summary: &summary}) // changes nothing
	w.call(erin, http.MethodPut, toolURL(tool.ID, "/assessment"), nil, map[string]any{"met": []string{}}, http.StatusOK, nil)
	w.call(erin, http.MethodPost, toolURL(tool.ID, "/adrs"), nil, map[string]string{"title": "Use Go", "context": "c", "decision": "d"},
		http.StatusCreated, nil)
	w.call(erin, http.MethodPost, toolURL(tool.ID, "/improvements"), nil, map[string]string{"title": "Add tests"}, http.StatusCreated, nil)
	crit := "critical"
	tool, _ = w.getTool(tool.ID)
	w.patchTool(testenv.AdminToken, tool.ID, etagOf(tool.Version), httpapi.ToolPatch{Criticality: &crit})

	want := []struct{ typ, actor string }{
		{"tool.created", "erin"},
		{"tool.updated", "erin"},
		{"tool.health_changed", "erin"},
		{"tool.assessed", "erin"},
		{"adr.recorded", "erin"},
		{"improvement.planned", "erin"},
		{"tool.updated", "admin"},
	}
	got := w.events(tool.ID)
	if len(got) != len(want) {
		t.Fatalf("timeline has %d events, want %d: %+v", len(got), len(want), got)
	}
	for i, e := range got {
		if e.Type != want[i].typ || e.Actor != want[i].actor || e.Summary == "" || e.At.IsZero() {
			t.Errorf("event %d = %s by %s (%q), want %s by %s", i, e.Type, e.Actor, e.Summary, want[i].typ, want[i].actor)
		}
	}
	if !strings.Contains(got[1].Summary, "summary") || !strings.Contains(got[6].Summary, "criticality") {
		t.Errorf("update summaries %q, %q do not name the fields changed", got[1].Summary, got[6].Summary)
	}
}

func TestOutboxTellsTeamsWhenTheCommitmentMoves(t *testing.T) {
	t.Parallel()
	w := wire{t, testenv.New(t)}
	tool := w.addTool(testenv.AdminToken, sampleTool("Scanner", "high", "maintain"))
	redirect := w.addTool(testenv.AdminToken, sampleTool("Old Report", "medium", "redirect"))
	if msgs := w.outbox(); len(msgs) != 2 || msgs[0].Topic != "tool.added" || msgs[0].SubjectID != tool.ID {
		t.Fatalf("outbox after two creations = %+v, want two tool.added messages", msgs)
	}
	str := func(s string) *string { return &s }
	tests := []struct {
		name  string
		tool  int64
		patch httpapi.ToolPatch
		moves bool
	}{
		{"criticality up", tool.ID, httpapi.ToolPatch{Criticality: str("critical")}, true},
		{"summary only", tool.ID, httpapi.ToolPatch{Summary: str("Finds leaked secrets")}, false},
		{"improve_then_maintain keeps the level", tool.ID, httpapi.ToolPatch{Category: str("improve_then_maintain")}, false},
		{"owner team only", tool.ID, httpapi.ToolPatch{OwnerTeam: str("appsec-automation")}, false},
		{"redirect stays low whatever the criticality", redirect.ID, httpapi.ToolPatch{Criticality: str("critical")}, false},
		{"redirect to maintain", redirect.ID, httpapi.ToolPatch{Category: str("maintain")}, true},
		{"criticality down", tool.ID, httpapi.ToolPatch{Criticality: str("low")}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ww := wire{t, w.env}
			before := len(ww.outbox())
			cur, etag := ww.getTool(tc.tool)
			after := ww.patchTool(testenv.AdminToken, tc.tool, etag, tc.patch)
			if after.Version != cur.Version+1 {
				t.Errorf("version %d → %d, want one more", cur.Version, after.Version)
			}
			added := ww.outbox()[before:]
			if !tc.moves {
				if len(added) != 0 {
					t.Errorf("a change that does not move the commitment wrote %+v", added)
				}
				return
			}
			if len(added) != 1 || added[0].Topic != "commitment.changed" || added[0].SubjectType != "tool" || added[0].SubjectID != tc.tool {
				t.Fatalf("outbox gained %+v, want one commitment.changed about tool %d", added, tc.tool)
			}
			var teams []string
			for _, r := range added[0].Recipients {
				if r.Kind == "team" {
					teams = append(teams, r.Name)
				}
			}
			want := append([]string{after.OwnerTeam}, after.StakeholderTeams...)
			if !slices.Equal(teams, want) {
				t.Errorf("recipients %q, want the owner and stakeholder teams %q", teams, want)
			}
			if !strings.Contains(added[0].Title, after.Commitment.Level) || !strings.Contains(added[0].Body, "RPO") {
				t.Errorf("message %q / %q should give the new level and say no RPO is promised", added[0].Title, added[0].Body)
			}
		})
	}
}

func TestOpenAPIDocument(t *testing.T) {
	t.Parallel()
	env := testenv.New(t)
	res := env.Do(http.MethodGet, "/api/v1/openapi.json", "", nil, nil)
	if res.Status != http.StatusOK {
		t.Fatalf("status %d\n%s", res.Status, res.Body)
	}
	var doc struct {
		OpenAPI string                     `json:"openapi"`
		Paths   map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(res.Body, &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi = %q, want 3.1.x", doc.OpenAPI)
	}
	for _, p := range []string{"/api/v1/tools", "/api/v1/tools/{id}", "/api/v1/tools/{id}/assessment", "/api/v1/rubric",
		"/api/v1/tools/{id}/adrs", "/api/v1/users", "/api/v1/users/{username}/tokens", "/api/v1/outbox"} {
		if _, ok := doc.Paths[p]; !ok {
			t.Errorf("the document has no path %s", p)
		}
	}
}

func TestProbesAnswerWithoutAToken(t *testing.T) {
	t.Parallel()
	env := testenv.New(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		t.Run(path, func(t *testing.T) {
			res := env.Do(http.MethodGet, path, "", nil, nil)
			var body struct{ Status string }
			if res.Status != http.StatusOK || json.Unmarshal(res.Body, &body) != nil || body.Status == "" {
				t.Errorf("%s: %d %s", path, res.Status, res.Body)
			}
		})
	}
}
