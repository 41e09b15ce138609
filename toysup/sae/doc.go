// Package sae trains sparse autoencoders (SAEs) on the hidden activations of trained toy models and scores their
// latents against the ground truth: the toy model's feature directions W_i. Standard library and the toysup core
// only, like toysup/theory.
//
// # Inputs
//
// For a relu_output or linear base instance with W `[n][m]` (row i = feature i's direction W_i), the SAE reads
// h = Σ_i x_i W_i ∈ ℝ^m for fresh inputs x drawn as the base was trained (its feature probabilities and feature
// sets). A lone feature i puts h on the ray of W_i, so a perfect dictionary has one latent per feature with
// decoder direction Ŵ_i. relu_hidden and abs bases are refused: their hidden layer is ReLU(W x), a privileged,
// clipped basis with no linear ground truth.
//
// # Model
//
//	encoder:  z = act(W_enc (h − b_dec) + b_enc)      W_enc `[L][m]`, b_enc `[L]`
//	decoder:  h' = W_decᵀ z + b_dec = Σ_j z_j d_j + b_dec   W_dec `[L][m]`, row j = d_j, ‖d_j‖ = 1
//
// with L latents. The decoder rows stay at unit norm: before each Adam step the gradient of each row loses its
// component along the row, and after it the row is renormalised. Activations ([Config.Activation]):
//
//	relu:      z_j = ReLU(pre_j),                        S(z) = Σ_j z_j          (L1)
//	topk:      z_j = ReLU(pre_j) for the k largest pre_j, else 0;  S = 0
//	jumprelu:  z_j = pre_j · H(pre_j − θ_j), θ_j = exp(log θ_j) learned,  S(z) = Σ_j H(pre_j − θ_j)   (L0)
//
// JumpReLU's θ is trained with the straight-through estimators of Rajamanoharan et al. (2024) with a rectangle
// kernel of width ε ([Config.Bandwidth]): ∂z_j/∂θ_j = −(θ_j/ε)·1[|pre_j − θ_j| < ε/2] and
// ∂H/∂θ_j = −(1/ε)·1[|pre_j − θ_j| < ε/2].
//
// # Loss and its normalisation
//
// Per input, loss = (1/m) ‖h' − h‖² + λ S(z), averaged over the batch; SAEs trained side by side are
// independent (each has its own Adam state), so summing over them changes nothing. This is ARENA 1.3.1's
// normalisation exactly: its L_reconstruction is the squared error averaged over the d_in = m hidden dimensions
// and its L_sparsity sums |z| over the latents, combined as (L_reconstruction + sparsity_coeff · L_sparsity)
// averaged over the batch. Our λ ([Config.L1]) is ARENA's sparsity_coeff. Because the squared error is divided
// by m, λ's effect grows with m: the L1 optimum of a lone feature of size a on its own latent is z = a‖W_i‖ −
// λm/2, so a λ that suits m = 2 (0.2) kills every latent at m = 10; the presets scale it.
//
// # Dead latents and resampling
//
// A latent is dead when it has not fired (z_j ≠ 0) on any input of the last resample_window steps. Every
// resample_every steps (not in the last resample_every steps), dead latents are re-initialised from the current
// batch ([Config.Resample]):
//   - "simple": from the inputs with the highest squared error, one each: d_j = unit(h − b_dec), encoder row =
//     resample_scale · d_j, b_enc = 0;
//   - "anthropic" (Towards Monosemanticity, 2023): inputs drawn with probability ∝ squared error, d_j as above,
//     encoder row = 0.2 × (mean norm of the live encoder rows) · d_j, b_enc = 0, and the Adam moments of the
//     latent's parameters (encoder and decoder rows, b_enc, θ) reset.
//
// # Metrics
//
// Per SAE, against the base instance's directions W_i ([Metrics]), on eval_samples fresh inputs at the end and
// on the training batch every log_every steps ([History]):
//   - cos_ij = Ŵ_i · d_j ([Cosines]); MMCS = mean_i max_j cos_ij;
//   - recovered features: max_j cos_ij > 0.9 and > 0.99;
//   - Hungarian-matched mean cosine: the mean of cos_i,π(i) for the one-to-one matching π of features to latents
//     that maximises Σ_i cos_i,π(i) ([Assign]; features without a latent count 0);
//   - L0 = mean number of active latents per input, beside the true L0 = mean number of non-zero features;
//   - dead fraction; FVU = Σ‖h' − h‖² / Σ‖h − mean h‖²; shrinkage = mean of ‖h'‖/‖h‖ over inputs with h ≠ 0
//     (below 1: the L1 penalty shrinks the codes).
//
// # Engine
//
// A native float64 loop: per step, draw the batch, forward and hand-written backward per input (inputs with
// h = 0 share one pass), Adam (β = 0.9, 0.999, ε = 1e-8), then resampling. Every SAE has its own data,
// initialisation and resampling streams derived from (seed, base instance), and SAEs train in parallel; with
// fewer SAEs than cores each SAE's batch is cut into fixed chunks of 128 rows run on the spare cores and summed
// in chunk order, so a seed gives the same SAE on any number of cores. [Train] is the entry point; [Result] is the JSON result.
package sae
