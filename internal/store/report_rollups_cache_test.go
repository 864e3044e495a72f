package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/bizhours"
	"gitlab.com/prodseceng/interlock/internal/devseed"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// Two servers over one database: the one that cached the year's whole days
// sees the other's writes to them, through the days' versions (ADR 0020).
func TestReportCacheSeesAnotherServersWrites(t *testing.T) {
	ctx := context.Background()
	path := testenv.DatabasePath(t)
	open := func() *store.DB {
		db, err := store.Open(ctx, store.Options{Path: path})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	reader, writer := open(), open()
	now := testenv.Start
	cal, _ := bizhours.New(bizhours.DefaultConfig())
	if _, err := devseed.Seed(ctx, writer.Seeding(), cal, devseed.Options{Tools: 6, Issues: 600, Now: now, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	from, to := now.AddDate(-1, 0, 0), now
	check := func(stage string, wantHit bool) {
		t.Helper()
		hits := reader.SLOCacheHits()
		gotTools, gotLevels, gotTotal, err := reader.SLOStats(ctx, from, to)
		if err != nil {
			t.Fatal(err)
		}
		wantTools, wantLevels, wantTotal, err := reader.SLOStatsLive(ctx, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(gotTotal, wantTotal) || !reflect.DeepEqual(gotLevels, wantLevels) || !reflect.DeepEqual(gotTools, wantTools) {
			t.Errorf("%s: the report gives %s, the issues %s", stage, rowText(gotTotal), rowText(wantTotal))
		}
		if hit := reader.SLOCacheHits() > hits; hit != wantHit {
			t.Errorf("%s: answered from the cache: %v, want %v", stage, hit, wantHit)
		}
		got, err := reader.ZombieCandidates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want, err := reader.ZombieCandidatesLive(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %d zombie candidates, %d read afresh", stage, len(got), len(want))
		}
	}
	check("first read", false)
	check("second read", true)

	// the other server opens an issue on a whole day of the period, then
	// works it: each write is seen
	env := testenv.Over(t, writer)
	tool, err := env.Services.Inventory.CreateTool(ctx, rollManager, inventory.Tool{Name: "cached",
		OwnerTeam: "appsec", Criticality: inventory.High, Category: inventory.ImproveThenMaintain})
	if err != nil {
		t.Fatal(err)
	}
	check("a tool created", true) // no issue changed
	is, err := env.Services.Maintenance.OpenIssue(ctx, rollEngineer, tool.ID,
		maintenance.Issue{Title: "down", Kind: maintenance.Outage, OpenedAt: midnight(now, -4).Add(5 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	check("opened", false)
	check("opened, again", true)
	env.Clock.Advance(3 * time.Hour)
	if _, err := env.Services.Maintenance.Triage(ctx, rollEngineer, is.ToolID, is.ID, "eli"); err != nil {
		t.Fatal(err)
	}
	check("triaged", false)

	// an issue opened today is in the part-day read live: the cache holds
	if _, err := env.Services.Maintenance.OpenIssue(ctx, rollEngineer, tool.ID,
		maintenance.Issue{Title: "down again", Kind: maintenance.Outage, OpenedAt: now.Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	check("opened today", true)

	// the other server renames the tool, changes its level, stakeholders
	// and stage: the names and zombie candidates follow
	name, level, teams := "renamed", inventory.Critical, []string{"sirt", "infra"}
	if tool, err = env.Services.Inventory.UpdateTool(ctx, rollManager, tool.ID, tool.Version, inventory.Patch{
		Name: &name, Criticality: &level, StakeholderTeams: &teams, Reason: "it matters more"}); err != nil {
		t.Fatal(err)
	}
	check("renamed", true)
	check("renamed, again", true)
	stage := inventory.Planned
	if tool.Stage == stage {
		stage = inventory.Operational
	}
	if _, err = env.Services.Inventory.UpdateTool(ctx, rollManager, tool.ID, tool.Version, inventory.Patch{Stage: &stage}); err != nil {
		t.Fatal(err)
	}
	check("stage changed", true)

	// a rebuild gives every day a new version
	if err := writer.RebuildReportRollups(ctx); err != nil {
		t.Fatal(err)
	}
	check("rebuilt", false)
}
