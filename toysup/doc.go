// Package toysup reproduces Anthropic's "Toy Models of Superposition" (Elhage et al., 2022,
// transformer-circuits.pub/2022/toy_model) with GoMLX: synthetic sparse features, the paper's toy models, the
// importance-weighted loss, training of many instances side by side, and the paper's measures of superposition.
//
// # Data (Section 2, "Demonstrating Superposition")
//
// Each of n features is independently 0 with probability S (sparsity), else Uniform[0, 1]; p = 1 − S is the
// feature probability (density). E[x_i] = p/2 and Var(x_i) = p/3 − p²/4. [Generator] draws batches on the host;
// the engines draw them inside the training step. Both use one uniform u per feature: x = u/p if u < p, else 0.
//
// # Models
//
// W holds feature i's direction W_i ∈ ℝ^m in row i: `[instances, features, hidden]`; b is `[instances, features]`.
//
//	linear:       h = Σ_i x_i W_i ∈ ℝ^m,   x'_i = W_i·h + b_i   (x' = WᵀW x + b)
//	relu_output:  x' = ReLU(WᵀW x + b)
//
// (The paper writes W as m×n with columns W_i; our rows are its columns.)
//
// # Loss
//
// The loss of one instance is the mean over the batch of the importance-weighted squared error
//
//	L = E_x [ Σ_i I_i (x_i − x'_i)² ],
//
// and training minimises Σ_k L_k over the K instances, whose parameters are disjoint, so each instance trains as
// if alone. Relation to the other conventions:
//   - the paper's L = Σ_x Σ_i I_i (x_i − x'_i)² sums over the dataset: ours is its per-sample average;
//   - the seed notebook's ToyLoss sums over batch and features: ours × batch_size;
//   - Anthropic's Colab averages over batch and features, then sums instances: ours / n.
//
// The scale only changes the effective step size of plain SGD; Adam is invariant to it (up to ε).
//
// # Measures (Sections 2 and 4)
//
//   - WᵀW (the Gram matrix of the W_i, [Gram]); ‖W_i‖; feature i is represented when ‖W_i‖ > 0.5;
//   - superposition of feature i: Σ_{j≠i} (Ŵ_i·W_j)², 0 when W_i is orthogonal to all others;
//   - dimensions per feature D* = m / ‖W‖_F²;
//   - feature dimensionality D_i = ‖W_i‖² / Σ_j (Ŵ_i·W_j)² (j = i included): 1 for a dedicated dimension, 1/2 for
//     an antipodal pair, 2/5 in a pentagon.
//
// # Training
//
// [Train] resolves a [Config], picks an [Engine] and returns a [Result] (the JSON result file). The "gomlx" engine
// is the reference: one GoMLX graph per step on the config's backend (pure Go "go" by default; XLA in binaries
// built with `-tags xla`), GoMLX's Adam/AdamW (ε = 1e-8, PyTorch's default) and in-graph data. A non-finite loss
// stops training with [ErrNonFinite]; cancellation goes through context.Context; the same seed, engine and backend
// give the same result.
package toysup
