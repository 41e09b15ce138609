// Package report formats toysup's numbers as tables — the only table formatter of the project: the summary of
// trained instances, the neurons of Sections 7–8, the phase-diagram classes of Section 3, the D_i jumps of
// Section 5 and the attacks of Section 6. Every builder returns a [Table], written as Markdown (summary.md, the
// CLI, notebooks) or HTML.
package report
