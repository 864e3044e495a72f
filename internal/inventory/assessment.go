package inventory

import "time"

// Assessment records a tool measured against the rubric: which criteria it
// met, the health that follows, who judged it and when. Health is a judgement
// of its time: a later change of the rubric does not rewrite it.
type Assessment struct {
	ID         int64
	ToolID     int64
	Met        []string
	Health     Health
	Note       string
	AssessedBy string
	AssessedAt time.Time
}

// AssessmentResult is the answer to an assessment: the new health, what is
// missing for the next level, and the commitment that follows.
type AssessmentResult struct {
	Assessment Assessment
	Missing    Missing
	Tool       Tool
}
