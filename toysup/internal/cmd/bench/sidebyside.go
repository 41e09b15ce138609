package main

import (
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"
)

// sideBySide runs each case on both sides for the given rounds, alternating which side goes first, and prints the
// medians.
func (b *bencher) sideBySide(cases []benchCase, rounds int) error {
	own := map[string][]childRun{}
	ref := map[string][]childRun{}
	for r := 0; r < rounds; r++ {
		for _, c := range cases {
			sides := []string{"toysup", "torch"}
			if r%2 == 1 {
				sides = []string{"torch", "toysup"}
			}
			for _, side := range sides {
				if side == "torch" && b.torch == "" {
					continue
				}
				label := fmt.Sprintf("round %d/%d %s %-6s", r+1, rounds, c.name, side)
				run, err := b.measure(label, func() (childRun, error) { return b.runCase(c, side) })
				if err != nil {
					return fmt.Errorf("config %s, %s: %w", c.name, side, err)
				}
				if side == "toysup" {
					own[c.name] = append(own[c.name], run)
				} else {
					ref[c.name] = append(ref[c.name], run)
				}
			}
		}
	}
	return b.printSideBySide(cases, rounds, own, ref)
}

// runCase writes c's config file and times one side on it: "toysup" (`toysup train`) or "torch".
func (b *bencher) runCase(c benchCase, side string) (childRun, error) {
	path := filepath.Join(b.dir, c.name+".json")
	if err := writeConfig(path, c.cfg); err != nil {
		return childRun{}, err
	}
	if side == "toysup" {
		return b.trainToysup(path, filepath.Join(b.dir, c.name+"-result.json"))
	}
	return b.runTorch(path, c.cfg.Steps)
}

// printSideBySide prints one row per case: whole-process steps/s and their ratio (with the 5× target), each side's
// own loop steps/s, toysup's dense-equivalent GFLOP/s and its fraction of the measured peak, CPU time and peak RSS
// (medians over the rounds, maxima for RSS).
func (b *bencher) printSideBySide(cases []benchCase, rounds int, own, ref map[string][]childRun) error {
	worst := 0.0
	for _, runs := range []map[string][]childRun{own, ref} {
		for _, rs := range runs {
			worst = max(worst, maxOf(rs, func(r childRun) float64 { return r.others }))
		}
	}
	fmt.Printf("toysup train (engine %s) vs %s, %d threads: whole process, median of %d rounds; other processes used at most %.2f cores during a run\n\n",
		cases[0].cfg.Engine, b.torchName(), b.threads, rounds, worst)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "config\t\tsteps\ttoysup steps/s\ttorch steps/s\tratio\t≥ 5×\t\ttoysup loop\ttorch loop\tloop ratio\t\tGFLOP/s\t% of peak\t\ttoysup CPU s\ttorch CPU s\t\ttoysup RSS MB\ttorch RSS MB\t")
	for _, c := range cases {
		fmt.Fprintln(tw, b.sideBySideRow(c, own[c.name], ref[c.name]))
	}
	return tw.Flush()
}

// sideBySideRow is one case's row of the side-by-side table.
func (b *bencher) sideBySideRow(c benchCase, o, t []childRun) string {
	cpuSecs := func(r childRun) float64 { return r.cpu.Seconds() }
	loop := func(r childRun) float64 { return r.loopSPS }
	rssMB := func(r childRun) float64 { return r.rssKB / 1024 }
	osps, tsps := medianSPS(o, c.cfg.Steps), medianSPS(t, c.cfg.Steps)
	ol, tl := median(o, loop), median(t, loop)
	gflops := ol * denseFLOPs(max(1, c.cfg.Instances), c.cfg.BatchSize, c.cfg.Features, c.cfg.Hidden) / 1e9
	target := "-"
	if tsps > 0 {
		target = map[bool]string{true: "✓", false: "✗"}[osps >= 5*tsps]
	}
	return fmt.Sprintf("%s\t%s\t%d\t%.1f\t%s\t%s\t%s\t\t%.1f\t%s\t%s\t\t%.1f\t%s\t\t%.2f\t%s\t\t%.0f\t%s\t", c.name, c.desc,
		c.cfg.Steps, osps, num(tsps, "%.1f"), ratio(osps, tsps), target, ol, num(tl, "%.1f"), ratio(ol, tl), gflops,
		num(100*gflops/b.peak.GFLOPS, "%.1f"), median(o, cpuSecs), num(median(t, cpuSecs), "%.2f"), maxOf(o, rssMB),
		num(maxOf(t, rssMB), "%.0f"))
}
