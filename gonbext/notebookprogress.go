package gonbext

import (
	"fmt"
	"html"
	"strings"
	"sync"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/toymodels/superposition/toysup/train"
)

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

// Start implements [train.Progress].
func (p *NotebookProgress) Start(total int, title string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.id, p.total, p.title, p.start = "toysup_progress_"+gonbui.UniqueID(), total, title, time.Now()
	gonbui.UpdateHTML(p.id, p.html(0, nil))
}

// Update implements [train.Progress].
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

// Finish implements [train.Progress]: the bar is replaced by a one-line summary and output is flushed.
func (p *NotebookProgress) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	gonbui.UpdateHTML(p.id, "")
	gonbui.DisplayHTML(fmt.Sprintf("<small>%s: %d steps in %s, final mean loss %.5g</small>",
		html.EscapeString(p.title), p.lastStep, time.Since(p.start).Round(time.Millisecond), train.MeanLoss(p.lastLosses)))
	gonbui.Sync()
}

func (p *NotebookProgress) html(step int, loss []float64) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, `<div><small>%s</small> <progress value="%d" max="%d" style="width:40%%"></progress> %d/%d`,
		html.EscapeString(p.title), step, p.total, step, p.total)
	if loss != nil {
		fmt.Fprintf(&sb, " — mean loss %.5g", train.MeanLoss(loss))
	}
	sb.WriteString("</div>")
	return sb.String()
}
