package web_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// chromiumPath finds Debian's chromium. Without it the browser tests are
// skipped on a developer's machine, but fail under CI (CI=true), where
// scripts/install-chromium.sh must have installed it.
func chromiumPath(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed and CI is set: run scripts/install-chromium.sh")
	}
	t.Skip("chromium is not installed (scripts/install-chromium.sh installs it); CI is not set, so the browser tests are skipped")
	return ""
}

// newBrowser starts a headless Chromium with a fresh profile that reaches
// nothing but the test server.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// screenshotDir is docs/screenshots when INTERLOCK_SCREENSHOTS=1 (to
// refresh the README's pictures), a temporary folder otherwise.
func screenshotDir(t *testing.T) string {
	if os.Getenv("INTERLOCK_SCREENSHOTS") == "1" {
		return filepath.Join("..", "..", "docs", "screenshots")
	}
	return t.TempDir()
}

func shoot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	shot := chromedp.FullScreenshot(100)
	if name == "api-docs" { // a very long page: the first screen is enough
		shot = chromedp.CaptureScreenshot()
	}
	png, err := chromedp.Run(ctx, shot)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// run does the steps, and on failure says where the browser is and what it shows.
func run(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		t.Fatalf("%s: %v\nat %s:\n%s", what, err, loc, body)
	}
}

// read returns a value from the page.
func read[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("read from the page: %v", err)
	}
	return v
}

func text(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	return read(t, ctx, chromedp.Text(chromedp.CSS(css)))
}

// signInAs signs out whoever is signed in and signs in with the token form.
func signInAs(t *testing.T, ctx context.Context, base, token string) {
	t.Helper()
	run(t, ctx, "sign in",
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`#token`)),
		chromedp.SendKeys(chromedp.CSS(`#token`), token),
		chromedp.Submit(chromedp.CSS(`#token`)),
		chromedp.WaitVisible(chromedp.CSS(`form.who`)),
	)
}

func signOut(t *testing.T, ctx context.Context) {
	t.Helper()
	run(t, ctx, "sign out", chromedp.Click(chromedp.CSS(`form.who button`)), chromedp.WaitVisible(chromedp.CSS(`#token`)))
}

func TestBrowserIntakeFromSignInToDecision(t *testing.T) {
	ctx := newBrowser(t)
	env := testenv.New(t)
	base := env.Server.URL
	shots := screenshotDir(t)
	rita, erin, mona := user(t, env, "rita", core.RoleRequester), user(t, env, "erin", core.RoleEngineer), user(t, env, "mona", core.RoleManager)
	tool, err := env.Services.Inventory.CreateTool(context.Background(), core.System, inventory.Tool{Name: "log-scanner",
		Summary: "Scans CI job logs for leaked secrets.", OwnerTeam: "prodsec-eng", StakeholderTeams: []string{"sirt"},
		Criticality: inventory.High, Category: inventory.ImproveThenMaintain, Stage: inventory.Operational, Health: inventory.Unassessed,
		RepositoryURL: "https://gitlab.example.com/prodsec/log-scanner", GitLabProject: "prodsec/log-scanner"})
	if err != nil {
		t.Fatal(err)
	}

	// a page without a session goes to the sign-in form
	run(t, ctx, "open / signed out", chromedp.Navigate(base+"/requests"), chromedp.WaitVisible(chromedp.CSS(`#token`)))
	loc := read(t, ctx, chromedp.Location())
	if !strings.Contains(loc, "/login") {
		t.Fatalf("signed out, /requests went to %s", loc)
	}
	shoot(t, ctx, shots, "login")
	signInAs(t, ctx, base, rita)

	// a refusal is shown next to its field
	run(t, ctx, "refused request",
		chromedp.Navigate(base+"/requests/new?kind=net_new"),
		chromedp.WaitVisible(chromedp.CSS(`#title`)),
		chromedp.SendKeys(chromedp.CSS(`#requesting_team`), "appsec"),
		chromedp.Submit(chromedp.CSS(`#title`)),
		chromedp.WaitVisible(chromedp.CSS(`#problem`)),
	)
	titleErr := text(t, ctx, `#title + .field-error`)
	if titleErr != "is required" {
		t.Fatalf("next to the title: %q, want %q", titleErr, "is required")
	}
	shoot(t, ctx, shots, "refusal")

	// file the request through the form
	fill := []chromedp.Action[chromedp.Void]{chromedp.SendKeys(chromedp.CSS(`#title`), "VulnMapper")}
	for k, a := range netNewAnswers {
		fill = append(fill, chromedp.SendKeys(chromedp.CSS("#"+k), a[0]))
	}
	run(t, ctx, "fill the template", fill...)
	shoot(t, ctx, shots, "request-new")
	run(t, ctx, "file the request", chromedp.Submit(chromedp.CSS(`#title`)), chromedp.WaitVisible(chromedp.CSS(`#request-state`)))
	loc = read(t, ctx, chromedp.Location())
	m := regexp.MustCompile(`/requests/(\d+)$`).FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("after filing, at %s", loc)
	}
	reqURL := base + "/requests/" + m[1]
	signOut(t, ctx)

	// an engineer works steps 1 and 2
	signInAs(t, ctx, base, erin)
	run(t, ctx, "steps 1 and 2",
		chromedp.Navigate(reqURL),
		chromedp.WaitVisible(chromedp.CSS(`#understanding-form`)),
		chromedp.Click(chromedp.CSS(`#understanding-form button`)),
		chromedp.WaitVisible(chromedp.CSS(`#path-forward-form`)),
		chromedp.SetValue(chromedp.CSS(`#outcome`), "wait_for_product"),
		chromedp.SendKeys(chromedp.CSS(`#basis`), "the product plans this for next year"),
		chromedp.Click(chromedp.CSS(`#path-forward-form button`)),
		chromedp.WaitVisible(chromedp.CSS(`#decision-form`)),
	)
	signOut(t, ctx)

	// a manager decides; the decision waits for the requesting team
	revisit := env.Clock.Now().AddDate(0, 3, 0).Format("2006-01-02")
	signInAs(t, ctx, base, mona)
	run(t, ctx, "decide",
		chromedp.Navigate(reqURL),
		chromedp.WaitVisible(chromedp.CSS(`#decision-form`)),
		chromedp.SendKeys(chromedp.CSS(`#d-basis`), "the product's roadmap covers it"),
		chromedp.SetValue(chromedp.CSS(`#revisit_on`), revisit),
		chromedp.Click(chromedp.CSS(`#decision-form button`)),
		chromedp.WaitVisible(chromedp.CSS(`#agree-form`)),
	)
	state := text(t, ctx, `#request-state`)
	if state != "awaiting agreement" {
		t.Fatalf("after the decision: %q", state)
	}
	signOut(t, ctx)

	// the requester agrees: the decision is final
	signInAs(t, ctx, base, rita)
	shoot(t, ctx, shots, "my-work")
	run(t, ctx, "agree",
		chromedp.Navigate(reqURL),
		chromedp.WaitVisible(chromedp.CSS(`#agree-form`)),
		chromedp.Click(chromedp.CSS(`#agree-form button`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#agree-form`)),
	)
	state, agreements := text(t, ctx, `#request-state`), text(t, ctx, `#agreements`)
	if state != "decided" || !strings.Contains(agreements, "requesting team: rita") {
		t.Fatalf("after agreeing: state %q, agreements %q", state, agreements)
	}
	shoot(t, ctx, shots, "request-decided")

	// issues with clocks: one triaged in time, one still open
	openIssue := func(title string) int64 {
		is, err := env.Services.Maintenance.OpenIssue(context.Background(), core.System, tool.ID,
			maintenance.Issue{Title: title, Kind: maintenance.Outage, BlocksFunctionality: true, BlocksStated: true})
		if err != nil {
			t.Fatal(err)
		}
		return is.ID
	}
	first := openIssue("scanner crashes on large logs")
	env.Clock.Advance(2 * time.Hour)
	if _, err := env.Services.Maintenance.Triage(context.Background(), core.System, tool.ID, first, "erin"); err != nil {
		t.Fatal(err)
	}
	openIssue("pipeline schedule stopped")
	env.Clock.Advance(time.Hour)

	// the tool page shows the commitment and its reasons
	run(t, ctx, "tool page",
		chromedp.Navigate(fmt.Sprintf("%s/tools/%d", base, tool.ID)),
		chromedp.WaitVisible(chromedp.CSS(`#commitment`)),
	)
	commitment := text(t, ctx, `#commitment`)
	for _, want := range []string{"SLO 1 business day, RTO 2 business days", "no recovery point objective (RPO) is promised"} {
		if !strings.Contains(commitment, want) {
			t.Errorf("commitment %q lacks %q", commitment, want)
		}
	}
	if issues := text(t, ctx, `#issues`); !strings.Contains(issues, "pipeline schedule stopped") || !strings.Contains(issues, "running") {
		t.Errorf("open issues on the tool page: %q", issues)
	}
	shoot(t, ctx, shots, "tool")
	run(t, ctx, "SLO report", chromedp.Navigate(base+"/reports/slo"), chromedp.WaitVisible(chromedp.CSS(`svg`)))
	shoot(t, ctx, shots, "report-slo")

	// the API docs render from the binary's own assets
	run(t, ctx, "API docs", chromedp.Navigate(base+"/api/v1/docs"), chromedp.WaitVisible(chromedp.CSS(`.swagger-ui .info .title`)))
	if title := text(t, ctx, `.swagger-ui .info .title`); !strings.Contains(title, "interlock") {
		t.Errorf("API docs title: %q", title)
	}
	shoot(t, ctx, shots, "api-docs")
}
