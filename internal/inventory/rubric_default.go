package inventory

// DefaultRubric is the Good/Better/Best rubric a new install starts with:
// practices that make automation tooling maintainable by a small team.
func DefaultRubric() Rubric {
	return Rubric{Criteria: []Criterion{
		{"owner-and-readme", Good, "A named owning team, and a README that says what the tool does, who uses it and how to run it."},
		{"source-in-gitlab", Good, "Source lives in a GitLab project with a protected default branch; changes go through reviewed merge requests."},
		{"tests-in-ci", Good, "Automated tests run in CI on every merge request and must pass before merging."},
		{"secret-hygiene", Good, "No secrets in the repository or its history; credentials come from CI variables or a secrets manager, with least privilege."},
		{"dependency-scanning", Good, "Dependency and container scanning run in CI, and known critical and high vulnerabilities are fixed."},
		{"runbook", Good, "A runbook says how to restart, recover and redeploy the tool, and where its logs are."},
		{"adrs", Better, "Key design decisions (language, deployment model, data handling, security) are recorded as ADRs."},
		{"monitoring", Better, "Failures are detected by monitoring that alerts the owning team, not reported first by users."},
		{"two-maintainers", Better, "More than one maintainer can change, deploy and recover the tool."},
		{"automated-deploy", Better, "Deployment is automated from CI and reproducible; infrastructure is described as code."},
		{"dependency-updates", Better, "Dependencies are kept current automatically (for example with Renovate), and updates are merged regularly."},
		{"threat-model", Best, "The tool has a threat model or AppSec review, revisited when its data handling changes."},
		{"recovery-exercised", Best, "Recovery from the runbook has been exercised within the last year."},
		{"usage-visible", Best, "Usage, errors and latency are visible on a dashboard, so adoption and health can be measured."},
		{"path-to-product", Best, "A documented path to product: co-create inputs, or an integration epic with its discrete functionality."},
	}}
}
