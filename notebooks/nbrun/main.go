// Command nbrun executes Jupyter notebooks headlessly with the GoNB kernel and fails when any cell failed.
//
//	go run ./notebooks/nbrun [flags] notebooks/*.ipynb
//
// nbconvert alone is not enough for Go notebooks: when a cell's program panics or calls os.Exit(3), GoNB replies
// "ok" to Jupyter and only prints `exit status N` on the cell's stderr, so `jupyter nbconvert --execute` exits 0.
// nbrun executes each notebook with nbclient (Debian's /usr/bin/python3), in the notebook's folder (GoNB's
// GONB_DIR), then reads the executed notebook and fails on:
//   - an error output (a compile error, a failed `go get`),
//   - `panic: `, `fatal error: `, `signal: ` or a non-zero `exit status N` on a cell's stderr,
//   - a timeout, a kernel that died or is not installed,
//   - a cell tagged "figure" (-figure-tag) that displayed no SVG or PNG, fewer than -min-figures figures,
//   - with -check-paths (default), the checkout's absolute path or GoNB's /tmp/gonb_ folders in a cell's source or
//     output (committed notebooks must not carry this machine's paths).
//
// For each failure it prints the notebook, the cell's index (counted from 0 over all cells), its first lines and
// the error. Cells tagged "interactive" (-skip-tags) are not executed: widgets block when no browser is attached.
// The kernel inherits nbrun's environment plus TOYSUP_HEADLESS=1, TOYSUP_QUICK=1 with -quick,
// GOMLX_NO_AUTO_INSTALL=1 unless set, and a fresh TMPDIR for each notebook (so results that GoNB's cache package
// keeps under the temp folder never leak from one run, say a quick one, into another). With -inplace, a notebook that passed gets its new outputs written back
// (used to commit the outputs of a full run); cells that were skipped keep theirs.
//
// Exit status: 0 when every notebook passed, 1 when one failed, 2 on bad usage.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	timeout, cellTimeout, startupTimeout time.Duration
	quick, inplace, checkPaths, verbose  bool
	outDir, skipTags, figureTag          string
	kernel, python                       string
	minFigures                           int
}

func parseFlags(args []string, stderr io.Writer) (*options, []string, error) {
	fs := flag.NewFlagSet("nbrun", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := &options{}
	fs.DurationVar(&o.timeout, "timeout", 20*time.Minute, "time limit for each notebook")
	fs.DurationVar(&o.cellTimeout, "cell-timeout", 0, "time limit for each cell (0: the notebook's -timeout)")
	fs.DurationVar(&o.startupTimeout, "startup-timeout", 2*time.Minute, "time limit for the kernel to start")
	fs.BoolVar(&o.quick, "quick", false, "set TOYSUP_QUICK=1 for the kernel (short trainings, for CI)")
	fs.BoolVar(&o.inplace, "inplace", false, "write the executed outputs back into each notebook that passed")
	fs.StringVar(&o.outDir, "outdir", "", "also write each executed notebook (even a failed one) into this folder")
	fs.StringVar(&o.skipTags, "skip-tags", "interactive", "comma-separated cell tags not to execute")
	fs.StringVar(&o.figureTag, "figure-tag", "figure", "cells with this tag must display an SVG or PNG (empty: no check)")
	fs.IntVar(&o.minFigures, "min-figures", 0, "fail a notebook whose outputs hold fewer figures than this")
	fs.BoolVar(&o.checkPaths, "check-paths", true, "fail on the checkout's absolute path or /tmp/gonb_ in sources or outputs")
	fs.StringVar(&o.kernel, "kernel", "gonb", "Jupyter kernel name")
	fs.StringVar(&o.python, "python", "/usr/bin/python3", "Python interpreter with nbclient")
	fs.BoolVar(&o.verbose, "v", false, "print the kernel's log for every notebook, not only failed ones")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: nbrun [flags] NOTEBOOK.ipynb ...\n\nExecutes notebooks headlessly with GoNB and fails on any cell failure.\n\nflags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return nil, nil, fmt.Errorf("no notebook given")
	}
	if o.timeout <= 0 {
		return nil, nil, fmt.Errorf("-timeout must be > 0, got %s", o.timeout)
	}
	if o.cellTimeout < 0 || o.startupTimeout <= 0 {
		return nil, nil, fmt.Errorf("-cell-timeout must be >= 0 and -startup-timeout > 0")
	}
	if o.minFigures < 0 {
		return nil, nil, fmt.Errorf("-min-figures must be >= 0, got %d", o.minFigures)
	}
	for _, p := range fs.Args() {
		if filepath.Ext(p) != ".ipynb" {
			return nil, nil, fmt.Errorf("%s: not an .ipynb file", p)
		}
	}
	return o, fs.Args(), nil
}

func run(args []string, stdout, stderr io.Writer) int {
	o, paths, err := parseFlags(args, stderr)
	if err == flag.ErrHelp {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "nbrun: %v\n", err)
		return 2
	}
	if _, err := os.Stat(o.python); err != nil {
		fmt.Fprintf(stderr, "nbrun: %s not found: install Debian's python3-nbclient and jupyter-client (see .ci/run)\n", o.python)
		return 1
	}
	if o.outDir != "" {
		if err := os.MkdirAll(o.outDir, 0o755); err != nil {
			fmt.Fprintf(stderr, "nbrun: %v\n", err)
			return 2
		}
	}
	if o.inplace && !o.quick && os.Getenv("TOYSUP_QUICK") != "" {
		fmt.Fprintf(stderr, "nbrun: warning: TOYSUP_QUICK=%q is set in the environment: -inplace will save quick-mode outputs\n", os.Getenv("TOYSUP_QUICK"))
	}
	r := &Runner{
		Python: o.python, Kernel: o.kernel,
		Timeout: o.timeout, CellTimeout: o.cellTimeout, StartupTimeout: o.startupTimeout,
		SkipTags:   splitList(o.skipTags),
		Env:        kernelEnv(o.quick, stderr),
		Check:      CheckOptions{FigureTag: o.figureTag, AllowErrorsTag: "raises-exception"},
		CheckPaths: o.checkPaths,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	failed := 0
	var summary []string
	for _, p := range paths {
		fmt.Fprintf(stdout, "=== %s\n", p)
		res, err := r.Run(ctx, p)
		if err != nil {
			fmt.Fprintf(stdout, "FAIL %s: %v\n", p, err)
			summary = append(summary, fmt.Sprintf("FAIL %s: %v", p, err))
			failed++
			continue
		}
		if o.minFigures > 0 && res.SVG+res.Raster < o.minFigures {
			res.Problems = append(res.Problems, Problem{Cell: -1, Kind: "too few figures",
				Detail: fmt.Sprintf("%d figures (%d SVG, %d PNG/JPEG), -min-figures is %d", res.SVG+res.Raster, res.SVG, res.Raster, o.minFigures)})
		}
		writeOutputs(o, res, stdout, stderr)
		line := fmt.Sprintf("%s: %d code cells run, %d skipped, %d SVG + %d PNG figures, %.1fs",
			p, res.CellsRun, res.CellsSkipped, res.SVG, res.Raster, res.Elapsed.Seconds())
		if res.Passed() {
			fmt.Fprintf(stdout, "PASS %s\n", line)
			summary = append(summary, "PASS "+line)
			if o.verbose {
				printLog(stdout, res.KernelLog, 200)
			}
			continue
		}
		failed++
		fmt.Fprintf(stdout, "FAIL %s (status %s)\n", line, res.Status)
		summary = append(summary, fmt.Sprintf("FAIL %s (%d problems)", line, len(res.Problems)))
		printProblems(stdout, res)
		printLog(stdout, res.KernelLog, map[bool]int{true: 200, false: 25}[o.verbose])
	}
	fmt.Fprintf(stdout, "\n=== nbrun summary: %d of %d notebooks passed\n", len(paths)-failed, len(paths))
	for _, s := range summary {
		fmt.Fprintln(stdout, s)
	}
	if failed > 0 {
		return 1
	}
	return 0
}

// writeOutputs saves the executed notebook to -outdir, and back into the notebook with -inplace when it passed.
func writeOutputs(o *options, res *Result, stdout, stderr io.Writer) {
	if res.Executed == nil {
		return
	}
	if o.outDir != "" {
		if data, err := encodeNotebook(res.Executed.raw); err == nil {
			dst := filepath.Join(o.outDir, filepath.Base(res.Path))
			if err := writeFileAtomic(dst, data); err != nil {
				fmt.Fprintf(stderr, "nbrun: %v\n", err)
			} else {
				fmt.Fprintf(stdout, "executed notebook written to %s\n", dst)
			}
		}
	}
	if !o.inplace {
		return
	}
	if !res.Passed() {
		fmt.Fprintf(stdout, "-inplace: %s left unchanged because it failed\n", res.Path)
		return
	}
	data, err := res.Original.MergeOutputs(res.Executed, res.Index)
	if err == nil {
		err = writeFileAtomic(res.Path, data)
	}
	if err != nil {
		res.Problems = append(res.Problems, Problem{Cell: -1, Kind: "write-back failed", Detail: err.Error()})
		return
	}
	fmt.Fprintf(stdout, "-inplace: outputs written into %s\n", res.Path)
}

// printProblems prints each problem with its error text, and each failing cell's first lines once.
func printProblems(w io.Writer, res *Result) {
	shown := map[int]bool{}
	for _, p := range res.Problems {
		fmt.Fprintf(w, "--- %s: %s\n", res.Path, p)
		if p.Cell >= 0 && p.Cell < len(res.Original.Cells) && !shown[p.Cell] {
			shown[p.Cell] = true
			c := res.Original.Cells[p.Cell]
			tags := ""
			if len(c.Tags) > 0 {
				tags = " [tags: " + strings.Join(c.Tags, ", ") + "]"
			}
			fmt.Fprintf(w, "cell %d (%s)%s source:\n", p.Cell, c.Type, tags)
			fmt.Fprintln(w, indent(headLines(c.Source, 12)))
		}
		if p.Detail != "" {
			fmt.Fprintln(w, "error:")
			fmt.Fprintln(w, indent(headLines(p.Detail, 60)))
		}
	}
}

func printLog(w io.Writer, log string, lines int) {
	if strings.TrimSpace(log) == "" {
		return
	}
	fmt.Fprintf(w, "--- kernel/nbclient log (last %d lines)\n%s\n", lines, indent(tail(log, lines)))
}

// kernelEnv is what nbrun adds to the kernel's environment, and a PATH on which GoNB finds go and goimports.
func kernelEnv(quick bool, stderr io.Writer) []string {
	env := []string{"TOYSUP_HEADLESS=1"}
	if quick {
		env = append(env, "TOYSUP_QUICK=1")
	}
	if os.Getenv("GOMLX_NO_AUTO_INSTALL") == "" {
		env = append(env, "GOMLX_NO_AUTO_INSTALL=1")
	}
	path := os.Getenv("PATH")
	if _, err := exec.LookPath("goimports"); err != nil {
		if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
			gopath := strings.TrimSpace(strings.Split(strings.TrimSpace(string(out)), string(os.PathListSeparator))[0])
			if gopath != "" {
				path = filepath.Join(gopath, "bin") + string(os.PathListSeparator) + path
			}
		}
		if _, err := lookPathIn("goimports", path); err != nil {
			fmt.Fprintf(stderr, "nbrun: warning: goimports is not on PATH nor in $(go env GOPATH)/bin: GoNB cells that rely on automatic imports will fail\n")
		}
	}
	return append(env, "PATH="+path)
}

func lookPathIn(name, path string) (string, error) {
	for _, dir := range filepath.SplitList(path) {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", exec.ErrNotFound
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func headLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append(lines[:n], fmt.Sprintf("... (%d more lines)", len(lines)-n))
	}
	return strings.Join(lines, "\n")
}

func indent(s string) string {
	return "    | " + strings.ReplaceAll(s, "\n", "\n    | ")
}
