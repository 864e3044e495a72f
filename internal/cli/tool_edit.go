package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// toolFlags are the editable fields of a tool as flags.
type toolFlags struct {
	name, summary, owner, repo, project, criticality, category, stage, epic, milestone, reason string
	stakeholders                                                                               []string
}

func (f *toolFlags) bind(fl *pflag.FlagSet) {
	fl.StringVar(&f.name, "name", "", "unique name")
	fl.StringVar(&f.summary, "summary", "", "what it does, in a sentence or two")
	fl.StringVar(&f.owner, "owner", "", "owner team")
	fl.StringSliceVar(&f.stakeholders, "stakeholder", nil, "stakeholder team (repeat, or comma-separated)")
	fl.StringVar(&f.repo, "repo", "", "repository URL")
	fl.StringVar(&f.project, "project", "", "GitLab project path, group/project")
	fl.StringVar(&f.criticality, "criticality", "", core.OneOf(inventory.Criticalities))
	fl.StringVar(&f.category, "category", "", core.OneOf(inventory.Categories))
	fl.StringVar(&f.stage, "stage", "", core.OneOf(inventory.EditableStages))
	fl.StringVar(&f.epic, "epic", "", "epic URL (needed for integrate)")
	fl.StringVar(&f.milestone, "milestone", "", "milestone (needed for integrate)")
	fl.StringVar(&f.reason, "reason", "", "why criticality or category changes (update: required for those; managers only)")
}

func toolCreateCmd(g *globals) *cobra.Command {
	var f toolFlags
	cmd := &cobra.Command{
		Use:     "create",
		Short:   "Add a tool to the inventory",
		Example: "  interlock tool create --name vulnmapper --owner appsec --criticality high --category maintain",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := g.client()
			if err != nil {
				return err
			}
			t, err := c.CreateTool(cmd.Context(), httpapi.ToolCreate{
				Name: f.name, Summary: f.summary, OwnerTeam: f.owner, StakeholderTeams: f.stakeholders,
				RepositoryURL: f.repo, GitLabProject: f.project, Criticality: f.criticality, Category: f.category,
				Stage: f.stage, EpicURL: f.epic, Milestone: f.milestone,
			})
			if err != nil {
				return err
			}
			return g.render(g.env.Stdout, t, func() error { return showTool(g, t) })
		},
	}
	f.bind(cmd.Flags())
	return cmd
}

func toolUpdateCmd(g *globals) *cobra.Command {
	var f toolFlags
	cmd := &cobra.Command{
		Use:   "update <id|name>",
		Short: "Change fields of a tool (only the flags given)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, id, err := g.toolClient(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			p := f.patch(cmd.Flags())
			if p == (httpapi.ToolPatch{}) {
				return usageError{fmt.Errorf("nothing to change: give at least one field flag")}
			}
			_, etag, err := c.Tool(cmd.Context(), id)
			if err != nil {
				return err
			}
			t, err := c.UpdateTool(cmd.Context(), id, etag, p)
			if err != nil {
				return err
			}
			return g.render(g.env.Stdout, t, func() error { return showTool(g, t) })
		},
	}
	f.bind(cmd.Flags())
	return cmd
}

// patch sends only the flags that were set.
func (f *toolFlags) patch(fl *pflag.FlagSet) httpapi.ToolPatch {
	var p httpapi.ToolPatch
	str := func(name string, v string) *string {
		if fl.Changed(name) {
			return &v
		}
		return nil
	}
	p.Name, p.Summary, p.OwnerTeam = str("name", f.name), str("summary", f.summary), str("owner", f.owner)
	p.RepositoryURL, p.GitLabProject = str("repo", f.repo), str("project", f.project)
	p.Criticality, p.Category, p.Stage = str("criticality", f.criticality), str("category", f.category), str("stage", f.stage)
	p.EpicURL, p.Milestone = str("epic", f.epic), str("milestone", f.milestone)
	if fl.Changed("reason") {
		p.Reason = &f.reason
	}
	if fl.Changed("stakeholder") {
		teams := f.stakeholders
		if len(teams) == 1 && strings.TrimSpace(teams[0]) == "" {
			teams = []string{}
		}
		p.StakeholderTeams = &teams
	}
	return p
}
