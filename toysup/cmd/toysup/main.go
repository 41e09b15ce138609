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
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fs.SetOutput(os.Stdout)
			fs.Usage()
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return nil
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

func run(args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Print(usage())
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(os.Stderr, "toysup: unknown command %q (run 'toysup help')\n", args[0])
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := cmd.run(ctx, args[1:]); err != nil {
		if errors.Is(err, errHelp) {
			return 0
		}
		fmt.Fprintf(os.Stderr, "toysup %s: %s\n", args[0], strings.ReplaceAll(err.Error(), "\n", "; "))
		return 1
	}
	return 0
}
