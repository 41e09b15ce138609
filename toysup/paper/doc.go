// Package paper is "Toy Models of Superposition" (Elhage et al., 2022) as code: for every section its preset
// experiments at the paper's scale ([Section2] … [Section8], and beyond the paper [SAE], [DoubleDescent] and
// [L1]), a [Runner] that trains and analyses them (quick mode for smoke tests; best-of-K seed selection on paired
// fresh samples), and the paper's checkable claims with their thresholds ([Claims]): each claim reports the
// paper's value, what was measured and ✓ or ✗.
//
// The thresholds come from the paper's wording, never from what a run gave; a ✗ is reported with what was seen.
// Package reproduce draws the figures and writes the reports; the notebooks call the same Runner through gonbext.
package paper
