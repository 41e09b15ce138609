package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Problem is one reason a notebook run fails.
type Problem struct {
	// Cell is the failing cell's index in the original notebook, or -1 for the notebook as a whole.
	Cell int
	// Kind names the check that failed, e.g. "error output", "panic", "exit status", "absolute path".
	Kind string
	// Detail is the error text (cleaned of terminal colour codes).
	Detail string
}

func (p Problem) String() string {
	if p.Cell < 0 {
		return p.Kind
	}
	return fmt.Sprintf("cell %d: %s", p.Cell, p.Kind)
}

// CheckOptions configures [Check].
type CheckOptions struct {
	// ForbiddenPaths are strings no cell source or output may contain (the checkout's absolute path, GoNB's temp
	// folders). Empty disables the check.
	ForbiddenPaths []string
	// FigureTag marks cells that must display at least one figure (SVG or PNG). Empty disables the check.
	FigureTag string
	// AllowErrorsTag marks cells whose errors are expected (nbclient's "raises-exception").
	AllowErrorsTag string
}

// GoNB reports a failed cell program only on the cell's stderr; nbconvert and nbclient call such a cell a success.
var (
	reExitStatus = regexp.MustCompile(`(?m)^\s*exit status (-?[0-9]+)\s*$`)
	reSignal     = regexp.MustCompile(`(?m)^\s*signal: \S.*$`)
	rePanic      = regexp.MustCompile(`(?m)^\s*panic: .*$`)
	reFatal      = regexp.MustCompile(`(?m)^\s*fatal error: .*$`)
	reANSI       = regexp.MustCompile("\x1b\\[[0-9;?]*[ -/]*[@-~]")
)

// stripANSI removes terminal colour and cursor codes.
func stripANSI(s string) string { return reANSI.ReplaceAllString(s, "") }

// Check returns the problems found in an executed notebook: error outputs, a panic, a fatal error, a signal or a
// non-zero exit status on a cell's stderr, figure cells without a figure, and forbidden (absolute) paths in
// sources or outputs. The problems are ordered by cell.
func Check(nb *Notebook, opts CheckOptions) []Problem {
	var probs []Problem
	for _, c := range nb.Cells {
		if c.Type != "code" {
			probs = append(probs, pathProblems(c, c.Source, "source", opts.ForbiddenPaths)...)
			continue
		}
		expectErrors := opts.AllowErrorsTag != "" && c.HasTag(opts.AllowErrorsTag)
		var stderr strings.Builder
		figures := 0
		for _, o := range c.Outputs {
			switch o.Type {
			case "error":
				if !expectErrors {
					detail := strings.TrimSpace(o.EName + ": " + o.EValue)
					if tb := strings.TrimSpace(strings.Join(o.Traceback, "\n")); tb != "" {
						detail += "\n" + tb
					}
					probs = append(probs, Problem{Cell: c.Index, Kind: "error output", Detail: stripANSI(detail)})
				}
			case "stream":
				if o.Name == "stderr" {
					stderr.WriteString(o.Text)
				}
			default:
				svg, raster := figureCounts(o)
				figures += svg + raster
			}
		}
		if !expectErrors {
			probs = append(probs, stderrProblems(c.Index, stripANSI(stderr.String()))...)
		}
		if opts.FigureTag != "" && c.HasTag(opts.FigureTag) && figures == 0 {
			probs = append(probs, Problem{Cell: c.Index, Kind: "no figure",
				Detail: fmt.Sprintf("the cell is tagged %q but displayed no SVG or PNG (a lost output? end the cell with gonbui.Sync())", opts.FigureTag)})
		}
		probs = append(probs, pathProblems(c, c.Source, "source", opts.ForbiddenPaths)...)
		for _, o := range c.Outputs {
			probs = append(probs, pathProblems(c, outputText(o), "output", opts.ForbiddenPaths)...)
		}
	}
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].Cell < probs[j].Cell })
	return probs
}

// stderrProblems looks for the signs of a failed cell program in its stderr.
func stderrProblems(cell int, stderr string) []Problem {
	var probs []Problem
	if loc := rePanic.FindStringIndex(stderr); loc != nil {
		probs = append(probs, Problem{Cell: cell, Kind: "panic", Detail: excerpt(stderr, loc[0])})
	}
	if loc := reFatal.FindStringIndex(stderr); loc != nil {
		probs = append(probs, Problem{Cell: cell, Kind: "fatal error", Detail: excerpt(stderr, loc[0])})
	}
	if loc := reSignal.FindStringIndex(stderr); loc != nil {
		probs = append(probs, Problem{Cell: cell, Kind: "signal", Detail: excerpt(stderr, loc[0])})
	}
	for _, m := range reExitStatus.FindAllStringSubmatchIndex(stderr, -1) {
		if stderr[m[2]:m[3]] != "0" {
			probs = append(probs, Problem{Cell: cell, Kind: "exit status " + stderr[m[2]:m[3]], Detail: tail(stderr, 40)})
			break
		}
	}
	return probs
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("... (%d lines before)", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// excerpt returns stderr from about from (backing up a few lines for context), at most 40 lines.
func excerpt(s string, from int) string {
	start := from
	for back := 0; start > 0 && back < 3; back++ {
		start = strings.LastIndexByte(s[:start-1], '\n') + 1
		if start == 0 {
			break
		}
	}
	lines := strings.Split(strings.TrimRight(s[start:], "\n"), "\n")
	if len(lines) > 40 {
		lines = append(lines[:40], fmt.Sprintf("... (%d more lines)", len(lines)-40))
	}
	return strings.Join(lines, "\n")
}

// figureCounts counts the images in a display output: SVG (image/svg+xml, or <svg> elements in text/html, which
// is how GoNB's DisplaySvg sends them) and raster images (PNG, JPEG).
func figureCounts(o Output) (svg, raster int) {
	if o.Type != "display_data" && o.Type != "execute_result" {
		return 0, 0
	}
	if _, ok := o.Data["image/svg+xml"]; ok {
		svg++
	} else if html, ok := o.Data["text/html"]; ok {
		svg += strings.Count(html, "<svg")
	}
	for _, mime := range []string{"image/png", "image/jpeg"} {
		if _, ok := o.Data[mime]; ok {
			raster++
		}
	}
	return svg, raster
}

// Figures counts a notebook's SVG and raster (PNG/JPEG) outputs.
func Figures(nb *Notebook) (svg, raster int) {
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			s, r := figureCounts(o)
			svg += s
			raster += r
		}
	}
	return svg, raster
}

// outputText is all the text of an output, for the path check (binary images excluded).
func outputText(o Output) string {
	var sb strings.Builder
	sb.WriteString(o.Text)
	sb.WriteString(o.EName)
	sb.WriteString("\n")
	sb.WriteString(o.EValue)
	sb.WriteString("\n")
	for _, l := range o.Traceback {
		sb.WriteString(l)
		sb.WriteString("\n")
	}
	mimes := make([]string, 0, len(o.Data))
	for m := range o.Data {
		mimes = append(mimes, m)
	}
	sort.Strings(mimes)
	for _, m := range mimes {
		if m == "image/png" || m == "image/jpeg" || m == "image/gif" {
			continue
		}
		sb.WriteString(o.Data[m])
		sb.WriteString("\n")
	}
	return sb.String()
}

// pathProblems reports the first forbidden string found in text (one problem per text), with its line.
func pathProblems(c Cell, text, where string, forbidden []string) []Problem {
	clean := stripANSI(text)
	for _, f := range forbidden {
		if f == "" {
			continue
		}
		i := strings.Index(clean, f)
		if i < 0 {
			continue
		}
		lineStart := strings.LastIndexByte(clean[:i], '\n') + 1
		lineEnd := strings.IndexByte(clean[i:], '\n')
		if lineEnd < 0 {
			lineEnd = len(clean)
		} else {
			lineEnd += i
		}
		line := clean[lineStart:lineEnd]
		if len(line) > 300 {
			line = line[:300] + "..."
		}
		return []Problem{{Cell: c.Index, Kind: "absolute path in " + where,
			Detail: fmt.Sprintf("%q appears in the %s: %s", f, where, line)}}
	}
	return nil
}
