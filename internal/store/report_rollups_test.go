package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/bizhours"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/devseed"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/race"
	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

var (
	rollManager  = core.Actor{Username: "mia", Role: core.RoleManager}
	rollEngineer = core.Actor{Username: "eli", Role: core.RoleEngineer}
)

// midnight is the start of the UTC day t is in, days days later.
func midnight(t time.Time, days int) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day()+days, 0, 0, 0, 0, time.UTC)
}

// rollPeriods are the periods the report is compared over: the API's
// default year, whole days, part-days at either end, single days, instants
// on the boundaries of days, periods within a day, and other time zones.
func rollPeriods(now time.Time) [][2]time.Time {
	day := midnight(now, 0)
	ny := time.FixedZone("UTC-5", -5*3600)
	return [][2]time.Time{
		{now.AddDate(-1, 0, 0), now},
		{now.AddDate(-2, 0, 0), now.AddDate(0, 0, 1)},
		{day.AddDate(0, 0, -200), day},
		{day.AddDate(0, 0, -30), day.AddDate(0, 0, 1)},
		{day.AddDate(0, 0, -10).Add(13*time.Hour + 7*time.Minute), day.Add(-time.Nanosecond)},
		{day.AddDate(0, 0, -3), day.AddDate(0, 0, -2)},                                      // one whole day
		{day.AddDate(0, 0, -3), day.AddDate(0, 0, -3).Add(time.Microsecond)},                // its first instant
		{day.AddDate(0, 0, -3).Add(-time.Microsecond), day.AddDate(0, 0, -2)},               // from the last instant before it
		{day.AddDate(0, 0, -3).Add(time.Microsecond), day.AddDate(0, 0, -2).Add(time.Hour)}, // all but its first instant
		{day.AddDate(0, 0, -5).Add(2 * time.Hour), day.AddDate(0, 0, -5).Add(20 * time.Hour)},
		{day.AddDate(0, 0, -40).In(ny), day.AddDate(0, 0, -1).Add(5 * time.Hour).In(ny)},
		{day.AddDate(0, -6, 0).Add(500 * time.Millisecond), now.Add(-time.Hour)},
		{now.Add(time.Hour), now.AddDate(0, 0, 3)}, // nothing opened yet
	}
}

// checkRollups compares the report read through the roll-ups with the one
// computed from the issues alone, over every period, and each day's row
// with the issues of that day.
func checkRollups(t *testing.T, db *store.DB, now time.Time, stage string) {
	t.Helper()
	ctx := context.Background()
	if err := db.CheckReportRollups(ctx); err != nil {
		t.Fatalf("%s: %v", stage, err)
	}
	// the year first and last: the next stage finds it cached from before
	// its writes, and must not answer from that cache (ADR 0020)
	periods := rollPeriods(now)
	periods = append(periods, periods[0])
	for _, p := range periods {
		wantTools, wantLevels, wantTotal, err := db.SLOStatsLive(ctx, p[0], p[1])
		if err != nil {
			t.Fatalf("%s: %v", stage, err)
		}
		// through the cache of whole days (read, then cached), and without it
		for i, stats := range []func(context.Context, time.Time, time.Time) ([]maintenance.SLORow, []maintenance.SLORow, maintenance.SLORow, error){
			db.SLOStats, db.SLOStats, db.SLOStatsUncached} {
			gotTools, gotLevels, gotTotal, err := stats(ctx, p[0], p[1])
			if err != nil {
				t.Fatalf("%s: %v", stage, err)
			}
			if !reflect.DeepEqual(gotTotal, wantTotal) || !reflect.DeepEqual(gotLevels, wantLevels) || !reflect.DeepEqual(gotTools, wantTools) {
				t.Errorf("%s, [%s, %s), read %d: the roll-ups give %s, the issues %s", stage, p[0], p[1], i, rowText(gotTotal), rowText(wantTotal))
			}
		}
	}
}

func rowText(r maintenance.SLORow) string {
	d := func(p *time.Duration) string {
		if p == nil {
			return "-"
		}
		return p.String()
	}
	return fmt.Sprintf("%d issues %d running SLO %d/%d RTO %d/%d triage %s/%s recover %s/%s", r.Issues, r.Running, r.SLOMet, r.SLOMissed,
		r.RTOMet, r.RTOMissed, d(r.TriageP50), d(r.TriageP90), d(r.RecoverP50), d(r.RecoverP90))
}

func TestReportRollupsGiveTheLiveReport(t *testing.T) {
	ctx := context.Background()
	env := testenv.New(t)
	db, m := env.DB, env.Services.Maintenance
	now := env.Clock.Now()
	checkRollups(t, db, now, "empty")

	// bulk: the development seed, a year of issues in every state (fewer
	// under -race, which finds nothing in this one goroutine; the plain run
	// checks them all)
	issues := 1500
	if race.Enabled {
		issues = 400
	}
	cal, _ := bizhours.New(bizhours.DefaultConfig())
	if _, err := devseed.Seed(ctx, db.Seeding(), cal, devseed.Options{Tools: 12, Issues: issues, Now: now, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	checkRollups(t, db, now, "seeded")

	// one tool per criticality, issues opened through the service, back-dated
	// to the edges of days, blocking or not
	var tools []inventory.Tool
	for i, c := range inventory.Criticalities {
		tool, err := env.Services.Inventory.CreateTool(ctx, rollManager, inventory.Tool{Name: fmt.Sprintf("roll-%d", i),
			OwnerTeam: "appsec", StakeholderTeams: []string{"sirt"}, Criticality: c, Category: inventory.ImproveThenMaintain})
		if err != nil {
			t.Fatal(err)
		}
		tools = append(tools, tool)
	}
	day := midnight(now, 0)
	var opened []maintenance.Issue
	for i, at := range []time.Time{
		day.AddDate(0, 0, -3), day.AddDate(0, 0, -3).Add(-time.Microsecond), day.AddDate(0, 0, -3).Add(time.Microsecond),
		day.AddDate(0, 0, -2).Add(-time.Microsecond), day.AddDate(0, 0, -5).Add(9 * time.Hour), day.AddDate(0, 0, -40),
		day.AddDate(0, 0, -10).Add(13*time.Hour + 7*time.Minute), day.AddDate(0, -6, 0).Add(500 * time.Millisecond),
		day, now.Add(-time.Hour), now, day.AddDate(0, 0, -1).Add(23*time.Hour + 59*time.Minute + 59*time.Second),
	} {
		for j, tool := range tools {
			is := maintenance.Issue{Title: fmt.Sprintf("issue %d.%d", i, j), Kind: maintenance.Outage, OpenedAt: at}
			if (i+j)%3 == 2 {
				is.Kind, is.BlocksFunctionality, is.BlocksStated = maintenance.Bug, false, true
			}
			got, err := m.OpenIssue(ctx, rollEngineer, tool.ID, is)
			if err != nil {
				t.Fatalf("open %s: %v", is.Title, err)
			}
			opened = append(opened, got)
		}
	}
	checkRollups(t, db, now, "opened")

	// triage, recover and close some, as the clock moves on
	for i, is := range opened {
		env.Clock.Advance(7 * time.Minute)
		var err error
		switch i % 5 {
		case 0:
			_, err = m.Triage(ctx, rollEngineer, is.ToolID, is.ID, "eli")
		case 1:
			if _, err = m.Triage(ctx, rollEngineer, is.ToolID, is.ID, "eli"); err == nil {
				_, err = m.Recover(ctx, rollEngineer, is.ToolID, is.ID)
			}
		case 2:
			_, err = m.Close(ctx, rollEngineer, is.ToolID, is.ID, "duplicate")
		case 3:
			if _, err = m.Recover(ctx, rollEngineer, is.ToolID, is.ID); err == nil {
				_, err = m.Close(ctx, rollEngineer, is.ToolID, is.ID, "fixed")
			}
		}
		if err != nil {
			t.Fatalf("issue %d: %v", is.ID, err)
		}
	}
	checkRollups(t, db, env.Clock.Now(), "worked")

	// the clock job marks clocks at risk and breached days later
	for range 3 {
		env.Clock.Advance(26 * time.Hour)
		if _, err := m.CheckClocks(ctx); err != nil {
			t.Fatal(err)
		}
		checkRollups(t, db, env.Clock.Now(), "clock job")
	}

	// GitLab imports: back-dated, closed, reopened, blocking from later on
	now = env.Clock.Now()
	for i, tool := range tools {
		at := midnight(now, -20+i)
		ext := maintenance.ExternalIssue{Key: fmt.Sprintf("gitlab:issue:%d", 900+i), Ref: fmt.Sprintf("15#%d", i+1),
			URL: "https://gitlab.example.com/appsec/x/-/issues/1", Title: "imported outage", Kind: maintenance.Bug, Blocks: true,
			OpenedAt: at, UpdatedAt: at}
		if i == 3 {
			ext.Blocks = false
		}
		if _, _, err := m.ApplyExternal(ctx, maintenance.GitLabActor, tool.ID, ext); err != nil {
			t.Fatal(err)
		}
		assigned, closed := at.Add(3*time.Hour), at.Add(50*time.Hour)
		ext.Assignee, ext.AssignedAt, ext.Closed, ext.ClosedAt, ext.UpdatedAt = "eli", &assigned, true, &closed, closed
		if i == 3 {
			ext.Blocks, ext.BlocksSince = true, &assigned
		}
		if _, _, err := m.ApplyExternal(ctx, maintenance.GitLabActor, tool.ID, ext); err != nil {
			t.Fatal(err)
		}
		checkRollups(t, db, now, "imported and closed")
		reopened := closed.Add(time.Hour)
		ext.Closed, ext.ClosedAt, ext.UpdatedAt = false, nil, reopened
		if _, _, err := m.ApplyExternal(ctx, maintenance.GitLabActor, tool.ID, ext); err != nil {
			t.Fatal(err)
		}
	}
	checkRollups(t, db, now, "reopened")
}

func TestReportRollupsAreBuiltWhenMissing(t *testing.T) {
	ctx := context.Background()
	env := testenv.New(t)
	now := env.Clock.Now()
	cal, _ := bizhours.New(bizhours.DefaultConfig())
	if _, err := devseed.Seed(ctx, env.DB.Seeding(), cal, devseed.Options{Tools: 5, Issues: 400, Now: now, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	// as migration 00055 leaves a database: no roll-ups, not built; the
	// report is still right (it reads the issues), and building fills them
	if err := env.DB.ForgetReportRollups(ctx); err != nil {
		t.Fatal(err)
	}
	tools, _, total, err := env.DB.SLOStats(ctx, now.AddDate(-1, 0, 0), now)
	if err != nil || len(tools) != 5 || total.Issues == 0 {
		t.Fatalf("report before the roll-ups are built: %d tools, %d issues, %v", len(tools), total.Issues, err)
	}
	if err := env.DB.RebuildReportRollups(ctx); err != nil {
		t.Fatal(err)
	}
	checkRollups(t, env.DB, now, "rebuilt")

	// a day's row lost behind the store's back is read again from the
	// issues at the next write on that day
	tool, err := env.Services.Inventory.CreateTool(ctx, rollManager, inventory.Tool{Name: "critical",
		OwnerTeam: "appsec", Criticality: inventory.Critical, Category: inventory.ImproveThenMaintain})
	if err != nil {
		t.Fatal(err)
	}
	is, err := env.Services.Maintenance.OpenIssue(ctx, rollEngineer, tool.ID,
		maintenance.Issue{Title: "down", Kind: maintenance.Outage, OpenedAt: now.AddDate(0, 0, -2)})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.DB.DamageReportRollup(ctx, is.OpenedAt); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Services.Maintenance.Triage(ctx, rollEngineer, is.ToolID, is.ID, "eli"); err != nil {
		t.Fatal(err)
	}
	checkRollups(t, env.DB, now, "repaired")
}
