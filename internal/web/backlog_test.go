package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestBacklogTakeOnFromTheBoard(t *testing.T) {
	env := testenv.New(t)
	it, _, err := env.Services.Backlog.Upsert(context.Background(), core.System, backlog.ObservedItem{
		Key: "gitlab:issue:501", Kind: backlog.Issue, URL: "https://gitlab.example.com/prodsec/tools/-/issues/5",
		Title: "Scan MR diffs for secrets", Description: "## Problem statement\nSecrets reach MRs.\n## Who is affected\nAppSec\n" +
			"## User requirements\nFlag them.\n## Alternatives explored\nNone.\n## Business case\nFewer leaks.\n## Urgency\nThis quarter.\n",
		Project: "prodsec/tools", ProjectID: 7, IID: 5, State: "opened",
		Labels: []string{backlog.CandidateLabel}, CreatedAt: testenv.Start, UpdatedAt: testenv.Start})
	if err != nil {
		t.Fatal(err)
	}
	requester, engineer := signedIn(t, env, "rita", core.RoleRequester), signedIn(t, env, "erin", core.RoleEngineer)
	must(t, engineer.get("/backlog"), http.StatusOK, "Scan MR diffs for secrets", `/take-on"`)
	path := fmt.Sprintf("/backlog/items/%d/take-on", it.ID)
	must(t, requester.post(path, url.Values{"metric": {"Pending"}}), http.StatusForbidden, "needs the role")
	must(t, engineer.post(path, url.Values{"metric": {backlog.PendingMetricLabel}}), http.StatusSeeOther)
	must(t, engineer.get("/backlog"), http.StatusOK, "Taken on: Scan MR diffs for secrets.")
	got, err := env.Services.Backlog.Item(context.Background(), core.System, it.ID)
	if err != nil || !got.Team {
		t.Fatalf("after take-on: %+v, %v", got, err)
	}
}
