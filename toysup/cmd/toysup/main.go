// Command toysup trains and analyses the toy models of Anthropic's "Toy Models of Superposition" (Elhage et al.,
// 2022) on GoMLX's pure-Go backend.
//
//	toysup train --config cfg.json --out result.json [--features N --hidden M ...]
//	toysup reproduce --out DIR [--quick]
//	toysup embed [--source PATH] EXPR...
//	toysup serve [--addr 127.0.0.1:8080] [--export DIR]
//	toysup help
//
// Developer tools (the side-by-side benchmark against PyTorch) are separate commands under toysup/internal/cmd.
//
// Each subcommand lives in its own file and registers itself in init.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/toymodels/superposition/toysup"
)

// command is one subcommand: run gets the arguments after its name.
type command struct {
	summary string
	run     func(ctx context.Context, args []string) error
}

var commands = map[string]command{}

func register(name, summary string, run func(ctx context.Context, args []string) error) {
	commands[name] = command{summary: summary, run: run}
}

// errHelp is returned by a subcommand's flag parsing for -h: exit 0.
var errHelp = flag.ErrHelp

// parseFlags parses a subcommand's flags: errors are returned (one line), -h prints the flags to stdout and
// returns [errHelp], and positional arguments are rejected.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := parseFlagsAndArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// parseFlagsAndArgs is [parseFlags] for commands that take arguments after their flags (fs.Args()).
func parseFlagsAndArgs(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if err == flag.ErrHelp {
		fs.SetOutput(os.Stdout)
		fs.Usage()
	}
	return err
}

func usage() string {
	var sb strings.Builder
	sb.WriteString("toysup: toy models of superposition in Go (GoMLX)\n\nusage: toysup <command> [flags]\n\ncommands:\n")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&sb, "  %-10s %s\n", n, commands[n].summary)
	}
	sb.WriteString("\nRun 'toysup <command> -h' for its flags.\n")
	return sb.String()
}

func main() {
	os.Exit(run(os.Args[1:]))
}

// Exit codes (see the README's "Limits and errors").
const (
	exitOK    = 0
	exitError = 1 // a refused input or a failed run
	exitUsage = 2 // an unknown command or no command
	// A run stopped by a signal exits 128 + the signal's number: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP.
	exitSignal = 128
)

// maxMessage bounds the one line an error prints.
const maxMessage = 400

func run(args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Print(usage())
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(os.Stderr, "toysup: unknown command %q (run 'toysup help')\n", toysup.Clip(args[0], 64))
		return exitUsage
	}
	ctx, stop := signalContext()
	defer stop()
	err := cmd.run(ctx, args[1:])
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errHelp) {
		return exitOK
	}
	msg := toysup.Clip(strings.ReplaceAll(err.Error(), "\n", "; "), maxMessage)
	fmt.Fprintf(os.Stderr, "toysup %s: %s\n", args[0], msg)
	var sig signalError
	if errors.As(context.Cause(ctx), &sig) && ctx.Err() != nil {
		return exitSignal + int(sig.sig)
	}
	return exitError
}

// signalError is the cause of a context cancelled by a signal.
type signalError struct{ sig syscall.Signal }

func (e signalError) Error() string { return "interrupted by " + signalName(e.sig) }

func signalName(s syscall.Signal) string {
	switch s {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	}
	return s.String()
}

// signalContext returns a context cancelled, with a [signalError] cause, by the first SIGINT, SIGTERM or SIGHUP.
// Commands then stop their work, remove temporary files and return; a second signal exits at once.
func signalContext() (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			sig, _ := s.(syscall.Signal)
			cancel(signalError{sig})
		case <-done:
			return
		}
		select {
		case s := <-ch:
			sig, _ := s.(syscall.Signal)
			fmt.Fprintf(os.Stderr, "toysup: %s again: exiting now\n", signalName(sig))
			os.Exit(exitSignal + int(sig))
		case <-done:
		}
	}()
	return ctx, func() { signal.Stop(ch); close(done); cancel(nil) }
}

// interrupted returns the error of a command stopped by ctx: the signal (or cancellation) and what it left.
func interrupted(ctx context.Context, format string, args ...any) error {
	return fmt.Errorf("%w: %s", context.Cause(ctx), fmt.Sprintf(format, args...))
}
