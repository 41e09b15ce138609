package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/train"
)

const (
	modulePath = "github.com/toymodels/superposition"
	cliPackage = modulePath + "/toysup/cmd/toysup"
)

// buildToysup builds the toysup CLI of the repository this command runs in (found with `go env GOMOD` from the
// working folder) into dir and returns the binary's path. Building happens once, before any timed run.
func buildToysup(ctx context.Context, dir string) (string, error) {
	root, err := repositoryRoot(ctx)
	if err != nil {
		return "", fmt.Errorf("%w (or pass --toysup with a toysup binary)", err)
	}
	bin := filepath.Join(dir, "toysup")
	start := time.Now()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, cliPackage)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %w: %s", cliPackage, err, lastLines(string(out), 3))
	}
	fmt.Fprintf(os.Stderr, "built %s from %s in %.1fs\n", bin, root, time.Since(start).Seconds())
	return bin, nil
}

// repositoryRoot returns the folder of the go.mod of module github.com/toymodels/superposition that contains the
// working folder.
func repositoryRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("the working folder is not inside the toysup repository")
	}
	data, err := os.ReadFile(gomod)
	if err != nil {
		return "", err
	}
	first, _, _ := strings.Cut(string(data), "\n")
	if strings.TrimSpace(first) != "module "+modulePath {
		return "", fmt.Errorf("%s is not the go.mod of %s", gomod, modulePath)
	}
	return filepath.Dir(gomod), nil
}

// runToysup runs a toysup child process (args write the result file outPath) and reads the loop speed from the
// result.
func (b *bencher) runToysup(outPath, name string, args ...string) (childRun, error) {
	run, _, err := b.child(name, args...)
	if err != nil {
		return run, err
	}
	res, err := toysup.LoadResult(outPath)
	if err != nil {
		return run, err
	}
	if res.Run != nil {
		run.loopSPS = res.Run.StepsPerSecond
	}
	return run, nil
}

// trainToysup times `toysup train --config cfgPath --out outPath --quiet`: training, saving and the CLI's summary.
func (b *bencher) trainToysup(cfgPath, outPath string) (childRun, error) {
	return b.runToysup(outPath, b.toysup, "train", "--config", cfgPath, "--out", outPath, "--quiet")
}

// trainOnlyChild times this command's --train-only mode: training and saving, without the summary.
func (b *bencher) trainOnlyChild(cfgPath, outPath string) (childRun, error) {
	return b.runToysup(outPath, b.self, "--train-only", cfgPath, "--out", outPath)
}

// trainOnly trains a config file and saves the result: the child process of the scaling runs.
func trainOnly(ctx context.Context, cfgPath, out string) error {
	if out == "" {
		return errors.New("--train-only needs --out")
	}
	cfg, err := toysup.LoadConfig(cfgPath)
	if err != nil {
		return err
	}
	res, err := train.Train(ctx, cfg, train.WithProgress(nil))
	if err != nil {
		return err
	}
	return res.Save(out)
}
