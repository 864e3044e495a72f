package cli

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/httpapi"
)

func reportCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "report", Short: "Reports: slo, inventory, capacity (--csv for a table)"}
	var from, to string
	var asCSV bool
	slo := &cobra.Command{Use: "slo [--from DATE] [--to DATE]", Short: "SLO/RTO met and missed, time to triage and recover", Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			q := url.Values{}
			if from != "" {
				q.Set("from", from)
			}
			if to != "" {
				q.Set("to", to)
			}
			var rep httpapi.SLOReportBody
			return g.report(cmd, "/api/v1/reports/slo", q, asCSV, &rep, func() error {
				rows := [][]string{}
				for _, r := range append(append(rep.ByTool, rep.ByCriticality...), rep.Total) {
					scope := r.Name
					if scope == "" {
						scope = orText(r.Criticality, "total")
					}
					rows = append(rows, []string{scope, itoa(r.Issues), fmt.Sprintf("%d/%d", r.SLOMet, r.SLOMissed),
						fmt.Sprintf("%d/%d", r.RTOMet, r.RTOMissed), hours(r.TriageMedianSecs), hours(r.TriageP90Secs),
						hours(r.RecoverMedianSecs), hours(r.RecoverP90Secs)})
				}
				return table(g.env.Stdout, []string{"SCOPE", "ISSUES", "SLO MET/MISSED", "RTO MET/MISSED", "TRIAGE P50", "P90", "RECOVER P50", "P90"}, rows)
			})
		}}
	slo.Flags().StringVar(&from, "from", "", "start (YYYY-MM-DD or RFC 3339; default a year ago)")
	slo.Flags().StringVar(&to, "to", "", "end (default now)")
	inventory := &cobra.Command{Use: "inventory", Short: "Tools by stage, category, criticality and health", Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			var rep httpapi.InventoryReportBody
			return g.report(cmd, "/api/v1/reports/inventory", nil, asCSV, &rep, func() error {
				return table(g.env.Stdout, []string{"DIMENSION", "VALUE", "TOOLS"}, rep.CSVRows()[1:])
			})
		}}
	capacity := &cobra.Command{Use: "capacity", Short: "Committed maintenance load against the team's capacity", Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			var rep httpapi.CapacityBody
			return g.report(cmd, "/api/v1/reports/capacity", nil, asCSV, &rep, func() error {
				_, err := fmt.Fprintln(g.env.Stdout, rep.Statement)
				return err
			})
		}}
	for _, c := range []*cobra.Command{slo, inventory, capacity} {
		c.Flags().BoolVar(&asCSV, "csv", false, "print CSV")
	}
	cmd.AddCommand(slo, inventory, capacity)
	return cmd
}

// report prints a report as CSV, JSON or a table.
func (g *globals) report(cmd *cobra.Command, path string, q url.Values, asCSV bool, out any, human func() error) error {
	c, err := g.client()
	if err != nil {
		return err
	}
	if asCSV {
		b, err := c.GetRaw(cmd.Context(), path, q, "text/csv")
		if err == nil {
			_, err = g.env.Stdout.Write(b)
		}
		return err
	}
	if _, err := c.Get(cmd.Context(), path, q, out); err != nil {
		return err
	}
	return g.render(g.env.Stdout, out, human)
}

func itoa(i int) string { return fmt.Sprint(i) }

func hours(secs *int64) string {
	if secs == nil {
		return "-"
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(*secs)/3600), ".0") + "h"
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
