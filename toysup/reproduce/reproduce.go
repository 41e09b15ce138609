// Package reproduce runs the paper's experiments end to end — train the presets, save the result files, analyse
// them and draw the paper's figures — into one folder with an index.html. The CLI's `toysup reproduce` is a thin
// wrapper around [Run].
package reproduce

import (
	"context"
	"fmt"
	"html"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/paper"
	"github.com/toymodels/superposition/toysup/train"
)

// Options configures [Run].
type Options struct {
	// Dir is the output folder (created if needed).
	Dir string
	// Quick cuts every preset to paper.QuickSteps steps (smoke tests, CI).
	Quick bool
	// Sections to run (paper section numbers; 2 is Section 2 with the intro figure). Empty: all available.
	Sections []int
	// Log receives one line per experiment (nil: silent).
	Log io.Writer
	// Progress is the training progress display (nil: none).
	Progress train.Progress
	// EvalSamples is the number of fresh samples each instance's loss is evaluated on (default 100 000).
	EvalSamples int
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
	Summary string // Markdown summary of every instance
}

// Sections lists the sections [Run] knows, in order; each sectionN.go registers itself.
var Sections []int

// section is one paper section: its experiments and how to draw them.
type section struct {
	number int
	title  string
	run    func(ctx context.Context, r *runner) error
}

var sections = map[int]section{}

// register adds a paper section to [Run]; sectionN.go files call it in init.
func register(number int, title string, run func(ctx context.Context, r *runner) error) {
	sections[number] = section{number, title, run}
	Sections = append(Sections, number)
	sort.Ints(Sections)
}

// runner carries the state of one [Run].
type runner struct {
	opts    Options
	report  Report
	results map[string]*toysup.Result
	an      map[string][]toysup.Analysis
}

// Run trains the requested sections' presets and writes result files, SVG figures, summary.md and index.html
// into opts.Dir.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if opts.Dir == "" {
		return nil, fmt.Errorf("reproduce: Dir must be set")
	}
	if opts.EvalSamples == 0 {
		opts.EvalSamples = 100_000
	}
	if len(opts.Sections) == 0 {
		opts.Sections = Sections
	}
	r := &runner{opts: opts, results: map[string]*toysup.Result{}, an: map[string][]toysup.Analysis{}}
	for _, n := range opts.Sections {
		s, ok := sections[n]
		if !ok {
			return nil, fmt.Errorf("reproduce: section %d is not available (available: %v)", n, Sections)
		}
		if err := s.run(ctx, r); err != nil {
			return nil, fmt.Errorf("section %d: %w", n, err)
		}
	}
	if err := toysup.WriteFileAtomic(filepath.Join(opts.Dir, "summary.md"), []byte(r.report.Summary)); err != nil {
		return nil, err
	}
	if err := r.writeIndex(); err != nil {
		return nil, err
	}
	return &r.report, nil
}

// MustRun is [Run] for notebooks: it panics on error.
func MustRun(ctx context.Context, opts Options) *Report {
	rep, err := Run(ctx, opts)
	if err != nil {
		panic(err)
	}
	return rep
}

// train runs one experiment, saves its result file, analyses it and appends its summary.
func (r *runner) train(ctx context.Context, e paper.Experiment) (*toysup.Result, []toysup.Analysis, error) {
	start := time.Now()
	res, err := train.Train(ctx, e.Config, train.WithProgress(r.opts.Progress))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", e.Name, err)
	}
	file := e.Name + ".json"
	if err := res.Save(filepath.Join(r.opts.Dir, file)); err != nil {
		return nil, nil, err
	}
	an, err := res.Analyze(r.opts.EvalSamples, uint64(e.Config.Seed)+1)
	if err != nil {
		return nil, nil, err
	}
	r.results[e.Name], r.an[e.Name] = res, an
	r.report.Results = append(r.report.Results, file)
	r.report.Summary += summarize(e, res, an)
	if r.opts.Log != nil {
		fmt.Fprintf(r.opts.Log, "%-16s %d steps × %d instances in %s (%s engine) → %s\n", e.Name, res.Config.Steps,
			res.Config.Instances, time.Since(start).Round(time.Millisecond), res.Run.Engine, file)
	}
	return res, an, nil
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

// summarize is a Markdown table of an experiment's instances.
func summarize(e paper.Experiment, res *toysup.Result, an []toysup.Analysis) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "## %s — %s\n\n%d steps, %s engine, %.1f s\n\n", e.Name, e.Title, res.Config.Steps, res.Run.Engine, res.Run.Seconds)
	// Features represented and D* measure the tied models' feature directions; the abs model's W holds input
	// weights of an untied network, where they mean nothing (its neurons are analysed in Section 8 instead).
	tied := res.Config.Model != toysup.ModelAbs
	sb.WriteString("| instance | 1−S | final loss | eval loss |")
	if tied {
		sb.WriteString(" represented | D* |\n|---|---|---|---|---|---|\n")
	} else {
		sb.WriteString("\n|---|---|---|---|\n")
	}
	for k, in := range res.Instances {
		fmt.Fprintf(&sb, "| %d | %.4g | %.5g | %.5g |", k, in.FeatureProbability[0], in.FinalLoss, an[k].EvalLoss)
		if tied {
			fmt.Fprintf(&sb, " %d/%d | %.3f |", an[k].Represented, res.Config.Features, an[k].DimensionsPerFeature)
		}
		sb.WriteString("\n")
	}
	sb.WriteString("\n")
	return sb.String()
}

// writeIndex writes index.html showing every figure with its caption.
func (r *runner) writeIndex() error {
	var sb strings.Builder
	sb.WriteString(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>toysup — Toy Models of Superposition</title>
<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}
figure{margin:2em 0}figcaption{color:#444;margin-top:.5em}img{max-width:100%;border:1px solid #eee}</style>
</head><body>
<h1>Toy Models of Superposition — reproduced with toysup</h1>
`)
	mode := "full run"
	if r.opts.Quick {
		mode = fmt.Sprintf("quick run (%d steps per experiment: a smoke test, not converged)", paper.QuickSteps)
	}
	fmt.Fprintf(&sb, "<p>Elhage et al., 2022, <a href=\"https://transformer-circuits.pub/2022/toy_model/index.html\">transformer-circuits.pub</a>. %s. Results:", html.EscapeString(mode))
	for _, f := range r.report.Results {
		fmt.Fprintf(&sb, " <a href=\"%s\">%s</a>", html.EscapeString(f), html.EscapeString(f))
	}
	sb.WriteString(", <a href=\"summary.md\">summary.md</a>.</p>\n")
	for _, f := range r.report.Figures {
		fmt.Fprintf(&sb, "<figure><img src=\"%s\" alt=\"%s\"><figcaption>%s</figcaption></figure>\n",
			html.EscapeString(f.File), html.EscapeString(f.Caption), html.EscapeString(f.Caption))
	}
	sb.WriteString("</body></html>\n")
	return toysup.WriteFileAtomic(filepath.Join(r.opts.Dir, "index.html"), []byte(sb.String()))
}
