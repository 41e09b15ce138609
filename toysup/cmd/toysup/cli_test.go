package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The built CLI, shared by the tests that run it as a process (built once per test binary).
var (
	cliOnce sync.Once
	cliPath string
	cliErr  error
	cliDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if cliDir != "" {
		os.RemoveAll(cliDir)
	}
	os.Exit(code)
}

// buildCLI builds the toysup binary once and returns its path.
func buildCLI(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the CLI binary")
	}
	cliOnce.Do(func() {
		if cliDir, cliErr = os.MkdirTemp("", "toysup-cli"); cliErr != nil {
			return
		}
		cliPath = filepath.Join(cliDir, "toysup")
		out, err := exec.Command("go", "build", "-o", cliPath, ".").CombinedOutput()
		if err != nil {
			cliErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if cliErr != nil {
		t.Fatal(cliErr)
	}
	return cliPath
}

// oldResult is what the existing --out file holds before every bad run; it must be byte-identical after.
const oldResult = `{"not": "a result, but the user's file"}`

// badCase is one bad input: the arguments (in a fresh folder holding files and an existing r.json), the
// environment added, and what the one-line message must name.
type badCase struct {
	name  string
	args  []string
	files map[string]string
	env   []string
	want  string
}

// runCLI runs the binary in dir with a hang bound and returns the exit code, stdout and stderr.
func runCLI(t *testing.T, dir string, env []string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a hang bound, not a speed check
	defer cancel()
	cmd := exec.CommandContext(ctx, buildCLI(t), args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOMLX_NO_AUTO_INSTALL=1", "TOYSUP_BACKEND="), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%v: hung (killed after the hang bound)", args)
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return code, stdout.String(), stderr.String()
}

// checkRefusal asserts the common contract of a refused or stopped run in dir.
func checkRefusal(t *testing.T, dir, name string, code int, stderr, want string) {
	t.Helper()
	line := strings.TrimSuffix(stderr, "\n")
	switch {
	case code == 0:
		t.Errorf("%s: exit 0, want non-zero (stderr %q)", name, stderr)
	case strings.Contains(stderr, "panic:") || strings.Contains(stderr, "goroutine "):
		t.Errorf("%s: panicked:\n%s", name, stderr)
	case line == "" || strings.Contains(line, "\n"):
		t.Errorf("%s: want exactly one line on stderr, got %q", name, stderr)
	case !strings.Contains(line, want):
		t.Errorf("%s: message %q does not name %q", name, line, want)
	case len(line) > 600:
		t.Errorf("%s: message of %d bytes", name, len(line))
	}
	checkNoTemp(t, dir, name)
}

func checkNoTemp(t *testing.T, dir, name string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") || strings.Contains(e.Name(), "toysup-probe") {
			t.Errorf("%s: temporary file %s left behind", name, e.Name())
		}
	}
}

// Every bad input is refused before any work: non-zero exit, one line naming the field or argument, no panic,
// no hang, the existing --out file byte-identical and no temporary file beside it.
func TestCLIRefusesBadInput(t *testing.T) {
	cases := badCases(t)
	if len(cases) < 100 {
		t.Fatalf("only %d bad inputs", len(cases))
	}
	t.Logf("%d bad inputs", len(cases))
	for _, tc := range cases {
		dir := t.TempDir()
		for name, content := range tc.files {
			if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		out := filepath.Join(dir, "r.json")
		if err := os.WriteFile(out, []byte(oldResult), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runCLI(t, dir, tc.env, tc.args...)
		checkRefusal(t, dir, tc.name, code, stderr, tc.want)
		if data, err := os.ReadFile(out); err != nil || string(data) != oldResult {
			t.Errorf("%s: the existing r.json changed (%v)", tc.name, err)
		}
	}
}

// nanSafetensors returns the test GPT-2 fixture's model.safetensors with row 12 ("adult") column 0 set to NaN.
func nanSafetensors(t *testing.T) string {
	data, err := os.ReadFile(filepath.Join(embedGPT2, "model.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	start := 8 + int(binary.LittleEndian.Uint64(data))
	binary.LittleEndian.PutUint32(data[start+12*16*4:], math.Float32bits(float32(math.NaN())))
	return string(data)
}

func readFixture(t *testing.T, name string) string {
	data, err := os.ReadFile(filepath.Join(embedGPT2, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
