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
// The figures:
//
//   - [LossCurves]: per-instance training loss, Gaussian-smoothed ([GaussianFilter1D]), log axes;
//   - [WtWFigure] / [WtW]: the WᵀW heatmap with the bias vector beside it, one panel per instance (the paper's
//     Section 2 figure), on the diverging map [Diverging];
//   - [NormBarsFigure] / [NormBars]: bars of ‖W_i‖ coloured by superposition Σ_{j≠i}(Ŵ_i·W_j)² on [Viridis];
//   - [Geometry2DFigure] / [Geometry2D]: the feature directions W_i of m = 2 models as arrows coloured by
//     importance (the paper's introduction figure).
//
// Sections 3–8:
//
//   - [PhaseDiagramFigure], [PhaseComparisonFigure]: §3's phase diagrams over density × relative importance,
//     analytic beside trained, with the closed-form boundaries;
//   - [DStarFigure], [FeatureDimensionalityFigure]: §4's D* against 1/(1−S) and the D_i scatter with its
//     reference lines; [NonUniformGeometryFigure], [FeatureSetGeometryFigure], [GroupGeometry2D]: §4's 2-D
//     geometry of non-uniform and correlated / anticorrelated features;
//   - [DynamicsFigure]: §5's D_i per feature over training, with the loss;
//   - [VulnerabilityFigure]: §6's adversarial vulnerability against sparsity, beside 1/D*;
//   - [NeuronWeightsFigure], [NeuronCountsFigure]: §7–8's per-neuron stacked weights and the count of
//     monosemantic and polysemantic neurons per density.
//
// The *Figure functions take a [toysup.Result] and its analyses (from [toysup.Result.Analyze]); the panel
// functions take [Panel]s, so panels of several results (say a linear model beside ReLU models) can share one
// figure. Every function returns an error on bad input (mismatched shapes, NaN or ±Inf) and has a Must twin
// that panics, for notebooks.
package figures
