package gitlab_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go"

	"gitlab.com/prodseceng/interlock/internal/gitlab"
	"gitlab.com/prodseceng/interlock/internal/gitlab/gitlabtest"
)

// sleeps records the waits of the retry policy instead of waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(_ context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return nil
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

func newClient(t *testing.T, fake *gitlabtest.Server) (*gitlab.Client, *sleeps) {
	t.Helper()
	sl := &sleeps{}
	c, err := gitlab.NewClient(gitlab.Config{URL: fake.URL, Token: gitlabtest.Token, TeamProject: "7", TeamGroup: "prodsec",
		Retry: gitlab.RetryPolicy{Sleep: sl.sleep}})
	if err != nil {
		t.Fatal(err)
	}
	return c, sl
}

func listIssues(c *gitlab.Client, project int64) error {
	_, _, err := c.API().Issues.ListProjectIssues(project, &gl.ListProjectIssuesOptions{})
	return err
}

func TestRetryPolicy(t *testing.T) {
	tests := []struct {
		name      string
		fault     gitlabtest.Fault
		wantSleep []time.Duration
		wantErr   int // status of the failure, 0 for success
		wantCalls int
	}{
		{"429 waits as long as Retry-After says", gitlabtest.Fault{Status: 429, RetryAfter: "7", Times: 2},
			[]time.Duration{7 * time.Second, 7 * time.Second}, 0, 3},
		{"429 with Retry-After as a date already past retries at once", gitlabtest.Fault{Status: 429, RetryAfter: "Wed, 21 Oct 2015 07:28:00 GMT", Times: 1},
			[]time.Duration{0}, 0, 2},
		{"429 without Retry-After backs off exponentially", gitlabtest.Fault{Status: 429, Times: 3},
			[]time.Duration{time.Second, 2 * time.Second, 4 * time.Second}, 0, 4},
		{"429 with a Retry-After beyond the longest wait fails at once", gitlabtest.Fault{Status: 429, RetryAfter: "86400", Times: 1},
			nil, 429, 1},
		{"5xx on a GET is retried a few times", gitlabtest.Fault{Status: 502, Times: 2},
			[]time.Duration{time.Second, 2 * time.Second}, 0, 3},
		{"5xx that lasts fails after three retries", gitlabtest.Fault{Status: 500, Times: 10},
			[]time.Duration{time.Second, 2 * time.Second, 4 * time.Second}, 500, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := gitlabtest.New(t)
			fake.AddIssue(15, gitlabtest.Issue{Title: "one"})
			c, sl := newClient(t, fake)
			tc.fault.PathPrefix = "/api/v4/projects/15/issues"
			fake.Fail(tc.fault)
			err := listIssues(c, 15)
			if got := gitlab.StatusOf(err); got != tc.wantErr || (tc.wantErr == 0 && err != nil) {
				t.Errorf("err = %v (status %d), want status %d", err, got, tc.wantErr)
			}
			if got := sl.all(); len(got) != len(tc.wantSleep) || (len(got) > 0 && !equalDurations(got, tc.wantSleep)) {
				t.Errorf("waited %v, want %v", got, tc.wantSleep)
			}
			if n := len(fake.CallsTo(http.MethodGet, "/api/v4/projects/15/issues")); n != tc.wantCalls {
				t.Errorf("GitLab got %d calls, want %d", n, tc.wantCalls)
			}
		})
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestAPostIsNotRepeatedAfterA5xx(t *testing.T) {
	fake := gitlabtest.New(t)
	c, sl := newClient(t, fake)
	fake.Fail(gitlabtest.Fault{Method: http.MethodPost, Status: 500, Times: 1})
	_, _, err := c.API().Issues.CreateIssue(7, &gl.CreateIssueOptions{Title: gl.Ptr("x")})
	if gitlab.StatusOf(err) != 500 || len(sl.all()) != 0 || len(fake.CallsTo(http.MethodPost, "/")) != 1 {
		t.Errorf("err %v, waits %v, calls %d: a POST that may have been done must be left to its caller",
			err, sl.all(), len(fake.CallsTo(http.MethodPost, "/")))
	}
	fake.Fail(gitlabtest.Fault{Method: http.MethodPost, Status: 429, Times: 1})
	if _, _, err := c.API().Issues.CreateIssue(7, &gl.CreateIssueOptions{Title: gl.Ptr("y")}); err != nil {
		t.Errorf("a POST refused with 429 was not done, so it is retried: %v", err)
	}
	if got := fake.Issues(7); len(got) != 1 || got[0].Title != "y" {
		t.Errorf("issues made: %+v, want only y (the retried POST carries its body again)", got)
	}
}

func TestTokenIsSentButNeverShown(t *testing.T) {
	fake := gitlabtest.New(t)
	c, _ := newClient(t, fake)
	cfg := gitlab.Config{URL: fake.URL, Token: gitlabtest.Token}
	for _, shown := range []string{c.String(), fmt.Sprintf("%+v", c), fmt.Sprintf("%+v", cfg), fmt.Sprint(cfg)} {
		if strings.Contains(shown, gitlabtest.Token) {
			t.Errorf("the token shows: %s", shown)
		}
	}
	if err := listIssues(c, 15); err != nil {
		t.Fatal(err)
	}
	if got := fake.Calls()[0].Header.Get("PRIVATE-TOKEN"); got != gitlabtest.Token {
		t.Errorf("PRIVATE-TOKEN = %q", got)
	}
	bad, err := gitlab.NewClient(gitlab.Config{URL: fake.URL, Token: "wrong"})
	if err != nil {
		t.Fatal(err)
	}
	err = listIssues(bad, 15)
	if gitlab.StatusOf(err) != 401 {
		t.Errorf("wrong token: %v", err)
	}
	if _, err := gitlab.NewClient(gitlab.Config{URL: fake.URL}); err == nil {
		t.Error("a client without a token was made")
	}
}
