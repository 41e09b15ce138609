package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/toymodels/superposition/toysup"
)

var stopSignals = []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP}

// startTrain starts `toysup train` on cfg in a fresh folder holding the old r.json.
func startTrain(t *testing.T, cfg string) (*exec.Cmd, string, *bytes.Buffer) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "c.json"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "r.json"), []byte(oldResult), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(buildCLI(t), "train", "--config", "c.json", "--out", "r.json", "--quiet")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOMLX_NO_AUTO_INSTALL=1", "TOYSUP_BACKEND=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, dir, &stderr
}

// waitExit waits for cmd with a hang bound (not a speed check) and returns its exit code.
func waitExit(t *testing.T, cmd *exec.Cmd) int {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatal("the process did not stop within 60 s of the signal")
	}
	return cmd.ProcessState.ExitCode()
}

// A signal during training stops the step running: exit 128+signal with one line, the old result intact, no
// temporary file. (One step of this config is far longer than the hang bound on one core without the
// in-step check.)
func TestSignalDuringTraining(t *testing.T) {
	for _, sig := range stopSignals {
		cmd, dir, stderr := startTrain(t, `{"features": 1000, "hidden": 30, "steps": 1000, "batch_size": 100000}`)
		time.Sleep(300 * time.Millisecond)
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		code := waitExit(t, cmd)
		name := signalName(sig)
		if code != exitSignal+int(sig) {
			t.Errorf("%s: exit %d, want %d", name, code, exitSignal+int(sig))
		}
		checkRefusal(t, dir, name, code, stderr.String(), "interrupted by "+name)
		if data, _ := os.ReadFile(filepath.Join(dir, "r.json")); string(data) != oldResult {
			t.Errorf("%s: the old r.json changed", name)
		}
	}
}

// A signal while the result is being written (the temporary file exists) stops the write or, if the rename came
// first, the summary: exit 128+signal with one line, no temporary file, and r.json either the old file or the
// whole new result (never a partial one), as the message says.
func TestSignalDuringSave(t *testing.T) {
	for _, sig := range stopSignals {
		cmd, dir, stderr := startTrain(t, `{"features": 2000, "hidden": 1000, "steps": 1, "batch_size": 1}`)
		seen := false
		for deadline := time.Now().Add(60 * time.Second); !seen && time.Now().Before(deadline); {
			matches, _ := filepath.Glob(filepath.Join(dir, ".r.json.tmp*"))
			if seen = len(matches) > 0; !seen {
				time.Sleep(200 * time.Microsecond)
			}
		}
		if !seen {
			_ = cmd.Process.Kill()
			t.Fatalf("%s: never saw the temporary file", signalName(sig))
		}
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		code := waitExit(t, cmd)
		name := signalName(sig)
		if code != exitSignal+int(sig) {
			t.Errorf("%s: exit %d, want %d (stderr %q)", name, code, exitSignal+int(sig), stderr.String())
		}
		checkRefusal(t, dir, name, code, stderr.String(), "interrupted by "+name)
		data, _ := os.ReadFile(filepath.Join(dir, "r.json"))
		switch written := strings.Contains(stderr.String(), "was written"); {
		case !written && string(data) != oldResult:
			t.Errorf("%s: stopped before the rename, but r.json changed", name)
		case written:
			if _, err := toysup.LoadResult(filepath.Join(dir, "r.json")); err != nil {
				t.Errorf("%s: r.json was written but does not load: %v", name, err)
			}
		}
		t.Logf("%s: %s", name, strings.TrimSpace(stderr.String()))
	}
}

// A signal after the result was written, during the summary, still exits 128+signal with one line saying the
// result was written (which then loads).
func TestSignalDuringSummary(t *testing.T) {
	cmd, dir, stderr := startTrain(t, `{"features": 2000, "hidden": 1000, "steps": 1, "batch_size": 1}`)
	out := filepath.Join(dir, "r.json")
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if st, err := os.Stat(out); err == nil && st.Size() != int64(len(oldResult)) {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	code := waitExit(t, cmd)
	if code != exitSignal+int(syscall.SIGINT) {
		t.Errorf("exit %d, want %d (stderr %q)", code, exitSignal+int(syscall.SIGINT), stderr.String())
	}
	checkRefusal(t, dir, "SIGINT in the summary", code, stderr.String(), "r.json was written")
	if _, err := toysup.LoadResult(out); err != nil {
		t.Errorf("r.json does not load: %v", err)
	}
}
