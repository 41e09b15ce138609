package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/embed"
)

func init() {
	register("embed", "word-embedding arithmetic: norms and cosines of expressions", runEmbed)
}

const embedUsage = `usage: toysup embed [--source PATH] [--space] EXPR...        print each expression's norm
       toysup embed [--source PATH] [--space] --cos EXPR1 EXPR2  print their cosine similarity
       toysup embed [--source PATH] --average-norm              print the mean row norm of W_E

The seed notebook's word-embedding arithmetic. PATH is a GPT-2 folder in the Hugging Face layout
(model.safetensors + vocab.json from openai-community/gpt2; default $TOYSUP_GPT2_DIR, else models/gpt2)
or a text file with a word and its floats per line (GloVe / word2vec text format).

An expression is words combined with + - ( ) and scalar multiples: "(boy - girl) - (man - woman)",
"king - man + woman", "0.5 king", "2*(a - b)", "a/2". Quote a token to look it up literally:
'" boy"' is GPT-2's "Ġboy" (a leading space), '"2"' a digit token. Bare words are looked up without a
leading space, as in the seed; --space looks them up with one. Put expressions that start with '-' after --.

flags:
`

func runEmbed(_ context.Context, args []string) error {
	fs := flag.NewFlagSet("embed", flag.ContinueOnError)
	source := fs.String("source", "", "GPT-2 folder or text file (default: $TOYSUP_GPT2_DIR, else models/gpt2)")
	space := fs.Bool("space", false, `GPT-2: look bare words up with a leading space ("Ġboy"), not as the seed does ("boy")`)
	cos := fs.Bool("cos", false, "print the cosine similarity of two expressions")
	avg := fs.Bool("average-norm", false, "print the mean row norm of the embedding matrix (the seed's average_W_E_norm)")
	fs.SetOutput(io.Discard)
	exprs, err := parseInterspersed(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			fmt.Fprint(os.Stdout, embedUsage)
			fs.SetOutput(os.Stdout)
			fs.PrintDefaults()
		} else if strings.Contains(err.Error(), "flag provided but not defined") {
			err = fmt.Errorf("%w (put expressions that start with '-' after --)", err)
		}
		return err
	}
	switch {
	case *cos && len(exprs) != 2:
		return fmt.Errorf("--cos takes exactly two expressions, got %d", len(exprs))
	case *avg && *cos:
		return errors.New("--average-norm and --cos exclude each other")
	case !*avg && len(exprs) == 0:
		return errors.New("no expression: give one, e.g. toysup embed --source PATH \"(boy - girl) - (man - woman)\" (see toysup embed -h)")
	}
	path := *source
	if path == "" {
		path = embed.GPT2Dir()
	}
	e, err := embed.Load(path, embed.WithLeadingSpace(*space))
	if err != nil {
		return trimEmbed(err)
	}
	out := os.Stdout
	if *avg {
		a := e.AverageNorm()
		if math.IsNaN(a) || math.IsInf(a, 0) {
			return fmt.Errorf("--average-norm: %v: the embedding matrix of %s has non-finite values or none", a, toysup.Clip(path, 200))
		}
		fmt.Fprintf(out, "average norm of %d rows: %.8g\n", e.Rows(), a)
	}
	if *cos {
		c, err := e.Cosine(exprs[0], exprs[1])
		if err != nil {
			return oneLine(err)
		}
		fmt.Fprintf(out, "'%s' vs '%s': %.8g\n", exprs[0], exprs[1], c)
		return nil
	}
	for _, expr := range exprs {
		n, err := e.Norm(expr)
		if err != nil {
			return oneLine(err)
		}
		fmt.Fprintf(out, "%s: %.8g\n", expr, n)
	}
	return nil
}

// parseInterspersed parses flags anywhere among the arguments (`EXPR --space` as well as `--space EXPR`) and
// returns the others; everything after "--" is an argument.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		left := fs.Args()
		if len(left) == 0 {
			return rest, nil
		}
		if used := len(args) - len(left); used > 0 && args[used-1] == "--" {
			return append(rest, left...), nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}

// oneLine gives an expression error its one-line form.
func oneLine(err error) error {
	var pe *embed.ExprError
	if errors.As(err, &pe) {
		return errors.New(pe.Line())
	}
	return trimEmbed(err)
}

// trimEmbed drops the "embed: " prefix of the package's errors: main already prefixes "toysup embed: ".
func trimEmbed(err error) error {
	if msg, ok := strings.CutPrefix(err.Error(), "embed: "); ok {
		return errors.New(msg)
	}
	return err
}
