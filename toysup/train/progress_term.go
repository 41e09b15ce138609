//go:build !js

package train

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// DefaultProgress returns a terminal bar (github.com/schollz/progressbar, as GoMLX uses) when stderr is a terminal
// and nil (no display) otherwise.
func DefaultProgress() Progress {
	if term.IsTerminal(int(os.Stderr.Fd())) {
		return NewTerminalProgress(os.Stderr)
	}
	return nil
}

// TerminalProgress draws a progress bar with the mean loss on a terminal.
type TerminalProgress struct {
	w   io.Writer
	bar *progressbar.ProgressBar
}

// NewTerminalProgress returns a progress bar writing to w.
func NewTerminalProgress(w io.Writer) *TerminalProgress { return &TerminalProgress{w: w} }

// Start implements [Progress].
func (p *TerminalProgress) Start(total int, title string) {
	p.bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(p.w), progressbar.OptionSetDescription(title),
		progressbar.OptionShowIts(), progressbar.OptionSetItsString("steps"), progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionSetPredictTime(true), progressbar.OptionClearOnFinish())
}

// Update implements [Progress].
func (p *TerminalProgress) Update(step int, loss []float64) {
	p.bar.Describe(fmt.Sprintf("mean loss %.5g", MeanLoss(loss)))
	_ = p.bar.Set(step + 1)
}

// Finish implements [Progress].
func (p *TerminalProgress) Finish() { _ = p.bar.Finish() }
