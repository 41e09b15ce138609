package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

//go:embed driver.py
var driverPy string

// Runner executes notebooks headlessly with a Jupyter kernel through nbclient (Debian's /usr/bin/python3).
type Runner struct {
	// Python is the interpreter that has nbclient (default /usr/bin/python3).
	Python string
	// Kernel is the kernel spec name (default "gonb").
	Kernel string
	// Timeout limits one notebook's execution; CellTimeout one cell (0: Timeout); StartupTimeout the kernel start.
	Timeout, CellTimeout, StartupTimeout time.Duration
	// SkipTags: cells with any of these tags are not executed (e.g. "interactive" widgets that need a browser).
	SkipTags []string
	// Env is added to the environment the kernel inherits (KEY=VALUE).
	Env []string
	// Check configures the checks of the executed notebook; ForbiddenPaths is completed per notebook when
	// CheckPaths is set.
	Check      CheckOptions
	CheckPaths bool
}

// Result is the outcome of one notebook.
type Result struct {
	Path string
	// Executed is the executed notebook (partial after a failed cell); nil if nothing ran.
	Executed *Notebook
	// Index maps the executed notebook's cells to their positions in the original notebook.
	Index []int
	// Original is the notebook as read.
	Original *Notebook
	// Status is the driver's verdict: "ok", "cell_error", "timeout", "dead_kernel", "no_kernel" or "exception".
	Status string
	// Problems found (empty when the notebook passed).
	Problems []Problem
	// SVG and Raster count the figures in the executed notebook.
	SVG, Raster int
	// CellsRun is the number of code cells executed; CellsSkipped the number left out by SkipTags.
	CellsRun, CellsSkipped int
	Elapsed                time.Duration
	// KernelLog is the tail of the kernel's and nbclient's log (stderr of the driver).
	KernelLog string
}

// Passed reports whether the notebook ran with no problem.
func (r *Result) Passed() bool { return r.Status == "ok" && len(r.Problems) == 0 }

type driverArgs struct {
	Input          string  `json:"input"`
	Output         string  `json:"output"`
	Status         string  `json:"status"`
	Cwd            string  `json:"cwd"`
	Kernel         string  `json:"kernel"`
	Timeout        float64 `json:"timeout"`
	CellTimeout    float64 `json:"cell_timeout"`
	StartupTimeout float64 `json:"startup_timeout"`
}

type driverStatus struct {
	Status     string `json:"status"`
	Cell       int    `json:"cell"`
	Phase      string `json:"phase"`
	ErrorClass string `json:"error_class"`
	Message    string `json:"message"`
}

// Run executes the notebook at path and checks it. An error means it could not be attempted (unreadable
// notebook, no Python); a failed notebook is a Result that did not pass.
func (r *Runner) Run(ctx context.Context, path string) (*Result, error) {
	start := time.Now()
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	orig, err := ReadNotebook(abs)
	if err != nil {
		return nil, err
	}
	runData, index, err := orig.RunCopy(r.SkipTags)
	if err != nil {
		return nil, err
	}
	res := &Result{Path: path, Original: orig, Index: index}
	for _, c := range orig.Cells {
		if c.Type == "code" && !slices.Contains(index, c.Index) {
			res.CellsSkipped++
		}
	}
	tmp, err := os.MkdirTemp("", "nbrun-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	job, err := r.prepare(tmp, abs, runData)
	if err != nil {
		return nil, err
	}
	st, ok := r.drive(ctx, job, res)
	res.Elapsed = time.Since(start)
	if ok {
		r.collect(job, abs, st, res)
	}
	return res, nil
}

// driverJob is one prepared run of the nbclient driver.
type driverJob struct {
	args      driverArgs
	script    string
	kernelTmp string
}

// prepare writes the notebook to run, the driver script and a fresh TMPDIR for the kernel into tmp.
func (r *Runner) prepare(tmp, abs string, runData []byte) (driverJob, error) {
	job := driverJob{args: driverArgs{
		Input:          filepath.Join(tmp, "input.ipynb"),
		Output:         filepath.Join(tmp, "executed.ipynb"),
		Status:         filepath.Join(tmp, "status.json"),
		Cwd:            filepath.Dir(abs), // GoNB's GONB_DIR is the kernel's working directory
		Kernel:         r.Kernel,
		Timeout:        r.Timeout.Seconds(),
		CellTimeout:    r.CellTimeout.Seconds(),
		StartupTimeout: r.StartupTimeout.Seconds(),
	}, script: filepath.Join(tmp, "driver.py"), kernelTmp: filepath.Join(tmp, "tmp")}
	if job.args.CellTimeout <= 0 || job.args.CellTimeout > job.args.Timeout {
		job.args.CellTimeout = job.args.Timeout
	}
	// A fresh TMPDIR per notebook: GoNB's build folders and its `cache` package (which keeps results under
	// os.TempDir()) start empty, so a run never reuses results of an earlier run (e.g. a quick one).
	if err := os.Mkdir(job.kernelTmp, 0o700); err != nil {
		return job, err
	}
	if err := os.WriteFile(job.args.Input, runData, 0o644); err != nil {
		return job, err
	}
	return job, os.WriteFile(job.script, []byte(driverPy), 0o644)
}

// drive runs the driver and reads its status; when the driver wrote none it records why in res and returns false.
func (r *Runner) drive(ctx context.Context, job driverJob, res *Result) (driverStatus, bool) {
	argJSON, _ := json.Marshal(job.args)
	// The driver enforces the time limits itself (and shuts the kernel down); the context is a backstop.
	hardLimit := r.Timeout + r.StartupTimeout + 2*time.Minute
	cctx, cancel := context.WithTimeout(ctx, hardLimit)
	defer cancel()
	cmd := exec.CommandContext(cctx, r.Python, job.script, string(argJSON))
	cmd.Dir = job.args.Cwd
	cmd.Env = append(append(os.Environ(), r.Env...), "TMPDIR="+job.kernelTmp)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) }
	cmd.WaitDelay = 30 * time.Second
	logBuf := &tailBuffer{max: 64 << 10}
	cmd.Stdout, cmd.Stderr = logBuf, logBuf
	runErr := cmd.Run()
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // leftovers of the process group, if any
	}
	res.KernelLog = stripANSI(logBuf.String())
	var st driverStatus
	stData, stErr := os.ReadFile(job.args.Status)
	if stErr == nil {
		stErr = json.Unmarshal(stData, &st)
	}
	if stErr == nil {
		return st, true
	}
	// The driver did not get to write its status: killed by the backstop, or Python/nbclient missing.
	res.Status = "exception"
	why := fmt.Sprintf("the nbclient driver failed: %v", runErr)
	if errors.Is(cctx.Err(), context.DeadlineExceeded) {
		res.Status = "timeout"
		why = fmt.Sprintf("killed after %s (the notebook time limit plus a grace period)", hardLimit)
	}
	res.Problems = append(res.Problems, Problem{Cell: -1, Kind: res.Status, Detail: why + "\n" + tail(res.KernelLog, 30)})
	return st, false
}

// collect reads the executed notebook, checks it and records the driver's verdict in res.
func (r *Runner) collect(job driverJob, abs string, st driverStatus, res *Result) {
	res.Status = st.Status
	if exData, err := os.ReadFile(job.args.Output); err == nil {
		if ex, err := ParseNotebook(exData); err == nil {
			res.Executed = ex
			remapIndices(ex, res.Index)
		}
	}
	opts := r.Check
	if r.CheckPaths {
		opts.ForbiddenPaths = append(append(forbiddenPaths(abs), job.kernelTmp), opts.ForbiddenPaths...)
	}
	if res.Executed != nil {
		res.Problems = Check(res.Executed, opts)
		res.SVG, res.Raster = Figures(res.Executed)
		for _, c := range res.Executed.Cells {
			if c.Type == "code" && c.raw["execution_count"] != nil {
				res.CellsRun++
			}
		}
	}
	if st.Status == "ok" {
		return
	}
	cell := -1
	if st.Cell >= 0 && st.Cell < len(res.Index) {
		cell = res.Index[st.Cell]
	}
	kind := map[string]string{"cell_error": "cell error", "timeout": "timeout", "dead_kernel": "kernel died",
		"no_kernel": "kernel not installed"}[st.Status]
	if kind == "" {
		kind = "nbclient " + st.Status
	}
	// A cell error is usually also an error output found by Check; report nbclient's message only if not.
	if !(st.Status == "cell_error" && hasProblemAt(res.Problems, cell)) {
		res.Problems = append([]Problem{{Cell: cell, Kind: kind, Detail: strings.TrimSpace(stripANSI(st.Message))}}, res.Problems...)
	}
}

// remapIndices sets the executed cells' Index to their positions in the original notebook.
func remapIndices(ex *Notebook, index []int) {
	for k := range ex.Cells {
		if k < len(index) {
			ex.Cells[k].Index = index[k]
		}
	}
}

func hasProblemAt(probs []Problem, cell int) bool {
	for _, p := range probs {
		if p.Cell == cell {
			return true
		}
	}
	return false
}

// forbiddenPaths are the absolute paths a committed notebook must not contain: the checkout holding the notebook
// (the folder with go.mod above it, else the notebook's folder), its symlink-resolved form, and GoNB's temp
// folders.
func forbiddenPaths(notebookAbs string) []string {
	dir := filepath.Dir(notebookAbs)
	root := dir
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			root = d
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	paths := []string{"/tmp/gonb_"}
	add := func(p string) {
		// Very short roots ("/", "/w") would match everything; they cannot be told apart from ordinary text.
		if len(p) >= 4 && strings.Count(p, "/") >= 1 && p != "/tmp" {
			for _, q := range paths {
				if q == p {
					return
				}
			}
			paths = append(paths, p)
		}
	}
	add(root)
	if real, err := filepath.EvalSymlinks(root); err == nil {
		add(real)
	}
	return paths
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf.Write(p)
	if t.buf.Len() > 2*t.max {
		b := t.buf.Bytes()
		keep := append([]byte(nil), b[len(b)-t.max:]...)
		t.buf.Reset()
		t.buf.Write(keep)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.buf.Bytes()
	if len(b) > t.max {
		b = b[len(b)-t.max:]
	}
	return string(b)
}
