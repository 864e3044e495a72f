package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/intake"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// visitor is a browser without JavaScript: a cookie jar, redirects not followed.
type visitor struct {
	t    *testing.T
	env  *testenv.Env
	http *http.Client
}

func newVisitor(t *testing.T, env *testenv.Env) *visitor {
	jar, _ := cookiejar.New(nil)
	return &visitor{t: t, env: env, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// page is an answer read whole.
type page struct {
	status int
	header http.Header
	body   string
}

func (v *visitor) do(method, path string, form url.Values, header map[string]string) page {
	v.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, v.env.Server.URL+path, body)
	if err != nil {
		v.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, val := range header {
		req.Header.Set(k, val)
	}
	res, err := v.http.Do(req)
	if err != nil {
		v.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return page{status: res.StatusCode, header: res.Header, body: string(b)}
}

func (v *visitor) get(path string) page { v.t.Helper(); return v.do("GET", path, nil, nil) }
func (v *visitor) post(path string, form url.Values) page {
	v.t.Helper()
	return v.do("POST", path, form, nil)
}

// signIn signs in with a token and checks the redirect home.
func (v *visitor) signIn(token string) {
	v.t.Helper()
	p := v.post("/login", url.Values{"token": {token}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/" {
		v.t.Fatalf("sign in: %d %s\n%s", p.status, p.header.Get("Location"), p.body)
	}
}

// signedIn makes a user with a role and returns a visitor signed in as them.
func signedIn(t *testing.T, env *testenv.Env, name string, role core.Role) *visitor {
	t.Helper()
	v := newVisitor(t, env)
	v.signIn(user(t, env, name, role))
	return v
}

// asAdmin returns a visitor signed in as the first admin.
func asAdmin(t *testing.T, env *testenv.Env) *visitor {
	t.Helper()
	v := newVisitor(t, env)
	v.signIn(testenv.AdminToken)
	return v
}

// user makes a user with a role and returns their token.
func user(t *testing.T, env *testenv.Env, name string, role core.Role) string {
	t.Helper()
	ctx := context.Background()
	if _, err := env.Services.Access.CreateUser(ctx, core.System, access.User{Username: name, Role: role}); err != nil {
		t.Fatal(err)
	}
	_, secret, err := env.Services.Access.CreateToken(ctx, core.System, name, access.TokenRequest{Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

func must(t *testing.T, p page, status int, contains ...string) {
	t.Helper()
	if p.status != status {
		t.Fatalf("status %d, want %d\n%s", p.status, status, p.body)
	}
	for _, c := range contains {
		if !strings.Contains(p.body, c) {
			t.Errorf("page lacks %q\n%s", c, p.body)
		}
	}
}

func TestPagesWithoutASessionGoToLogin(t *testing.T) {
	env := testenv.New(t)
	v := newVisitor(t, env)
	for _, path := range []string{"/", "/tools", "/tools/1", "/requests", "/requests/new", "/requests/1", "/issues",
		"/priorities", "/reviews", "/reports/slo", "/reports/capacity", "/cocreate", "/sunset", "/admin"} {
		p := v.get(path)
		if p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/login") {
			t.Errorf("GET %s: %d to %q, want 303 to /login", path, p.status, p.header.Get("Location"))
		}
	}
	if p := v.post("/requests", url.Values{"kind": {"other"}, "title": {"x"}, "requesting_team": {"t"}}); p.status != http.StatusSeeOther ||
		p.header.Get("Location") != "/login" {
		t.Errorf("POST /requests without a session: %d %s", p.status, p.header.Get("Location"))
	}
	// the API is still the API
	if p := v.get("/api/v1/tools"); p.status != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/tools: %d, want 401", p.status)
	}
	if p := v.get("/healthz"); p.status != http.StatusOK {
		t.Errorf("GET /healthz: %d", p.status)
	}
}

func TestSignInWithATokenAndOut(t *testing.T) {
	env := testenv.New(t)
	v := newVisitor(t, env)
	must(t, v.get("/login"), http.StatusOK, `name="token"`)
	bad := v.post("/login", url.Values{"token": {"ilk_not_a_token"}})
	must(t, bad, http.StatusUnauthorized, `class="field-error"`, "is not a valid token")
	p := v.post("/login", url.Values{"token": {testenv.AdminToken}, "next": {"/tools"}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/tools" {
		t.Fatalf("sign in: %d %q", p.status, p.header.Get("Location"))
	}
	cookie := p.header.Get("Set-Cookie")
	for _, want := range []string{"interlock_session=", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("cookie %q lacks %s", cookie, want)
		}
	}
	if strings.Contains(cookie, "Secure") {
		t.Errorf("cookie %q is Secure on an http URL", cookie)
	}
	home := v.get("/")
	must(t, home, http.StatusOK, "My work", "admin")
	// an open redirect is refused
	if p := v.post("/login", url.Values{"token": {testenv.AdminToken}, "next": {"//evil.example/"}}); p.header.Get("Location") != "/" {
		t.Errorf("next=//evil.example/ redirected to %q", p.header.Get("Location"))
	}
	if p := v.post("/logout", url.Values{}); p.status != http.StatusSeeOther || p.header.Get("Location") != "/login" {
		t.Fatalf("logout: %d %q", p.status, p.header.Get("Location"))
	}
	if p := v.get("/"); p.status != http.StatusSeeOther {
		t.Errorf("after logout GET / = %d, want 303", p.status)
	}
}

func TestEveryPageCarriesTheSecurityHeaders(t *testing.T) {
	env := testenv.New(t)
	v := asAdmin(t, env)
	for _, path := range []string{"/login", "/", "/tools", "/requests", "/requests/new", "/issues", "/priorities", "/reviews",
		"/reports/slo", "/reports/capacity", "/cocreate", "/sunset", "/backlog", "/admin"} {
		p := v.get(path)
		if p.status != http.StatusOK {
			t.Errorf("GET %s: %d\n%s", path, p.status, p.body)
			continue
		}
		csp := p.header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("GET %s: CSP %q", path, csp)
		}
		if p.header.Get("X-Content-Type-Options") != "nosniff" || p.header.Get("Referrer-Policy") == "" {
			t.Errorf("GET %s: headers %v", path, p.header)
		}
		if strings.Contains(p.body, "<script>") || regexp.MustCompile(`\son[a-z]+=`).MatchString(p.body) {
			t.Errorf("GET %s has inline script", path)
		}
	}
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	env := testenv.New(t)
	v := asAdmin(t, env)
	form := url.Values{"kind": {"other"}, "title": {"x"}, "requesting_team": {"t"}, "description": {"d"}}
	p := v.do("POST", "/requests", form, map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})
	if p.status != http.StatusForbidden {
		t.Fatalf("cross-origin POST: %d, want 403", p.status)
	}
	p = v.do("POST", "/logout", url.Values{}, map[string]string{"Origin": "https://evil.example"})
	if p.status != http.StatusForbidden {
		t.Fatalf("cross-origin logout: %d, want 403", p.status)
	}
	list, _, _ := env.Services.Intake.List(context.Background(), core.System, intake.Filter{}, false, false, core.Page{})
	if len(list) != 0 {
		t.Fatalf("the refused POST opened %d request(s)", len(list))
	}
	// same-origin is fine
	p = v.do("POST", "/requests", form, map[string]string{"Sec-Fetch-Site": "same-origin"})
	if p.status != http.StatusSeeOther {
		t.Fatalf("same-origin POST: %d", p.status)
	}
}

var netNewAnswers = url.Values{"problem_statement": {"Triaging dependency findings is manual."}, "who_is_affected": {"AppSec"},
	"user_requirements": {"Map findings to owners."}, "alternatives_explored": {"None fit."}, "business_case": {"Four hours a week."},
	"urgency": {"This quarter."}}

func fileRequest(t *testing.T, v *visitor, title string) string {
	t.Helper()
	form := url.Values{"kind": {"net_new"}, "title": {title}, "requesting_team": {"appsec"}}
	for k, a := range netNewAnswers {
		form[k] = a
	}
	p := v.post("/requests", form)
	if p.status != http.StatusSeeOther || !regexp.MustCompile(`^/requests/\d+$`).MatchString(p.header.Get("Location")) {
		t.Fatalf("file request: %d %q\n%s", p.status, p.header.Get("Location"), p.body)
	}
	return p.header.Get("Location")
}

func TestIntakeFromFormToDecisionWithAnAgreement(t *testing.T) {
	env := testenv.New(t)
	requester, engineer, manager := newVisitor(t, env), newVisitor(t, env), newVisitor(t, env)
	requester.signIn(user(t, env, "rita", core.RoleRequester))
	engineer.signIn(user(t, env, "erin", core.RoleEngineer))
	manager.signIn(user(t, env, "mona", core.RoleManager))

	must(t, requester.get("/requests/new?kind=net_new"), http.StatusOK, `name="problem_statement"`, `name="urgency"`, `name="requesting_team"`)
	refused := requester.post("/requests", url.Values{"kind": {"net_new"}, "title": {""}, "requesting_team": {"appsec"}})
	must(t, refused, http.StatusUnprocessableEntity, "the request is not valid")
	if !regexp.MustCompile(`id="title"[^>]*>\s*<span class="field-error" role="alert">is required</span>`).MatchString(refused.body) {
		t.Errorf("the refusal is not shown next to the title field:\n%s", refused.body)
	}
	path := fileRequest(t, requester, "VulnMapper")
	// the requester may change the answers before step 1 completes
	saved := url.Values{"version": {"1"}}
	for k, a := range netNewAnswers {
		saved[k] = a
	}
	saved.Set("urgency", "This month.")
	must(t, requester.post(path+"/answers", saved), http.StatusSeeOther)
	must(t, requester.get(path), http.StatusOK, "This month.", "Answers saved.", `formaction="`)
	must(t, requester.get(path), http.StatusOK, "VulnMapper", "understanding")

	// a requester may not work a step: the problem is shown on the page
	must(t, requester.post(path+"/understanding", url.Values{"version": {"2"}}), http.StatusForbidden, "needs the role engineer")
	must(t, engineer.post(path+"/understanding", url.Values{"version": {"1"}}), http.StatusPreconditionFailed, "has changed since you read it")
	must(t, engineer.post(path+"/understanding", url.Values{"version": {"2"}}), http.StatusSeeOther)
	bad := engineer.post(path+"/path-forward", url.Values{"outcome": {"wait_for_product"}, "basis": {""}})
	must(t, bad, http.StatusUnprocessableEntity, "is required: product fit")
	must(t, engineer.post(path+"/path-forward", url.Values{"outcome": {"wait_for_product"}, "basis": {"the product plans it next year"}}), http.StatusSeeOther)
	page := engineer.get(path)
	must(t, page, http.StatusOK, `id="decision-form"`)
	ver := regexp.MustCompile(`action="[^"]+/decision"[^>]*>\s*<input type="hidden" name="version" value="(\d+)"`).FindStringSubmatch(page.body)
	if ver == nil {
		t.Fatalf("no version on the decision form:\n%s", page.body)
	}
	revisit := env.Clock.Now().AddDate(0, 3, 0).Format("2006-01-02")
	must(t, engineer.post(path+"/decision", url.Values{"version": {ver[1]}, "basis": {"b"}, "revisit_on": {revisit}}), http.StatusForbidden,
		"needs the role manager")
	noDate := manager.post(path+"/decision", url.Values{"version": {ver[1]}, "basis": {"on the roadmap"}})
	must(t, noDate, http.StatusUnprocessableEntity)
	if !regexp.MustCompile(`name="revisit_on"[^>]*>\s*<span class="field-error" role="alert">is required for wait_for_product`).MatchString(noDate.body) {
		t.Errorf("the missing revisit date is not shown next to its field:\n%s", noDate.body)
	}
	must(t, manager.post(path+"/decision", url.Values{"version": {ver[1]}, "basis": {"on the roadmap"}, "revisit_on": {revisit}}), http.StatusSeeOther)
	must(t, manager.get(path), http.StatusOK, "waits for agreement", "awaiting agreement", "requesting team")
	must(t, manager.post(path+"/agree", url.Values{}), http.StatusForbidden, "not a party")
	must(t, requester.get("/"), http.StatusOK, "VulnMapper") // waiting on the requester
	must(t, requester.post(path+"/agree", url.Values{}), http.StatusSeeOther)
	done := requester.get(path)
	must(t, done, http.StatusOK, "the decision is final", "requesting team: rita")
	if !strings.Contains(done.body, `id="request-state">decided`) {
		t.Errorf("not decided:\n%s", done.body)
	}
	must(t, requester.post(path+"/comments", url.Values{"body": {"thanks"}}), http.StatusSeeOther)
	must(t, requester.get(path), http.StatusOK, "thanks")
}

func TestToolPageShowsTheCommitmentAndItsReasons(t *testing.T) {
	env := testenv.New(t)
	tool, err := env.Services.Inventory.CreateTool(context.Background(), core.System, inventory.Tool{Name: "VulnMapper",
		OwnerTeam: "prodsec-eng", Criticality: inventory.Critical, Category: inventory.Maintain, Stage: inventory.Operational,
		Health: inventory.Unassessed, GitLabProject: "gitlab-org/vulnmapper"})
	if err != nil {
		t.Fatal(err)
	}
	v := asAdmin(t, env)
	id := fmt.Sprint(tool.ID)
	must(t, v.get("/tools?q=vuln"), http.StatusOK, `href="/tools/`+id+`"`)
	must(t, v.get("/tools?criticality=urgent"), http.StatusUnprocessableEntity, "is not a criticality")
	for _, c := range []inventory.Criticality{inventory.Low, inventory.High} {
		if _, err := env.Services.Inventory.CreateTool(context.Background(), core.System, inventory.Tool{Name: "a-" + string(c) + "-tool",
			OwnerTeam: "t", Criticality: c, Category: inventory.Maintain, Stage: inventory.Operational, Health: inventory.Unassessed}); err != nil {
			t.Fatal(err)
		}
	}
	byName, byCrit := v.get("/tools").body, v.get("/tools?sort=criticality").body
	order := func(body string) string {
		return strings.Join(regexp.MustCompile(`>(a-low-tool|a-high-tool|VulnMapper)</a>`).FindAllString(body, -1), " ")
	}
	if order(byName) != ">a-high-tool</a> >a-low-tool</a> >VulnMapper</a>" || order(byCrit) != ">VulnMapper</a> >a-high-tool</a> >a-low-tool</a>" {
		t.Errorf("by name: %s; by criticality: %s", order(byName), order(byCrit))
	}
	must(t, v.get("/tools/"+id), http.StatusOK, "SLO 4 business hours, RTO 12 business hours", inventory.NoRPO, "gitlab-org/vulnmapper", "unassessed")
	must(t, v.get("/tools/999999"), http.StatusNotFound)
	// open an issue from the page: the clocks run
	must(t, v.post("/tools/"+id+"/issues", url.Values{"title": {""}, "kind": {"outage"}, "blocks_functionality": {"on"}}),
		http.StatusUnprocessableEntity, "is required")
	must(t, v.post("/tools/"+id+"/issues", url.Values{"title": {"scans fail"}, "kind": {"outage"}, "blocks_functionality": {"on"}}), http.StatusSeeOther)
	must(t, v.get("/tools/"+id), http.StatusOK, "scans fail", "running")
	// an outage keeps the tool from working even when the box is left unticked (rule 5)
	must(t, v.post("/tools/"+id+"/issues", url.Values{"title": {"scans stall"}, "kind": {"outage"}}), http.StatusSeeOther)
	issues, _, err := env.Services.Maintenance.ListIssues(context.Background(), core.System, maintenance.IssueFilter{ToolID: tool.ID}, core.Page{})
	if err != nil || len(issues) != 2 || !issues[1].BlocksFunctionality || issues[1].SLO.DueAt == nil {
		t.Errorf("an outage opened with the box unticked: %+v, %v", issues, err)
	}
	must(t, v.get("/issues"), http.StatusOK, "scans fail", "<svg", "<title id=\"issues-by-state-t\">", ">VulnMapper</a>")
}

func TestReportsDrawSVGWithATextAlternative(t *testing.T) {
	env := testenv.New(t)
	v := asAdmin(t, env)
	must(t, v.get("/reports/slo"), http.StatusOK, "<svg", "<title id=\"slo-attainment-t\">", "<desc", "<table>")
	must(t, v.get("/reports/slo?from=yesterday"), http.StatusUnprocessableEntity, "must be a date")
	must(t, v.get("/reports/capacity"), http.StatusOK, "<svg", "Committed load")
	must(t, v.get("/backlog"), http.StatusOK, `<title id="velocity-t">`, "Weight closed per week")
}

func TestAdminPageIsForAdmins(t *testing.T) {
	env := testenv.New(t)
	v := signedIn(t, env, "erin", core.RoleEngineer)
	must(t, v.get("/admin"), http.StatusForbidden, "needs the role admin")
	a := asAdmin(t, env)
	must(t, a.post("/admin/users", url.Values{"username": {"Bad Name!"}, "role": {"engineer"}}), http.StatusUnprocessableEntity, "must be 1-64 characters")
	must(t, a.post("/admin/users", url.Values{"username": {"lee"}, "role": {"leadership"}}), http.StatusSeeOther)
	tok := a.post("/admin/tokens", url.Values{"token_user": {"lee"}, "token_name": {"laptop"}})
	m := regexp.MustCompile(`id="new-token">(ilk_[a-z0-9]+)<`).FindStringSubmatch(tok.body)
	if m == nil {
		t.Fatalf("no token shown:\n%s", tok.body)
	}
	lee := newVisitor(t, env)
	lee.signIn(m[1])
	must(t, lee.get("/"), http.StatusOK, "lee")

	// a role change takes effect at once; a disabled user's session ends
	must(t, a.post("/admin/user", url.Values{"user": {"lee"}, "role": {"manager"}}), http.StatusSeeOther)
	must(t, lee.get("/"), http.StatusOK, "(manager)")
	must(t, a.post("/admin/user", url.Values{"user": {"admin"}, "role": {"requester"}}), http.StatusConflict, `class="problem"`)
	must(t, a.post("/admin/user", url.Values{"user": {"lee"}, "role": {"manager"}, "disabled": {"on"}}), http.StatusSeeOther)
	if p := lee.get("/"); p.status != http.StatusSeeOther {
		t.Errorf("a disabled user still sees pages: %d", p.status)
	}

	// policies, calendar and rubric: refusals next to their fields, then saved
	page := a.get("/admin")
	ver := regexp.MustCompile(`action="/admin/clock-policy"[^>]*><h3>[^<]*</h3>\s*<input type="hidden" name="version" value="(\d+)"`).FindStringSubmatch(page.body)
	if ver == nil {
		t.Fatalf("no version on the clock policy form")
	}
	must(t, a.post("/admin/clock-policy", url.Values{"version": {ver[1]}, "at_risk_fraction": {"2"}, "signal_breaches": {"2"},
		"signal_window_days": {"90"}}), http.StatusUnprocessableEntity, `class="field-error"`)
	must(t, a.post("/admin/clock-policy", url.Values{"version": {ver[1]}, "at_risk_fraction": {"0.5"}, "signal_breaches": {"3"},
		"signal_window_days": {"60"}}), http.StatusSeeOther)
	must(t, a.get("/admin"), http.StatusOK, `name="signal_breaches" value="3"`)
	must(t, a.post("/admin/calendar", url.Values{"calendar": {"{not json"}}), http.StatusUnprocessableEntity, "is not valid JSON")
	must(t, a.post("/admin/rubric", url.Values{"rubric": {`[{"id":"x","level":"great","description":"d"}]`}}), http.StatusUnprocessableEntity)
	must(t, a.post("/admin/teams", url.Values{"team": {"appsec"}, "members": {"erin"}}), http.StatusSeeOther)
	must(t, a.get("/admin"), http.StatusOK, "<td>appsec</td><td>erin</td>")
}

func TestAPIDocsAreOffline(t *testing.T) {
	env := testenv.New(t)
	p := newVisitor(t, env).get("/api/v1/docs")
	must(t, p, http.StatusOK, "/api/v1/docs/assets/swagger-ui-bundle.js")
	if strings.Contains(p.body, "https://") {
		t.Errorf("the docs page loads from another host:\n%s", p.body)
	}
}

func TestSessionCookieIsSecureOnAnHTTPSPublicURL(t *testing.T) {
	env := testenv.New(t)
	h := app.Handler(env.Services, app.Config{Clock: env.Clock, Web: app.WebConfig{PublicURL: "https://interlock.example.com"}}, env.DB)
	req := httptest.NewRequest("POST", "https://interlock.example.com/login", strings.NewReader(url.Values{"token": {testenv.AdminToken}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	cookie := w.Header().Get("Set-Cookie")
	if w.Code != http.StatusSeeOther || !strings.Contains(cookie, "Secure") || !strings.Contains(cookie, "HttpOnly") {
		t.Fatalf("sign in over https: %d, cookie %q", w.Code, cookie)
	}
	// assets need no session and set no cookie
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/static/style.css", nil))
	if w.Code != http.StatusOK || w.Header().Get("Set-Cookie") != "" || !strings.Contains(w.Header().Get("Content-Type"), "text/css") {
		t.Fatalf("stylesheet: %d %v", w.Code, w.Header())
	}
}
