package toysup

import (
	"context"
	"fmt"
	"math"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	G "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
)

func init() { RegisterEngine(gomlxEngine{}, 0) }

// AdamEpsilon is the Adam ε every engine uses (PyTorch's default; GoMLX's own default is 1e-7).
const AdamEpsilon = 1e-8

// gomlxEngine is the reference engine: one GoMLX graph per training step (data sampling, forward, loss, autodiff
// and GoMLX's Adam/AdamW), run on the config's backend (pure Go by default, XLA where built in).
//
// It drives a context.Exec directly rather than train.Trainer: the Trainer needs an input dataset (our data is
// sampled in the graph) and reports scalar metrics, while we record the per-instance loss `[instances]`; the
// shared notes measured both at the same speed.
type gomlxEngine struct{}

func (gomlxEngine) Name() string { return "gomlx" }

func (gomlxEngine) Supports(cfg Config) error {
	for _, m := range ModelKinds {
		if cfg.Model == m {
			return nil
		}
	}
	return fmt.Errorf("model %q is not implemented by the gomlx engine", cfg.Model)
}

// gomlxModel holds what one step's graph needs as constants. On the pure-Go backend they are stored in full
// shape `[instances, batch, features]` (broadcasting a non-scalar there takes a slow per-element path: +37 % measured
// in the notes), up to [fullShapeLimit] elements; otherwise as `[instances, 1, features]`, broadcast in the graph
// (XLA fuses that, and baking large constants into its programs would be slow to compile).
type gomlxModel struct {
	cfg          Config
	sampling     Sampling
	p, invP, imp *tensors.Tensor // independent features: p and 1/p; importance.
	// Feature sets: the set-membership matrix `[sets, features]`, the activation bounds and 1/(hi − lo).
	expand, lo, hi, invWidth *tensors.Tensor
	stepShape                shapes.Shape
	scheduled                bool
	fullShape                bool
}

// fullShapeLimit is the largest `instances × batch × features` stored in full shape (16 MiB per float32 constant).
const fullShapeLimit = 1 << 22

func newGomlxModel(cfg Config) *gomlxModel {
	k, bs, n := cfg.Instances, cfg.BatchSize, cfg.Features
	s := cfg.Sampling()
	imps := cfg.Importances()
	fullShape := cfg.Backend == "go" && k*bs*n <= fullShapeLimit
	rows := 1
	if fullShape {
		rows = bs
	}
	full := func(f func(kk, i int) float64) *tensors.Tensor {
		v := make([]float32, k*rows*n)
		for kk := 0; kk < k; kk++ {
			for b := 0; b < rows; b++ {
				for i := 0; i < n; i++ {
					v[(kk*rows+b)*n+i] = float32(f(kk, i))
				}
			}
		}
		return tensors.FromFlatDataAndDimensions(v, k, rows, n)
	}
	gm := &gomlxModel{
		cfg:       cfg,
		sampling:  s,
		imp:       full(func(kk, i int) float64 { return max(imps[kk][i], ImportanceFloor) }),
		stepShape: shapes.Make(dtypes.Float32, k, bs, n),
		scheduled: cfg.LRSchedule != "constant" || cfg.WarmupSteps > 0,
		fullShape: fullShape,
	}
	if s.Independent() {
		gm.p = full(func(kk, i int) float64 { return s.Hi[kk][i] })
		gm.invP = full(func(kk, i int) float64 { return 1 / s.Hi[kk][i] })
		return gm
	}
	expand := make([]float32, s.NumSets*n)
	for i, set := range s.Set {
		expand[set*n+i] = 1
	}
	gm.expand = tensors.FromFlatDataAndDimensions(expand, s.NumSets, n)
	gm.lo = full(func(kk, i int) float64 { return s.Lo[kk][i] })
	gm.hi = full(func(kk, i int) float64 { return s.Hi[kk][i] })
	gm.invWidth = full(func(kk, i int) float64 { return 1 / (s.Hi[kk][i] - s.Lo[kk][i]) })
	return gm
}

// constant puts a per-instance-and-feature table in the graph, broadcast to `[instances, batch, features]`.
func (gm *gomlxModel) constant(g *G.Graph, t *tensors.Tensor) *G.Node {
	c := G.Const(g, t)
	if gm.fullShape {
		return c
	}
	return G.BroadcastToShape(c, gm.stepShape)
}

// sampleGraph draws a batch `[instances, batch, features]` in the graph with the context's RNG.
func (gm *gomlxModel) sampleGraph(ctx *mlctx.Context, g *G.Graph) *G.Node {
	s := gm.sampling
	if s.Independent() {
		u := ctx.RandomUniform(g, gm.stepShape)
		return SampleFeatures(u, gm.constant(g, gm.p), gm.constant(g, gm.invP), s.Signed)
	}
	k, bs := gm.cfg.Instances, gm.cfg.BatchSize
	setU := ctx.RandomUniform(g, shapes.Make(dtypes.Float32, k, bs, s.NumSets))
	var valueU *G.Node
	if s.SeparateValues {
		valueU = ctx.RandomUniform(g, gm.stepShape)
	}
	return SampleFeatureSets(setU, G.Const(g, gm.expand), gm.constant(g, gm.lo), gm.constant(g, gm.hi),
		gm.constant(g, gm.invWidth), valueU, s.Signed)
}

// stepGraph builds one training step and returns the per-instance loss `[instances]` before the update.
func (gm *gomlxModel) stepGraph(ctx *mlctx.Context, g *G.Graph) *G.Node {
	cfg := gm.cfg
	W := ctx.GetVariable("W").ValueGraph(g)
	b := ctx.GetVariable("b").ValueGraph(g)
	var WOut *G.Node
	if v := ctx.GetVariable("W_out"); v != nil {
		WOut = v.ValueGraph(g)
	}
	x := gm.sampleGraph(ctx, g)
	out := ToyModel(cfg.Model, W, WOut, b, x)
	loss := ImportanceWeightedLoss(TargetGraph(cfg.Model, x), out, gm.constant(g, gm.imp))
	if gm.scheduled {
		step := G.ConvertDType(optimizers.GetGlobalStepVar(ctx).ValueGraph(g), dtypes.Float32)
		optimizers.LearningRateVar(ctx, dtypes.Float32, cfg.LearningRate).SetValueGraph(LearningRateGraph(cfg, step))
	}
	optimizer(cfg).UpdateGraph(ctx, g, G.ReduceAllSum(loss))
	return loss
}

// optimizer returns GoMLX's Adam, decoupled weight decay for "adamw", with ε = [AdamEpsilon].
func optimizer(cfg Config) optimizers.Interface {
	a := optimizers.Adam().LearningRate(cfg.LearningRate).Epsilon(AdamEpsilon)
	if wd := cfg.WeightDecayValue(); cfg.Optimizer == "adamw" && wd > 0 {
		a = a.WeightDecay(wd)
	}
	return a.Done()
}

// LearningRateGraph is [LearningRateAt] in the graph for a float step (0-based), a scalar.
func LearningRateGraph(cfg Config, step *G.Node) *G.Node {
	g := step.Graph()
	lr := cfg.LearningRate
	t := G.AddScalar(step, -float64(cfg.WarmupSteps))
	T := float64(max(1, cfg.Steps-cfg.WarmupSteps))
	var after *G.Node
	switch cfg.LRSchedule {
	case "linear":
		after = G.MulScalar(G.OneMinus(G.DivScalar(t, T)), lr)
	case "cosine":
		frac := G.DivScalar(t, T)
		frac = G.Sub(frac, G.Floor(frac))
		after = G.MulScalar(G.OnePlus(G.Cos(G.MulScalar(frac, math.Pi))), lr/2)
	default:
		after = G.Scalar(g, dtypes.Float32, lr)
	}
	if cfg.WarmupSteps == 0 {
		return after
	}
	warm := G.MulScalar(step, lr/float64(cfg.WarmupSteps))
	return G.Where(G.LessThan(step, G.Scalar(g, dtypes.Float32, float64(cfg.WarmupSteps))), warm, after)
}

func (gomlxEngine) Train(ctx context.Context, cfg Config, rec *Recorder) (*Result, error) {
	backend, err := Backend(cfg.Backend)
	if err != nil {
		return nil, err
	}
	mctx := mlctx.New()
	if err := mctx.SetRNGStateFromSeed(cfg.Seed); err != nil {
		return nil, err
	}
	init := InitParams(cfg)
	mctx.VariableWithValue("W", tensors.FromValue(toFloat32(init.W)))
	mctx.VariableWithValue("b", tensors.FromValue(toFloat32_2(init.B)))
	if init.WOut != nil {
		mctx.VariableWithValue("W_out", tensors.FromValue(toFloat32(init.WOut)))
	}
	gm := newGomlxModel(cfg)
	exec, err := mlctx.NewExecAny(backend, mctx, gm.stepGraph)
	if err != nil {
		return nil, err
	}
	defer exec.Finalize()
	var last []float64
	for step := 0; step < cfg.Steps; step++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if rec.WantsSnapshot(step) {
			p, err := readParams(mctx)
			if err != nil {
				return nil, err
			}
			rec.Snapshot(step, p)
		}
		outs, err := exec.Exec()
		if err != nil {
			return nil, fmt.Errorf("gomlx engine, step %d: %w", step, err)
		}
		loss := tensors.MustCopyFlatData[float32](outs[0])
		outs[0].FinalizeAll()
		last = toFloat64(loss)
		if err := rec.Record(step, last); err != nil {
			return nil, err
		}
	}
	p, err := readParams(mctx)
	if err != nil {
		return nil, err
	}
	if rec.WantsSnapshot(cfg.Steps) {
		rec.Snapshot(cfg.Steps, p)
	}
	return NewResult(cfg, p, last, "gomlx", cfg.Backend), nil
}

// readParams copies the trained variables to the host.
func readParams(mctx *mlctx.Context) (p Params, err error) {
	err = catch(func() {
		p.W = toFloat64_3(mctx.GetVariable("W").MustValue().Value().([][][]float32))
		p.B = toFloat64_2(mctx.GetVariable("b").MustValue().Value().([][]float32))
		if v := mctx.GetVariable("W_out"); v != nil {
			p.WOut = toFloat64_3(v.MustValue().Value().([][][]float32))
		}
	})
	return p, err
}
