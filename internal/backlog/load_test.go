package backlog_test

import (
	"context"
	"maps"
	"testing"
)

func TestAssignedWeightCountsTheTeamsOpenAssignedWork(t *testing.T) {
	e := newEnv(t)
	e.upsert(t, issueCase{ID: 1, IID: 1, Labels: []string{team}, Weight: 3, Assignees: []string{"alice"}})
	e.upsert(t, issueCase{ID: 2, IID: 2, Labels: []string{team}, Weight: 5, Assignees: []string{"alice", "bob"}})
	e.upsert(t, issueCase{ID: 3, IID: 3, Labels: []string{team}, Weight: 8, Assignees: []string{"bob"}, State: "closed"}) // done
	e.upsert(t, issueCase{ID: 4, IID: 4, Labels: []string{cand}, Weight: 2, Assignees: []string{"carol"}})                // not taken on
	e.upsert(t, issueCase{ID: 5, IID: 5, Labels: []string{team}, Weight: 1})                                              // nobody assigned
	got, err := e.svc.AssignedWeight(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"alice": 8, "bob": 5}; !maps.Equal(got, want) {
		t.Errorf("assigned weight = %v, want %v", got, want)
	}
}
