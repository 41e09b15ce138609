package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/toymodels/superposition/toysup"
)

func init() {
	register("merge", "join the results of a sweep's shards (toysup train --shard), in instance order, into one result", runMerge)
}

// shardOf parses --shard A:B and returns instances A…B−1 of cfg ([toysup.Config.Shard]).
func shardOf(cfg toysup.Config, spec string) (toysup.Config, error) {
	a, b, ok := strings.Cut(spec, ":")
	from, errA := strconv.Atoi(a)
	to, errB := strconv.Atoi(b)
	if !ok || errA != nil || errB != nil {
		return toysup.Config{}, fmt.Errorf("--shard %q: want A:B, two instance indices (A included, B excluded)", toysup.Clip(spec, 40))
	}
	s, err := cfg.Shard(from, to)
	if err != nil {
		return toysup.Config{}, fmt.Errorf("--shard %s: %w", spec, err)
	}
	return s, nil
}

// runMerge loads the parts named on the command line, joins them with [toysup.MergeResults] and writes the result.
func runMerge(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	out := fs.String("out", "", "result file to write (required)")
	if err := parseFlagsAndArgs(fs, args); err != nil {
		return err
	}
	parts := fs.Args()
	if len(parts) == 0 {
		return fmt.Errorf("merge: no part files given (usage: toysup merge --out all.json part1.json part2.json …)")
	}
	inputs := map[string]string{}
	for i, p := range parts {
		inputs[fmt.Sprintf("part %d", i+1)] = p
	}
	if err := checkOutFile("--out", *out, inputs); err != nil {
		return err
	}
	results := make([]*toysup.Result, len(parts))
	for i, p := range parts {
		r, err := toysup.LoadResult(p)
		if err != nil {
			return err
		}
		results[i] = r
	}
	merged, err := toysup.MergeResults(results)
	if err != nil {
		return err
	}
	if err := merged.SaveContext(ctx, *out); err != nil {
		if ctx.Err() != nil {
			return interrupted(ctx, "stopped before writing %s (a file there is unchanged)", *out)
		}
		return err
	}
	fmt.Printf("%s: %d instances from %d parts\n", *out, len(merged.Instances), len(parts))
	return nil
}
