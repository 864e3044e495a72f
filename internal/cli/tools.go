package cli

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/client"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

func toolCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "tool", Short: "The tooling inventory: list, show, create, update, assess"}
	cmd.AddCommand(toolListCmd(g), toolShowCmd(g), toolCreateCmd(g), toolUpdateCmd(g), toolAssessCmd(g), toolEventsCmd(g))
	return cmd
}

// toolClient returns a client and the id of the tool that ref names.
func (g *globals) toolClient(ctx context.Context, ref string) (*client.Client, int64, error) {
	c, err := g.client()
	if err != nil {
		return nil, 0, err
	}
	id, err := resolveTool(ctx, c, ref)
	return c, id, err
}

// resolveTool turns an id or a name into a tool id.
func resolveTool(ctx context.Context, c *client.Client, ref string) (int64, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return id, nil
	}
	l, err := c.Tools(ctx, url.Values{"name": {ref}})
	if err != nil {
		return 0, err
	}
	if len(l.Items) == 0 {
		return 0, fmt.Errorf("there is no tool named %q", ref)
	}
	return l.Items[0].ID, nil
}

func toolListCmd(g *globals) *cobra.Command {
	var f struct{ category, criticality, stage, health, owner, stakeholder, q, cursor string }
	var limit int
	var all bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List tools, filtered",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := g.client()
			if err != nil {
				return err
			}
			q := url.Values{}
			for k, v := range map[string]string{"category": f.category, "criticality": f.criticality, "stage": f.stage,
				"health": f.health, "owner": f.owner, "stakeholder": f.stakeholder, "q": f.q, "cursor": f.cursor} {
				if v != "" {
					q.Set(k, v)
				}
			}
			q.Set("limit", strconv.Itoa(limit))
			var tools []httpapi.ToolBody
			next := ""
			for {
				l, err := c.Tools(cmd.Context(), q)
				if err != nil {
					return err
				}
				tools, next = append(tools, l.Items...), l.NextCursor
				if !all || next == "" {
					break
				}
				q.Set("cursor", next)
			}
			return g.render(g.env.Stdout, client.ToolList{Items: tools, NextCursor: next}, func() error {
				rows := make([][]string, len(tools))
				for i, t := range tools {
					rows[i] = []string{strconv.FormatInt(t.ID, 10), t.Name, t.OwnerTeam, t.Criticality, t.Category,
						t.Stage, t.Health, commitmentOf(t)}
				}
				if err := table(g.env.Stdout, []string{"ID", "NAME", "OWNER", "CRITICALITY", "CATEGORY", "STAGE", "HEALTH", "COMMITMENT"}, rows); err != nil {
					return err
				}
				if next != "" {
					fmt.Fprintf(g.env.Stderr, "more: --cursor %s (or --all)\n", next)
				}
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.category, "category", "", "path-forward category: "+core.OneOf(inventory.Categories))
	fl.StringVar(&f.criticality, "criticality", "", core.OneOf(inventory.Criticalities))
	fl.StringVar(&f.stage, "stage", "", "lifecycle stage: "+core.OneOf(inventory.Stages))
	fl.StringVar(&f.health, "health", "", core.OneOf(inventory.Healths))
	fl.StringVar(&f.owner, "owner", "", "owner team")
	fl.StringVar(&f.stakeholder, "stakeholder", "", "a stakeholder team")
	fl.StringVarP(&f.q, "search", "q", "", "free text")
	fl.StringVar(&f.cursor, "cursor", "", "continue after a previous page")
	fl.IntVar(&limit, "limit", 50, "tools per page")
	fl.BoolVar(&all, "all", false, "fetch every page")
	return cmd
}

// commitmentOf is what ProdSecEng promises for a tool: nothing once it is
// retired or transferred (it is no longer ProdSecEng's to keep running).
func commitmentOf(t httpapi.ToolBody) string {
	switch t.Stage {
	case "retired":
		return "none: the tool is retired"
	case "transferred":
		return "none: the tool was transferred to another owner"
	}
	return commitmentShort(t.Commitment)
}

func commitmentShort(c httpapi.CommitmentBody) string {
	if c.SLO == nil {
		return c.Level + ": best effort"
	}
	return fmt.Sprintf("%s: SLO %s, RTO %s", c.Level, target(c.SLO), target(c.RTO))
}

func target(t *httpapi.TargetBody) string {
	if t == nil {
		return "none"
	}
	unit := strings.ReplaceAll(t.Unit, "business_", "business ")
	if t.Amount == 1 {
		unit = strings.TrimSuffix(unit, "s")
	}
	return fmt.Sprintf("%d %s", t.Amount, unit)
}

func toolShowCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "show <id|name>",
		Short: "Show a tool and its commitment",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, id, err := g.toolClient(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			t, _, err := c.Tool(cmd.Context(), id)
			if err != nil {
				return err
			}
			return g.render(g.env.Stdout, t, func() error { return showTool(g, t) })
		},
	}
}

func showTool(g *globals, t httpapi.ToolBody) error {
	w := g.env.Stdout
	if err := fields(w, "ID", strconv.FormatInt(t.ID, 10), "Name", t.Name, "Summary", t.Summary,
		"Owner team", t.OwnerTeam, "Stakeholders", strings.Join(t.StakeholderTeams, ", "),
		"Repository", t.RepositoryURL, "GitLab project", t.GitLabProject, "Criticality", t.Criticality,
		"Category", t.Category, "Stage", t.Stage, "Epic", t.EpicURL, "Milestone", t.Milestone, "Health", t.Health,
		"Version", strconv.Itoa(t.Version)); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nCommitment: %s\n", commitmentOf(t))
	for _, r := range t.Commitment.Reasons {
		fmt.Fprintf(w, "  - %s\n", r)
	}
	return nil
}
