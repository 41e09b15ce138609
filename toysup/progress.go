package toysup

import (
	"fmt"
	"html"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// DefaultProgress returns the progress display for the current environment: an HTML bar updated in place in a
// GoNB notebook, a terminal bar (github.com/schollz/progressbar, as GoMLX uses) when stderr is a terminal, and
// nil (no display) otherwise.
func DefaultProgress() Progress {
	if gonbui.IsNotebook {
		return &NotebookProgress{}
	}
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
	p.bar.Describe(fmt.Sprintf("mean loss %.5g", mean(loss)))
	_ = p.bar.Set(step + 1)
}

// Finish implements [Progress].
func (p *TerminalProgress) Finish() { _ = p.bar.Finish() }

// NotebookProgress shows an HTML progress bar in a GoNB cell, updated in place at most every 250 ms.
type NotebookProgress struct {
	mu         sync.Mutex
	id, title  string
	total      int
	last       time.Time
	start      time.Time
	lastStep   int
	lastLosses []float64
}

// Start implements [Progress].
func (p *NotebookProgress) Start(total int, title string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.id, p.total, p.title, p.start = "toysup_progress_"+gonbui.UniqueID(), total, title, time.Now()
	gonbui.UpdateHTML(p.id, p.html(0, nil))
}

// Update implements [Progress].
func (p *NotebookProgress) Update(step int, loss []float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lastStep, p.lastLosses = step+1, loss
	if time.Since(p.last) < 250*time.Millisecond {
		return
	}
	p.last = time.Now()
	gonbui.UpdateHTML(p.id, p.html(step+1, loss))
}

// Finish implements [Progress]: the bar is replaced by a one-line summary and output is flushed.
func (p *NotebookProgress) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	gonbui.UpdateHTML(p.id, "")
	gonbui.DisplayHTML(fmt.Sprintf("<small>%s: %d steps in %s, final mean loss %.5g</small>",
		html.EscapeString(p.title), p.lastStep, time.Since(p.start).Round(time.Millisecond), mean(p.lastLosses)))
	gonbui.Sync()
}

func (p *NotebookProgress) html(step int, loss []float64) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, `<div><small>%s</small> <progress value="%d" max="%d" style="width:40%%"></progress> %d/%d`,
		html.EscapeString(p.title), step, p.total, step, p.total)
	if loss != nil {
		fmt.Fprintf(&sb, " — mean loss %.5g", mean(loss))
	}
	sb.WriteString("</div>")
	return sb.String()
}

func mean(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}
