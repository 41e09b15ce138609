// Package figures draws the paper's figures for trained toy models as static SVG: hand-written markup, standard
// library only, no GoNB, so the CLI and the notebooks share it.
//
// Every figure is self-contained SVG that renders on GitHub, offline and in nbconvert's HTML: explicit width,
// height and viewBox, sans-serif text, no scripts, no external resources and no element ids (so several figures
// can sit in one HTML page; the root's style="max-width:100%;height:auto" lets a page shrink it to fit).
// Numbers are written with at most two decimals to keep files small. Heatmaps too large for vector cells (more
// than 40 000 cells in a figure) are embedded as PNG images in data: URIs. Drawn elements carry classes named
// "ts-…" (ts-wtw, ts-bias, ts-bar, ts-arrow, ts-curve, ts-unit, ts-colourbar) that tests and stylesheets can
// select.
//
// The figures, one file each, one entry point each with a Must twin that panics (for notebooks), all
// configured by one [Options] (validated in one place; a field a figure does not use is an error):
//
//   - [LossCurvesFigure]: per-instance training loss, Gaussian-smoothed ([SmoothLoss], [GaussianFilter1D]),
//     log loss axis;
//   - [WtWFigure]: the WᵀW heatmap with the bias vector beside it, one panel per instance (the paper's Section 2
//     figure), on the diverging map [Diverging];
//   - [NormBarsFigure]: bars of ‖W_i‖ coloured by superposition Σ_{j≠i}(Ŵ_i·W_j)² on [Viridis];
//   - [Geometry2DFigure]: the feature directions W_i of m = 2 models as arrows coloured by importance (the
//     paper's introduction figure); [GroupGeometryFigure] colours them by feature group instead.
//
// Sections 3–8:
//
//   - [PhaseDiagramFigure], [PhaseComparisonFigure]: §3's phase diagrams over density × relative importance,
//     analytic beside trained ([theory.ComparePhases]), with the closed-form boundaries;
//   - [DStarFigure], [FeatureDimensionalityFigure]: §4's D* against 1/(1−S) and the D_i scatter with its
//     reference lines; [NonUniformGeometryFigure], [FeatureSetGeometryFigure]: §4's 2-D geometry of non-uniform
//     and correlated / anticorrelated features;
//   - [DynamicsFigure]: §5's D_i per feature over training, with the loss;
//   - [VulnerabilityFigure]: §6's adversarial vulnerability against sparsity, beside 1/D*;
//   - [NeuronWeightsFigure], [NeuronCountsFigure]: §7–8's per-neuron stacked weights and the count of
//     monosemantic and polysemantic neurons per density.
//
// Figures draw computed data and do no physics: they take a [toysup.Result] with its analyses (from
// [toysup.Result.Analyze]), theory types ([theory.AttackReport], [theory.NeuronAnalysis],
// [theory.PhaseComparison]) or plain slices. The panel figures take [Panel]s ([PanelsOf] makes them from a result
// and its analyses), so panels of several results (say a linear model beside ReLU models) can share one figure.
// Every figure returns an error on bad input (mismatched shapes, NaN or ±Inf) naming the bad value.
//
// The figures are built on an unexported plot layer in the files plot_*.go: the SVG document and its
// primitives, linear and log axes with ticks, framed plot areas with clipped curves, colour bars, legends and
// notes, text fitted to a width, and panel grids.
package figures
