package cocreate_test

// Unit tests of co-create's rules beyond issue 14's: starting, loop 2's
// merge requests finishing roadmap phases and sunsetting issues, the
// handover answers, Customer Zero feedback, key considerations, versions,
// and URLs the tracker made.

import (
	"context"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/sunset"
)

var rita = core.Actor{UserID: 5, Username: "rita", Role: core.RoleRequester}

// mustCo fails the test on an error and returns the co-create.
func mustCo(t *testing.T) func(cocreate.CoCreate, error) cocreate.CoCreate {
	return func(c cocreate.CoCreate, err error) cocreate.CoCreate {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
}

// mustTool fails the test on an error and returns the tool.
func mustTool(t *testing.T) func(inventory.Tool, error) inventory.Tool {
	return func(tool inventory.Tool, err error) inventory.Tool {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return tool
	}
}

// toIntegration takes a started co-create through loop 1.
func toIntegration(t *testing.T, svc httpapi.Services, ref cocreate.Ref) cocreate.CoCreate {
	t.Helper()
	ctx := context.Background()
	mustCo(t)(svc.CoCreate.Update(ctx, erin, ref, core.NoVersion, cocreate.Patch{Loop1: loop1Done(),
		Handover: &cocreate.HandoverPatch{EpicURL: ptr("https://gitlab.com/groups/g/-/epics/4")}}))
	c := mustCo(t)(svc.CoCreate.Advance(ctx, erin, ref, core.NoVersion))
	if c.Loop != cocreate.Integration {
		t.Fatalf("loop %s after loop 1", c.Loop)
	}
	return c
}

func TestStartNeedsAnIntegrateToolAndAnEpic(t *testing.T) {
	ctx := context.Background()
	svc, ref := startCoCreate(t)
	if _, err := svc.CoCreate.Start(ctx, erin, ref.Tool, "https://gitlab.com/groups/g/-/epics/9"); !core.IsCode(err, core.Conflict) {
		t.Errorf("a second co-create of the tool: %v", err)
	}
	keep := mustTool(t)(svc.Inventory.CreateTool(ctx, mia, inventory.Tool{Name: "keeper", OwnerTeam: "appsec",
		Criticality: inventory.Low, Category: inventory.Maintain}))
	if _, err := svc.CoCreate.Start(ctx, erin, keep.ID, "https://gitlab.com/groups/g/-/epics/9"); !core.IsCode(err, core.Conflict) {
		t.Errorf("co-create of a tool in maintain: %v", err)
	}
	other := mustTool(t)(svc.Inventory.CreateTool(ctx, mia, inventory.Tool{Name: "other", OwnerTeam: "appsec", Criticality: inventory.Low,
		Category: inventory.Integrate, EpicURL: "https://gitlab.com/groups/g/-/epics/5", Milestone: "18.9"}))
	if _, err := svc.CoCreate.Start(ctx, erin, other.ID, ""); fields(err) != "integration_epic_url" {
		t.Errorf("no integration epic and no tracker to make one: %v", err)
	}
	if _, err := svc.CoCreate.Start(ctx, erin, other.ID, "ftp://x/1"); fields(err) != "integration_epic_url" {
		t.Errorf("an integration epic that is not an http(s) URL: %v", err)
	}
	if _, err := svc.CoCreate.Start(ctx, rita, other.ID, "https://gitlab.com/groups/g/-/epics/9"); !core.IsCode(err, core.Forbidden) {
		t.Errorf("a requester started co-create: %v", err)
	}
	c := mustCo(t)(svc.CoCreate.Of(ctx, rita, ref))
	if c.Loop != cocreate.Validation || c.IntegrationEpicURL != "https://gitlab.com/groups/g/-/epics/2" {
		t.Errorf("the started co-create: loop %s, epic %q", c.Loop, c.IntegrationEpicURL)
	}
	if tool := mustTool(t)(svc.Inventory.Tool(ctx, erin, ref.Tool)); tool.Stage != inventory.CoCreate {
		t.Errorf("the tool's stage is %s, want co_create", tool.Stage)
	}
}

func TestChangesNeedAnEngineerAndTheCurrentVersion(t *testing.T) {
	ctx := context.Background()
	svc, ref := startCoCreate(t)
	if _, err := svc.CoCreate.AddFeedback(ctx, rita, ref, "sam", "works"); !core.IsCode(err, core.Forbidden) {
		t.Errorf("a requester changed a co-create: %v", err)
	}
	c := mustCo(t)(svc.CoCreate.Of(ctx, erin, ref))
	if _, err := svc.CoCreate.Update(ctx, erin, ref, c.Version+1, cocreate.Patch{}); !core.IsCode(err, core.PreconditionFailed) {
		t.Errorf("an update at a stale version: %v", err)
	}
	if _, err := svc.CoCreate.Update(ctx, erin, ref, core.NoVersion, cocreate.Patch{IntegrationEpicURL: ptr("not a url")}); fields(err) != "integration_epic_url" {
		t.Errorf("an integration epic that is not a URL: %v", err)
	}
}

func TestMergedContributionFinishesItsPhaseAndIssues(t *testing.T) {
	ctx := context.Background()
	svc, ref := startCoCreate(t)
	url := ptr("https://gitlab.com/g/p/-/merge_requests/1")
	if _, err := svc.CoCreate.AddMergeRequest(ctx, erin, ref, cocreate.MergeRequestInput{URL: url}); !core.IsCode(err, core.Conflict) {
		t.Errorf("a merge request in loop 1: %v", err)
	}
	toIntegration(t, svc, ref)
	mustCo(t)(svc.CoCreate.AddPhase(ctx, erin, ref, "owners GA", "GA"))
	mustCo(t)(svc.CoCreate.AddSunsettingIssue(ctx, erin, ref, "internal users moved", ""))
	mustCo(t)(svc.CoCreate.AddSunsettingIssue(ctx, erin, ref, "data exported", ""))

	if _, err := svc.CoCreate.AddMergeRequest(ctx, erin, ref, cocreate.MergeRequestInput{}); fields(err) != "url" {
		t.Errorf("a merge request without a URL: %v", err)
	}
	if _, err := svc.CoCreate.AddMergeRequest(ctx, erin, ref, cocreate.MergeRequestInput{URL: url,
		CompletesPhaseID: ptr(int64(9)), Fulfils: &[]int64{1, 7}, FunctionalityID: ptr(int64(3))}); fields(err) != "functionality_id,completes_phase_id,fulfils[1]" {
		t.Errorf("a merge request naming what does not exist: %v", err)
	}
	c := mustCo(t)(svc.CoCreate.AddMergeRequest(ctx, erin, ref, cocreate.MergeRequestInput{URL: url,
		CompletesPhaseID: ptr(int64(1)), Fulfils: &[]int64{1}}))
	if c.Roadmap.Phases[0].DoneAt != nil || c.Roadmap.Issues[0].State != "open" {
		t.Fatal("an opened merge request finished its phase or issue")
	}
	bad := cocreate.MRState("approved")
	if _, err := svc.CoCreate.UpdateMergeRequest(ctx, erin, ref, 1, cocreate.MergeRequestInput{State: &bad}); fields(err) != "state" {
		t.Errorf("an unknown merge request state: %v", err)
	}
	merged := cocreate.MRMerged
	if _, err := svc.CoCreate.UpdateMergeRequest(ctx, erin, ref, 2, cocreate.MergeRequestInput{State: &merged}); !core.IsCode(err, core.NotFound) {
		t.Errorf("merging a merge request that is not recorded: %v", err)
	}
	c = mustCo(t)(svc.CoCreate.UpdateMergeRequest(ctx, erin, ref, 1, cocreate.MergeRequestInput{State: &merged}))
	if mr := c.Loop2.MergeRequests[0]; mr.State != cocreate.MRMerged || mr.MergedAt == nil {
		t.Errorf("the merged merge request: %+v", mr)
	}
	if c.Roadmap.Phases[0].DoneAt == nil {
		t.Error("merging did not complete the phase it completes")
	}
	if c.Roadmap.Issues[0].State != "closed" || c.Roadmap.Issues[0].ClosedAt == nil || c.Roadmap.Issues[1].State != "open" {
		t.Errorf("merging closed %+v, want only issue 1 closed", c.Roadmap.Issues)
	}
}

func TestRoadmapPhasesAndIssuesAreFinishedByHand(t *testing.T) {
	ctx := context.Background()
	svc, ref := startCoCreate(t)
	if _, err := svc.CoCreate.AddSunsettingIssue(ctx, erin, ref, " ", ""); fields(err) != "requirement" {
		t.Errorf("a sunsetting issue without a requirement: %v", err)
	}
	if _, err := svc.CoCreate.AddSunsettingIssue(ctx, erin, ref, "moved", "nope"); fields(err) != "url" {
		t.Errorf("a sunsetting issue with a bad URL: %v", err)
	}
	mustCo(t)(svc.CoCreate.AddPhase(ctx, erin, ref, "beta", "beta users"))
	mustCo(t)(svc.CoCreate.AddSunsettingIssue(ctx, erin, ref, "moved", "https://gitlab.com/g/p/-/issues/3"))
	if _, err := svc.CoCreate.CompletePhase(ctx, erin, ref, 2); !core.IsCode(err, core.NotFound) {
		t.Errorf("completing a phase that does not exist: %v", err)
	}
	if _, err := svc.CoCreate.CloseSunsettingIssue(ctx, erin, ref, 2); !core.IsCode(err, core.NotFound) {
		t.Errorf("closing an issue that does not exist: %v", err)
	}
	c := mustCo(t)(svc.CoCreate.CompletePhase(ctx, erin, ref, 1))
	if c.Roadmap.Phases[0].DoneAt == nil {
		t.Error("the phase is not complete")
	}
	c = mustCo(t)(svc.CoCreate.CloseSunsettingIssue(ctx, erin, ref, 1))
	if c.Roadmap.Issues[0].State != "closed" || c.Roadmap.Issues[0].ClosedAt == nil {
		t.Errorf("the issue is %+v", c.Roadmap.Issues[0])
	}
}

func TestHandoverAnswersAndCustomerZeroFeedback(t *testing.T) {
	ctx := context.Background()
	svc, ref := startCoCreate(t)
	if _, err := svc.CoCreate.Answer(ctx, erin, ref, cocreate.AnswerInput{Question: "weather", Answer: "fine"}); fields(err) != "question,said_by" {
		t.Errorf("an answer to an unknown question, said by nobody: %v", err)
	}
	c := mustCo(t)(svc.CoCreate.Answer(ctx, erin, ref, cocreate.AnswerInput{Question: "definition_of_done", Answer: " GA in 18.9 ", SaidBy: "pm"}))
	if a := c.Handover.Answers; len(a) != 1 || a[0].Answer != "GA in 18.9" || a[0].SaidBy != "pm" || a[0].RecordedBy != "erin" {
		t.Errorf("the answers: %+v", a)
	}
	if _, err := svc.CoCreate.AddFeedback(ctx, erin, ref, "", "x"); fields(err) != "who" {
		t.Errorf("feedback from nobody: %v", err)
	}
	c = mustCo(t)(svc.CoCreate.AddFeedback(ctx, erin, ref, "sam", "the API is enough"))
	if f := c.Considerations.CustomerZero; len(f) != 1 || f[0].Who != "sam" || f[0].Feedback != "the API is enough" {
		t.Errorf("the feedback: %+v", f)
	}
}

func TestKeyConsiderationsAreChecked(t *testing.T) {
	ctx := context.Background()
	svc, ref := startCoCreate(t)
	wrong := cocreate.Parity("most")
	_, err := svc.CoCreate.Update(ctx, erin, ref, core.NoVersion, cocreate.Patch{Considerations: &cocreate.ConsiderationsPatch{
		FeatureParity: &wrong, TargetDate: ptr("2027-13-45")}})
	if fields(err) != "considerations.feature_parity,considerations.target_date" {
		t.Errorf("an unknown parity and a date that is not a date: %v", err)
	}
	good := cocreate.GoodEnough
	c := mustCo(t)(svc.CoCreate.Update(ctx, erin, ref, core.NoVersion, cocreate.Patch{Considerations: &cocreate.ConsiderationsPatch{
		FeatureParity: &good, AcceptedGaps: &[]string{" no SARIF ", ""}, TargetDate: ptr("2027-03-01"), Timeline: ptr("Q1")}}))
	k := c.Considerations
	if k.FeatureParity != good || len(k.AcceptedGaps) != 1 || k.AcceptedGaps[0] != "no SARIF" || k.TargetDate != "2027-03-01" || k.Timeline != "Q1" {
		t.Errorf("the considerations: %+v", k)
	}
}

// shipped takes a co-create all the way to shipped.
func shipped(t *testing.T, svc httpapi.Services, ref cocreate.Ref) cocreate.CoCreate {
	t.Helper()
	ctx := context.Background()
	toIntegration(t, svc, ref)
	merged := cocreate.MRMerged
	mustCo(t)(svc.CoCreate.AddMergeRequest(ctx, erin, ref, cocreate.MergeRequestInput{URL: ptr("https://gitlab.com/g/p/-/merge_requests/1"), State: &merged}))
	mustCo(t)(svc.CoCreate.Update(ctx, erin, ref, core.NoVersion, cocreate.Patch{Loop2: &cocreate.Loop2Patch{TestsWritten: doneCheck,
		DocsWritten: doneCheck, Deployed: doneCheck, FeatureShipped: doneCheck, APIAvailable: doneCheck,
		DocumentationURL: ptr("https://docs.gitlab.com/x")}}))
	mustCo(t)(svc.CoCreate.AddPhase(ctx, erin, ref, "owners GA", "GA"))
	mustCo(t)(svc.CoCreate.AddSunsettingIssue(ctx, erin, ref, "internal users moved", "https://gitlab.com/g/p/-/issues/9"))
	return mustCo(t)(svc.CoCreate.Advance(ctx, erin, ref, core.NoVersion))
}

func TestShippingOpensAPostCoCreateSunsetAndFreezesTheCoCreate(t *testing.T) {
	ctx := context.Background()
	svc, ref := startCoCreate(t)
	c := shipped(t, svc, ref)
	if c.Loop != cocreate.Shipped || c.ShippedAt == nil {
		t.Fatalf("loop %s, shipped at %v", c.Loop, c.ShippedAt)
	}
	p, _ := must2(t)(svc.Sunset.Plan(ctx, erin, ref.Tool))
	if p.Kind != sunset.PostCoCreate || p.State != sunset.Open || p.CoCreateID == nil || *p.CoCreateID != c.ID {
		t.Errorf("the sunset plan after shipping: %+v", p)
	}
	if _, err := svc.CoCreate.AddPhase(ctx, erin, ref, "late", "later"); !core.IsCode(err, core.Conflict) {
		t.Errorf("a shipped co-create took a roadmap phase: %v", err)
	}
	if _, err := svc.CoCreate.Advance(ctx, erin, ref, core.NoVersion); !core.IsCode(err, core.Conflict) {
		t.Errorf("a shipped co-create advanced again: %v", err)
	}
	if c = mustCo(t)(svc.CoCreate.AddFeedback(ctx, erin, ref, "sam", "still fine")); len(c.Considerations.CustomerZero) != 1 {
		t.Errorf("feedback after shipping was not recorded: %+v", c.Considerations.CustomerZero)
	}
}

// must2 is must for calls that return two values.
func must2(t *testing.T) func(sunset.Plan, []sunset.Sample, error) (sunset.Plan, []sunset.Sample) {
	return func(p sunset.Plan, s []sunset.Sample, err error) (sunset.Plan, []sunset.Sample) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return p, s
	}
}

// trackAll is a tracker that makes every kind of work item.
type trackAll struct{}

func (trackAll) Makes(inventory.TrackerKind) bool { return true }

func TestTrackerURLsFillOnlyWhatIsStillEmpty(t *testing.T) {
	ctx := context.Background()
	svc, ref := startCoCreate(t)
	svc.Inventory.WithTracker(trackAll{})
	c := mustCo(t)(svc.CoCreate.AddFunctionality(ctx, erin, ref, cocreate.FunctionalityInput{Title: ptr("owners")}))
	c = mustCo(t)(svc.CoCreate.AddSunsettingIssue(ctx, erin, ref, "moved", ""))
	subject := core.Subject{Type: "tool", ID: ref.Tool}
	items := []struct {
		item inventory.TrackerItem
		url  string
	}{
		{inventory.TrackerItem{Kind: inventory.TrackHandoverEpic, Subject: subject, RecordID: c.ID}, "https://gitlab.com/groups/g/-/epics/10"},
		{inventory.TrackerItem{Kind: inventory.TrackFunctionalityEpic, Subject: subject, RecordID: 1}, "https://gitlab.com/groups/g/-/epics/11"},
		{inventory.TrackerItem{Kind: inventory.TrackSunsettingIssue, Subject: subject, RecordID: 1}, "https://gitlab.com/g/p/-/issues/12"},
		// The integration epic was linked by hand at the start: the tracker's does not replace it.
		{inventory.TrackerItem{Kind: inventory.TrackIntegrationEpic, Subject: subject, RecordID: c.ID}, "https://gitlab.com/groups/g/-/epics/13"},
	}
	for _, it := range items {
		if err := svc.CoCreate.RecordTrackerURL(ctx, it.item, it.url); err != nil {
			t.Fatalf("%s: %v", it.item.Kind, err)
		}
	}
	c = mustCo(t)(svc.CoCreate.Of(ctx, erin, ref))
	if c.Handover.EpicURL != items[0].url || c.Handover.CreatedAt == nil {
		t.Errorf("handover epic %q created %v", c.Handover.EpicURL, c.Handover.CreatedAt)
	}
	if c.Functionalities[0].EpicURL != items[1].url || c.Roadmap.Issues[0].URL != items[2].url {
		t.Errorf("functionality epic %q, sunsetting issue %q", c.Functionalities[0].EpicURL, c.Roadmap.Issues[0].URL)
	}
	if c.IntegrationEpicURL != "https://gitlab.com/groups/g/-/epics/2" {
		t.Errorf("the hand-linked integration epic was replaced by %q", c.IntegrationEpicURL)
	}
	if err := svc.CoCreate.RecordTrackerURL(ctx, items[0].item, "https://gitlab.com/groups/g/-/epics/99"); err != nil {
		t.Fatal(err)
	}
	if c = mustCo(t)(svc.CoCreate.Of(ctx, erin, ref)); c.Handover.EpicURL != items[0].url {
		t.Errorf("a second URL replaced the handover epic: %q", c.Handover.EpicURL)
	}
	other := mustTool(t)(svc.Inventory.CreateTool(ctx, mia, inventory.Tool{Name: "other", OwnerTeam: "appsec", Criticality: inventory.Low,
		Category: inventory.Integrate, EpicURL: "https://gitlab.com/groups/g/-/epics/5", Milestone: "18.9"}))
	if c = mustCo(t)(svc.CoCreate.Start(ctx, erin, other.ID, "")); c.IntegrationEpicURL != "" {
		t.Errorf("with a tracker, co-create starts without an epic; got %q", c.IntegrationEpicURL)
	}
}
