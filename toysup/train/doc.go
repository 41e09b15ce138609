// Package train trains a [toysup.Config]: K instances of a toy model side by side, each on its own sparse data,
// minimising the importance-weighted loss L = E_x[Σ_i I_i (x_i − x'_i)²] (plus λ·mean‖h‖₁ with l1_hidden) with
// AdamW, Adam or plain gradient descent, and returns a [toysup.Result].
//
// Two engines run the same config from the same initial parameters ([toysup.InitParams]):
//
//   - native: a fused CPU engine (./internal/cpu) that draws the data, runs the forward and backward passes and
//     applies the optimizer per block of samples, with hand-written kernels (generated AVX-512 assembly for
//     m ≤ 8); the default wherever it supports the config;
//   - gomlx: GoMLX graphs (./internal/gomlx) with autodiff and GoMLX's optimizers, on the pure-Go backend or XLA
//     (built with -tags xla), the reference and the path to GPUs.
//
// [Train] is the entry point; [TrainWithSnapshots] also records the parameters every few steps (Section 5's
// dynamics) and [WithFrames] streams them to a live figure. A non-finite loss stops training with
// [ErrNonFinite]; a cancelled context stops it cleanly between steps; the same seed gives the same result.
package train
