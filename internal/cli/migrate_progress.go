package cli

import (
	"fmt"
	"io"

	"github.com/schollz/progressbar/v3"
)

// copyProgress shows a migration's progress, a bar per table on a
// terminal and a line per copied table otherwise.
type copyProgress struct {
	w     io.Writer
	bars  bool
	bar   *progressbar.ProgressBar
	table string
}

func newCopyProgress(w io.Writer, bars bool) *copyProgress { return &copyProgress{w: w, bars: bars} }

// update is told how many of a table's rows are copied (store.CopyProgress).
func (p *copyProgress) update(table string, done, total int64) {
	if table != p.table {
		p.finish()
		p.table = table
		if p.bars && total > 0 {
			p.bar = progressbar.NewOptions64(total, progressbar.OptionSetWriter(p.w), progressbar.OptionSetDescription(table),
				progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(false), progressbar.OptionThrottle(0),
				progressbar.OptionSetWidth(30))
		}
	}
	if p.bar != nil {
		_ = p.bar.Set64(done)
	}
	if !p.bars && done == total {
		fmt.Fprintf(p.w, "copied %s: %d rows\n", table, total)
	}
}

// finish ends the bar of the table being copied, if any.
func (p *copyProgress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
		fmt.Fprintln(p.w)
		p.bar = nil
	}
}
