package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// torchReport is the JSON line the PyTorch reference prints last.
type torchReport struct {
	Impl  string  `json:"impl"`
	Loop  float64 `json:"loop_steps_per_s"`
	Steps int     `json:"steps"`
}

// runTorch runs the PyTorch reference on a config file and reads its report.
func (b *bencher) runTorch(cfgPath string, steps int) (childRun, error) {
	run, stdout, err := b.child(b.python, b.torch, "--config", cfgPath, "--threads", fmt.Sprint(b.threads))
	if err != nil {
		return run, err
	}
	rep, err := parseTorchReport(stdout)
	if err != nil {
		return run, err
	}
	if rep.Steps != steps {
		return run, fmt.Errorf("the reference ran %d steps, the config says %d", rep.Steps, steps)
	}
	b.torchImpl, run.loopSPS = rep.Impl, rep.Loop
	return run, nil
}

// parseTorchReport decodes the last line of stdout that starts with "{".
func parseTorchReport(stdout []byte) (torchReport, error) {
	var last string
	sc := bufio.NewScanner(bytes.NewReader(stdout))
	sc.Buffer(nil, 64<<20) // the report lists every instance's final loss
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); strings.HasPrefix(line, "{") {
			last = line
		}
	}
	var rep torchReport
	if err := json.Unmarshal([]byte(last), &rep); err != nil {
		return rep, fmt.Errorf("reading the reference's report %q: %w", last, err)
	}
	return rep, nil
}

// torchName names the reference in the table's title: the implementation it reported, or "PyTorch".
func (b *bencher) torchName() string {
	if b.torchImpl == "" {
		return "PyTorch"
	}
	return b.torchImpl
}
