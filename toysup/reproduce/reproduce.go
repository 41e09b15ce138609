// Package reproduce runs the paper's experiments end to end — train the presets, save the result files, analyse
// them and draw the paper's figures — into one folder with an index.html. The CLI's `toysup reproduce` is a thin
// wrapper around [Run].
package reproduce

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/paper"
	"github.com/toymodels/superposition/toysup/report"
	"github.com/toymodels/superposition/toysup/train"
)

// Options configures [Run].
type Options struct {
	// Dir is the output folder (created if needed).
	Dir string
	// Quick cuts every preset to paper.QuickSteps steps (smoke tests, CI).
	Quick bool
	// Seeds, when > 0, trains that many seeds per setting in every best-of-K preset (paper.Runner.Seeds).
	Seeds int
	// Sections to run, by key: paper section numbers ("2" is Section 2 with the intro figure) or the names of
	// the sections beyond the paper ("sae", "dd", "l1"). Empty: the paper's sections ([PaperSections]).
	Sections []string
	// Log receives one line per experiment (nil: silent).
	Log io.Writer
	// Progress is the training progress display (nil: none).
	Progress train.Progress
}

// Figure is one SVG written by [Run].
type Figure struct {
	File    string // file name inside Options.Dir
	Caption string // what the reader is looking at (HTML-escaped when written)
}

// Report lists what [Run] wrote.
type Report struct {
	Results []string // result files
	Figures []Figure
	Summary string // Markdown summary of every instance, after the scorecard
	// Claims is the scorecard: the paper's claims of the sections run, evaluated on their results.
	Claims []paper.Claim
}

// Sections lists the keys of the sections [Run] knows, in order: the paper's section numbers ("2" … "8"), then
// the named sections beyond the paper ("sae"). Each sectionN.go or section_NAME.go registers itself.
var Sections []string

// section is one section: its experiments and how to draw them.
type section struct {
	key   string
	title string
	run   func(ctx context.Context, r *runner) error
}

var sections = map[string]section{}

// register adds a paper section, by number, to [Run]; sectionN.go files call it in init.
func register(number int, title string, run func(ctx context.Context, r *runner) error) {
	registerNamed(strconv.Itoa(number), title, run)
}

// registerNamed adds a section beyond the paper, by name, to [Run]; it runs after the paper's sections.
func registerNamed(key, title string, run func(ctx context.Context, r *runner) error) {
	sections[key] = section{key, title, run}
	Sections = append(Sections, key)
	sort.Slice(Sections, func(i, j int) bool { return sectionLess(Sections[i], Sections[j]) })
}

// sectionLess orders numbered sections numerically, before the named ones (alphabetically).
func sectionLess(a, b string) bool {
	na, errA := strconv.Atoi(a)
	nb, errB := strconv.Atoi(b)
	switch {
	case errA == nil && errB == nil:
		return na < nb
	case errA == nil || errB == nil:
		return errA == nil
	}
	return a < b
}

// PaperSections lists the paper's numbered sections, in order: what [Run] runs when no section is named (the named
// ones, beyond the paper, run when asked for).
func PaperSections() []string {
	var out []string
	for _, key := range Sections {
		if _, err := strconv.Atoi(key); err == nil {
			out = append(out, key)
		}
	}
	return out
}

// ParseSections reads a comma-separated list of section keys ("2,3", "sae", "2, sae"), checking each.
func ParseSections(list string) ([]string, error) {
	var out []string
	for _, s := range strings.Split(list, ",") {
		key := strings.TrimSpace(s)
		if _, ok := sections[key]; !ok {
			return nil, fmt.Errorf("section %q is not available (available: %s)", key, strings.Join(Sections, ", "))
		}
		out = append(out, key)
	}
	return out, nil
}

// runner carries the state of one [Run].
type runner struct {
	opts   Options
	report Report
	paper  paper.Runner
	runs   paper.Runs // the section runs, for the scorecard.
}

// Run trains the requested sections' presets and writes result files, SVG figures, summary.md and index.html
// into opts.Dir. Unknown sections are refused before anything trains.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if opts.Dir == "" {
		return nil, fmt.Errorf("reproduce: Dir must be set")
	}
	if len(opts.Sections) == 0 {
		opts.Sections = PaperSections()
	}
	for _, n := range opts.Sections {
		if _, ok := sections[n]; !ok {
			return nil, fmt.Errorf("reproduce: section %q is not available (available: %s)", n, strings.Join(Sections, ", "))
		}
	}
	r := &runner{opts: opts}
	r.paper = paper.Runner{Quick: opts.Quick, Seeds: opts.Seeds, Train: r.train, TrainSAE: r.trainSAE}
	if err := r.paper.Validate(); err != nil {
		return nil, fmt.Errorf("reproduce: %w", err)
	}
	for _, n := range opts.Sections {
		if err := sections[n].run(ctx, r); err != nil {
			return nil, fmt.Errorf("section %s: %w", n, err)
		}
	}
	r.report.Claims = paper.Claims(r.runs)
	if err := r.saveJSON("claims.json", r.report.Claims); err != nil {
		return nil, err
	}
	r.report.Summary = report.Claims(r.report.Claims).Markdown() + selectionTable(r.runs, r.paper.SelectSamplesCap()) + r.report.Summary
	if err := toysup.WriteFileAtomic(filepath.Join(opts.Dir, "summary.md"), []byte(r.report.Summary)); err != nil {
		return nil, err
	}
	if err := r.writeIndex(); err != nil {
		return nil, err
	}
	return &r.report, nil
}

// MustRun is [Run] for notebooks: it panics on error.
func MustRun(ctx context.Context, opts Options) *Report { return must.M1(Run(ctx, opts)) }

// train is the runner's [paper.Trainer]: it trains and analyses e, saves its result file (and its dynamics),
// appends its summary table and logs a line.
func (r *runner) train(ctx context.Context, e paper.Experiment) (*paper.Trained, error) {
	start := time.Now()
	t, err := r.paper.TrainAndAnalyze(ctx, e, r.opts.Progress)
	if err != nil {
		return nil, err
	}
	files := []string{e.Name + ".json"}
	if err := t.Result.Save(filepath.Join(r.opts.Dir, files[0])); err != nil {
		return nil, err
	}
	if t.Dynamics != nil {
		files = append(files, e.Name+"_dynamics.json")
		if err := t.Dynamics.Save(filepath.Join(r.opts.Dir, files[1])); err != nil {
			return nil, err
		}
	}
	r.report.Results = append(r.report.Results, files...)
	if e.ExactLoss { // a phase grid: its classes are summarised instead of its hundreds of instances.
		r.report.Summary += fmt.Sprintf("### %s — %s\n\n%d instances, %d steps, %s engine, %.1f s.\n\n", e.Name, e.Title,
			len(t.Result.Instances), t.Result.Config.Steps, t.Result.Run.Engine, t.Result.Run.Seconds)
	} else if err := r.table(report.Summary(e.Name+" — "+e.Title, t.Result, t.Analyses)); err != nil {
		return nil, err
	}
	if r.opts.Log != nil {
		fmt.Fprintf(r.opts.Log, "%-16s %d steps × %d instances in %s (%s engine) → %s\n", e.Name, t.Result.Config.Steps,
			t.Result.Config.Instances, time.Since(start).Round(time.Millisecond), t.Result.Run.Engine, strings.Join(files, ", "))
	}
	return t, nil
}

// table appends a table to the summary.
func (r *runner) table(t report.Table, err error) error {
	if err != nil {
		return err
	}
	r.report.Summary += t.Markdown()
	return nil
}

// saveJSON writes v as indented JSON into the output folder and lists it among the results.
func (r *runner) saveJSON(file string, v any) error {
	data, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return err
	}
	if err := toysup.WriteFileAtomic(filepath.Join(r.opts.Dir, file), data); err != nil {
		return err
	}
	r.report.Results = append(r.report.Results, file)
	return nil
}

// figure renders an SVG, writes it and records it with its caption.
func (r *runner) figure(file, caption string, render func() (string, error)) error {
	svg, err := render()
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if err := toysup.WriteFileAtomic(filepath.Join(r.opts.Dir, file), []byte(svg)); err != nil {
		return err
	}
	r.report.Figures = append(r.report.Figures, Figure{File: file, Caption: caption})
	return nil
}

// writeIndex writes index.html showing every figure with its caption.
func (r *runner) writeIndex() error {
	var sb strings.Builder
	sb.WriteString(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>toysup — Toy Models of Superposition</title>
<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}
figure{margin:2em 0}.ts-table{border-collapse:collapse;font-size:.9em}.ts-table td,.ts-table th{border:1px solid #ddd;padding:.2em .4em;vertical-align:top}figcaption{color:#444;margin-top:.5em}img{max-width:100%;border:1px solid #eee}</style>
</head><body>
<h1>Toy Models of Superposition — reproduced with toysup</h1>
`)
	mode := "full run"
	if r.opts.Quick {
		mode = fmt.Sprintf("quick run (%d steps per experiment: a smoke test, not converged)", paper.QuickSteps)
	}
	if r.opts.Seeds > 0 {
		mode += fmt.Sprintf(", %d seeds per setting in the best-of-K presets", r.opts.Seeds)
	}
	fmt.Fprintf(&sb, "<p>Elhage et al., 2022, <a href=\"https://transformer-circuits.pub/2022/toy_model/index.html\">transformer-circuits.pub</a>. %s. Results:", html.EscapeString(mode))
	for _, f := range r.report.Results {
		fmt.Fprintf(&sb, " <a href=\"%s\">%s</a>", html.EscapeString(f), html.EscapeString(f))
	}
	sb.WriteString(", <a href=\"summary.md\">summary.md</a>.</p>\n")
	if len(r.report.Claims) > 0 {
		sb.WriteString(report.Claims(r.report.Claims).HTML() + "\n")
	}
	for _, f := range r.report.Figures {
		fmt.Fprintf(&sb, "<figure><img src=\"%s\" alt=\"%s\"><figcaption>%s</figcaption></figure>\n",
			html.EscapeString(f.File), html.EscapeString(f.Caption), html.EscapeString(f.Caption))
	}
	sb.WriteString("</body></html>\n")
	return toysup.WriteFileAtomic(filepath.Join(r.opts.Dir, "index.html"), []byte(sb.String()))
}

// selectionTable summarises the seed selection of the run's best-of-K experiments, evaluated on up to maxSamples
// ("" when there is none).
func selectionTable(runs paper.Runs, maxSamples int) string {
	var rows []report.SelectionRow
	for _, t := range runs.Selected() {
		row := report.SelectionRow{Experiment: t.Experiment.Name, Settings: len(t.Selection)}
		for _, s := range t.Selection {
			row.Seeds = max(row.Seeds, s.Seeds)
			row.Exact = row.Exact || s.Exact
			row.MaxSamples = max(row.MaxSamples, s.Samples)
			if s.Resolved() {
				row.Resolved++
			} else if s.Loss > 0 {
				row.TieGap, row.TieSE = math.Max(row.TieGap, s.Gap/s.Loss), math.Max(row.TieSE, s.SE/s.Loss)
			}
		}
		if row.Seeds > 1 {
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 {
		return ""
	}
	return report.Selections("Seed selection", paper.SelectMargin, maxSamples, rows).Markdown()
}
