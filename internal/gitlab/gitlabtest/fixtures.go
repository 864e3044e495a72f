package gitlabtest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// fixtureDir is internal/gitlab/testdata/api, found from this source file so
// that tests of any package can serve the same payloads.
func fixtureDir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		panic("gitlabtest: cannot locate its source file")
	}
	return filepath.Join(filepath.Dir(file), "..", "testdata", "api")
}

var (
	fixturesOnce sync.Once
	fixtures     map[string][]byte
	fixturesErr  error
)

// fixture returns a fresh decoded copy of a payload, e.g.
// fixture("gitlab-docs/issue_single_project.json"), for one answer to change.
func fixture(name string) (any, error) {
	fixturesOnce.Do(func() {
		fixtures = map[string][]byte{}
		for _, n := range []string{
			"gitlab-docs/issues_list_project.json", "gitlab-docs/issue_single_project.json",
			"gitlab-docs/notes_list_issue.json", "gitlab-docs/epic_single_group.json",
			"go-scm/issue_note.json", "go-scm/milestones.json", "jenkins-x-go-scm/issue_events.json",
		} {
			b, err := os.ReadFile(filepath.Join(fixtureDir(), filepath.FromSlash(n)))
			if err != nil {
				fixturesErr = err
				return
			}
			fixtures[n] = b
		}
	})
	if fixturesErr != nil {
		return nil, fixturesErr
	}
	b, ok := fixtures[name]
	if !ok {
		return nil, fmt.Errorf("gitlabtest: no fixture %s", name)
	}
	var v any
	err := json.Unmarshal(b, &v)
	return v, err
}

// object returns a payload that is one JSON object, or the first object of a
// payload that is a list.
func object(name string) (map[string]any, error) {
	v, err := fixture(name)
	if err != nil {
		return nil, err
	}
	if list, ok := v.([]any); ok && len(list) > 0 {
		v = list[0]
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("gitlabtest: fixture %s is not an object", name)
	}
	return m, nil
}
