// Package theory holds the paper's closed forms and the measures that read its claims off trained models, section
// by section of "Toy Models of Superposition" (Elhage et al., 2022). It never trains: it takes a
// [toysup.Result] or [toysup.Instance] (W `[features][hidden]`, b `[features]`) and returns numbers.
//
//   - §2 Demonstrating superposition: [OptimalLinearLoss], the linear model's best loss
//     Σ_{i dropped} I_i·Var(x_i), Var(x_i) = p_i/3 − p_i²/4.
//   - §3 Superposition as a phase change: the exact expected loss of small tied models ([ExactLoss]), the candidate solutions of
//     the n=2, m=1 and n=3, m=2 models and their closed-form losses (Phase2ClosedLosses: r(p/3 − p²/4),
//     p/3 − p²/4, p²(1 + r)/6), the boundaries 2p/(4 − 5p) < r < 2/p − 2.5 and the triple point p = 4/7, r = 1, and
//     phase diagrams classified from trained seeds ([ClassifyPhaseVote]) beside the analytic ones
//     ([AnalyticPhaseDiagram], [ComparePhases]).
//   - §4 The geometry of superposition: the uniform polytopes and their dimensionality fractions D_i = 1/Σ_j
//     cos²θ_ij ([Polytopes]), pair cosines of correlated features, canonical 2-D views ([Canonical2D]), and the
//     feature geometry graphs' tegum factors ([TegumFactors]).
//   - §5 Learning dynamics: the jumps of D_i between energy levels over training ([Jumps]).
//   - §6 Adversarial vulnerability: the analytic L2 attack δ_i = ε (WᵀW)_i/‖(WᵀW)_i‖, which raises output i by
//     ε‖W_i‖²/√D_i, and the vulnerability (L' − L)/(L'₀ − L₀) against a model without superposition ([Attack]).
//   - §7 Privileged basis: neurons classified as monosemantic, polysemantic or dead ([AnalyzeNeurons]).
//   - §8 Computation in superposition: the abs model's asymmetric-superposition motifs ([AsymmetricMotifs]).
//   - Beyond the paper, memorization (Henighan et al., 2023): the angle gaps of the training points' hidden vectors
//     h_t ([AngleGaps], [MaxGapError]) and the L2-cheapest memorizing solution, the regular T-gon with ‖h_t‖² =
//     max(½, 1/(1 − cos 360°/T)) ([RegularMemorization], [PolygonCost]).
//   - Seeds: the settings of a best-of-K sweep ([SettingGroups]) and their lowest-loss seeds ([BestOfK]).
//
// Each file states its section's math in its doc comments; the thresholds that turn these measures into the
// paper's ✓ and ✗ live in package paper.
package theory
