package cli

import (
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/httpapi"
)

func toolAssessCmd(g *globals) *cobra.Command {
	var met []string
	var note string
	cmd := &cobra.Command{
		Use:     "assess <id|name>",
		Short:   "Record which rubric criteria a tool meets; shows its health and what is missing",
		Example: "  interlock tool assess vulnmapper --met owner-and-readme,source-in-gitlab,tests-in-ci\n  interlock rubric show   # the criterion ids",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, id, err := g.toolClient(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			a, err := c.Assess(cmd.Context(), id, met, note)
			if err != nil {
				return err
			}
			return g.render(g.env.Stdout, a, func() error { return showAssessment(g, a) })
		},
	}
	cmd.Flags().StringSliceVar(&met, "met", nil, "criterion ids the tool meets (repeat, or comma-separated)")
	cmd.Flags().StringVar(&note, "note", "", "a note on the assessment")
	return cmd
}

func showAssessment(g *globals, a httpapi.AssessmentBody) error {
	w := g.env.Stdout
	fmt.Fprintf(w, "Health: %s (assessed by %s, %s; %d criteria met)\n", a.Health, a.AssessedBy,
		a.AssessedAt.Format(time.RFC3339), len(a.Met))
	if a.Missing.Level == "" {
		fmt.Fprintln(w, "Meets every criterion of the rubric.")
	} else {
		fmt.Fprintf(w, "Missing for %s:\n", a.Missing.Level)
		for _, c := range a.Missing.Criteria {
			fmt.Fprintf(w, "  - %s: %s\n", c.ID, c.Description)
		}
	}
	fmt.Fprintf(w, "Commitment: %s\n", commitmentShort(a.Commitment))
	for _, r := range a.Commitment.Reasons {
		fmt.Fprintf(w, "  - %s\n", r)
	}
	return nil
}

func toolEventsCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "events <id|name>",
		Short: "A tool's timeline: every change and who made it",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, id, err := g.toolClient(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			l, err := c.ToolEvents(cmd.Context(), id, map[string][]string{"limit": {"500"}})
			if err != nil {
				return err
			}
			return g.render(g.env.Stdout, l, func() error {
				rows := make([][]string, len(l.Items))
				for i, e := range l.Items {
					rows[i] = []string{strconv.FormatInt(e.ID, 10), e.At.Format(time.RFC3339), e.Actor, e.Type, e.Summary}
				}
				return table(g.env.Stdout, []string{"ID", "AT", "ACTOR", "TYPE", "SUMMARY"}, rows)
			})
		},
	}
}

func rubricCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "rubric", Short: "The Good/Better/Best rubric tools are assessed against"}
	cmd.AddCommand(&cobra.Command{
		Use:   "show",
		Short: "List the rubric's criteria",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := g.client()
			if err != nil {
				return err
			}
			r, err := c.Rubric(cmd.Context())
			if err != nil {
				return err
			}
			return g.render(g.env.Stdout, r, func() error {
				rows := make([][]string, len(r.Criteria))
				for i, cr := range r.Criteria {
					rows[i] = []string{cr.Level, cr.ID, cr.Description}
				}
				return table(g.env.Stdout, []string{"LEVEL", "ID", "DESCRIPTION"}, rows)
			})
		},
	})
	return cmd
}
