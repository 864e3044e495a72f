package cli

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/httpapi"
)

func calendarCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "calendar", Short: "The business-time calendar every SLO/RTO clock counts on"}
	show := &cobra.Command{Use: "show", Short: "Show the coverage windows and holidays", Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := g.client()
			if err != nil {
				return err
			}
			var b httpapi.CalendarBody
			if _, err := c.Get(cmd.Context(), "/api/v1/calendar", nil, &b); err != nil {
				return err
			}
			return g.render(g.env.Stdout, b, func() error { return showCalendar(g, b) })
		}}
	var file string
	set := &cobra.Command{Use: "set --file calendar.yaml", Short: "Replace the calendar (admin) from a YAML/JSON document", Args: exactArgs(0),
		Example: "  # calendar.yaml\n  reference_timezone: UTC\n  windows:\n    - {timezone: Europe/London, weekdays: [mon, tue, wed, thu, fri], start: \"09:00\", end: \"17:00\"}\n" +
			"  holidays:\n    - {date: \"2026-12-25\"}",
		RunE: func(cmd *cobra.Command, _ []string) error {
			doc, err := g.readDoc(file)
			if err != nil {
				return err
			}
			c, err := g.client()
			if err != nil {
				return err
			}
			r, err := c.Get(cmd.Context(), "/api/v1/calendar", nil, nil)
			if err != nil {
				return err
			}
			var b httpapi.CalendarBody
			if _, err := c.Do(cmd.Context(), http.MethodPut, "/api/v1/calendar", nil, doc, &b, r.ETag); err != nil {
				return err
			}
			return g.render(g.env.Stdout, b, func() error { return showCalendar(g, b) })
		}}
	set.Flags().StringVarP(&file, "file", "f", "-", "the document (- for standard input)")
	var from, unit string
	var amount int
	due := &cobra.Command{Use: "due --amount N --unit business_hours|business_days [--from RFC3339]", Short: "When is this due?",
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := g.client()
			if err != nil {
				return err
			}
			if from == "" {
				from = time.Now().Format(time.RFC3339)
			}
			var out struct {
				DueAt time.Time `json:"due_at"`
			}
			q := url.Values{"from": {from}, "amount": {strconv.Itoa(amount)}, "unit": {unit}}
			if _, err := c.Get(cmd.Context(), "/api/v1/calendar/due", q, &out); err != nil {
				return err
			}
			return g.render(g.env.Stdout, out, func() error {
				_, err := fmt.Fprintf(g.env.Stdout, "%d %s from %s: due %s\n", amount, strings.ReplaceAll(unit, "_", " "), from,
					out.DueAt.Format(time.RFC3339))
				return err
			})
		}}
	due.Flags().StringVar(&from, "from", "", "when the clock starts (RFC 3339; default now)")
	due.Flags().IntVar(&amount, "amount", 0, "the target")
	due.Flags().StringVar(&unit, "unit", "business_hours", "business_hours or business_days")
	cmd.AddCommand(show, set, due)
	return cmd
}

func showCalendar(g *globals, b httpapi.CalendarBody) error {
	w := g.env.Stdout
	fmt.Fprintf(w, "Reference time zone: %s (version %d)\n", b.ReferenceTimezone, b.Version)
	rows := [][]string{}
	for _, win := range b.Windows {
		rows = append(rows, []string{win.Timezone, strings.Join(win.Weekdays, ","), win.Start + "-" + win.End})
	}
	if err := table(w, []string{"TIMEZONE", "WEEKDAYS", "HOURS"}, rows); err != nil {
		return err
	}
	for _, h := range b.Holidays {
		zone := h.Timezone
		if zone == "" {
			zone = "everywhere"
		}
		fmt.Fprintf(w, "holiday %s (%s)\n", h.Date, zone)
	}
	return nil
}
