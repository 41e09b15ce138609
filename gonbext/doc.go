// Package gonbext is the toysup toolkit for GoNB notebooks: one-call figure display, training cached across
// cells, per-instance summary tables, and widgets that fall back to static output when no browser is attached.
//
// Display: [Display], [DisplayLossCurves], [DisplayWtW], [DisplayNormBars], [DisplayGeometry],
// [DisplaySummary] render with package figures (or build the table) and show the result in the cell, then call
// gonbui.Sync, so output still queued when the cell's program exits is not lost. Outside a notebook they print one
// short line to standard output instead and never block.
//
// Caching: every GoNB cell re-runs the whole program, so [Train] keeps trained results in GoNB's cache
// (github.com/janpfeifer/gonb/cache), keyed by a name and a hash of the resolved config: re-running a plot cell
// reads the result back instead of retraining, and changing any config field trains afresh. [ClearCache] drops
// entries.
//
// Progress: training in a notebook shows toysup's own HTML progress bar ([NotebookProgress], the default
// of [train.Train] there); gonbext adds nothing for it.
//
// Widgets: [Select] and [SparsitySelect] show a drop-down that re-renders (and retrains, through the cache) on
// every choice. GoNB's widgets wait forever for a browser that never comes when a notebook runs headless
// (nbconvert in CI), so these first decide whether to be interactive; see [Interactive]. When not, they render
// the default choice once, as static output.
//
// Live training: [LiveTrain] redraws a model's figure in place while it trains (figures.TrainingFrameFigure
// from train.WithFrames, a few frames a second) and caches the result under the same key as [Train]; [Sliders]
// show knobs ([ModelControls], [PentagonControls]; the notebooks' [IntroControls], [Section2Controls],
// [NonUniformControls]) whose every change retrains live, debounced. Both draw the final figure once headless.
package gonbext
