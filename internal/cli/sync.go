package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"gitlab.com/prodseceng/interlock/internal/httpapi"
)

func syncCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "sync", Short: "Catch up with outside systems"}
	cmd.AddCommand(syncGitLabCmd(g))
	return cmd
}

func syncGitLabCmd(g *globals) *cobra.Command {
	var tool, progress string
	var poll time.Duration
	cmd := &cobra.Command{
		Use:   "gitlab",
		Short: "Reconcile support issues with GitLab and wait for it to finish",
		Long: "Starts a sync with GitLab (every tool linked to a GitLab project, or one with --tool) and waits for it.\n" +
			"On a terminal it shows a progress bar, otherwise plain lines. It exits 0 when the sync succeeded and\n" +
			"1 with its errors when it did not.",
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if progress != "auto" && progress != "bar" && progress != "plain" {
				return usageError{fmt.Errorf("--progress must be auto, bar or plain, not %q", progress)}
			}
			c, err := g.client()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			r, err := c.StartGitLabSync(ctx, tool)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			show := newSyncProgress(out, progress == "bar" || (progress == "auto" && isTerminal(out)))
			for !finished(r) {
				show.update(r)
				if err := wait(ctx, poll); err != nil {
					return err
				}
				if r, err = c.GitLabSync(ctx, r.ID); err != nil {
					return err
				}
			}
			show.done(r)
			if g.json {
				if err := printJSON(out, r); err != nil {
					return err
				}
			}
			if r.State != "succeeded" {
				return fmt.Errorf("GitLab sync %d failed with %d errors:\n  - %s", r.ID, len(r.Errors), strings.Join(r.Errors, "\n  - "))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&tool, "tool", "", "sync only this tool (by name)")
	cmd.Flags().StringVar(&progress, "progress", "auto", "auto (a bar on a terminal), bar or plain")
	cmd.Flags().DurationVar(&poll, "poll", 500*time.Millisecond, "how often to read the sync's progress")
	_ = cmd.Flags().MarkHidden("poll")
	return cmd
}

func finished(r httpapi.GitLabSyncBody) bool { return r.State == "succeeded" || r.State == "failed" }

func wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// syncProgress shows a sync's progress as a bar or as plain lines.
type syncProgress struct {
	w    io.Writer
	bar  *progressbar.ProgressBar
	last string
}

func newSyncProgress(w io.Writer, bar bool) *syncProgress {
	p := &syncProgress{w: w}
	if bar {
		p.bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription("GitLab sync"),
			progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(false), progressbar.OptionThrottle(0),
			progressbar.OptionSetWidth(30))
	}
	return p
}

func syncCounts(r httpapi.GitLabSyncBody) string {
	return fmt.Sprintf("issues seen %d, created %d, updated %d, closed %d, errors %d",
		r.IssuesSeen, r.Created, r.Updated, r.Closed, len(r.Errors))
}

func (p *syncProgress) update(r httpapi.GitLabSyncBody) {
	if p.bar != nil {
		if r.ProjectsTotal > 0 && p.bar.GetMax() != r.ProjectsTotal {
			p.bar.ChangeMax(r.ProjectsTotal)
		}
		p.bar.Describe(fmt.Sprintf("GitLab sync %d: %s", r.ID, syncCounts(r)))
		_ = p.bar.Set(r.ProjectsDone)
		return
	}
	line := fmt.Sprintf("sync %d %s: projects %d of %d, %s", r.ID, r.State, r.ProjectsDone, r.ProjectsTotal, syncCounts(r))
	if line != p.last {
		fmt.Fprintln(p.w, line)
		p.last = line
	}
}

func (p *syncProgress) done(r httpapi.GitLabSyncBody) {
	p.update(r)
	if p.bar != nil {
		_ = p.bar.Finish()
		fmt.Fprintln(p.w)
	}
	fmt.Fprintf(p.w, "GitLab sync %d %s: %d of %d projects, %s\n", r.ID, r.State, r.ProjectsDone, r.ProjectsTotal, syncCounts(r))
}
