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
	switch cfg.Model {
	case ModelLinear, ModelReLUOutput:
		return nil
	}
	return fmt.Errorf("model %q is not implemented by the gomlx engine", cfg.Model)
}

// gomlxModel holds what one step's graph needs as constants, in full shape `[instances, batch, features]`
// (broadcasting small tensors is slow on the pure-Go backend).
type gomlxModel struct {
	cfg          Config
	p, invP, imp *tensors.Tensor
	stepShape    shapes.Shape
	scheduled    bool
}

func newGomlxModel(cfg Config) *gomlxModel {
	k, bs, n := cfg.Instances, cfg.BatchSize, cfg.Features
	p, invP, imp := make([]float32, k*bs*n), make([]float32, k*bs*n), make([]float32, k*bs*n)
	probs, imps := cfg.FeatureProbabilities(), cfg.Importances()
	for kk := 0; kk < k; kk++ {
		for s := 0; s < bs; s++ {
			for i := 0; i < n; i++ {
				o := (kk*bs+s)*n + i
				p[o] = float32(probs[kk][i])
				invP[o] = float32(1 / probs[kk][i])
				imp[o] = float32(max(imps[kk][i], ImportanceFloor))
			}
		}
	}
	return &gomlxModel{
		cfg:       cfg,
		p:         tensors.FromFlatDataAndDimensions(p, k, bs, n),
		invP:      tensors.FromFlatDataAndDimensions(invP, k, bs, n),
		imp:       tensors.FromFlatDataAndDimensions(imp, k, bs, n),
		stepShape: shapes.Make(dtypes.Float32, k, bs, n),
		scheduled: cfg.LRSchedule != "constant" || cfg.WarmupSteps > 0,
	}
}

// stepGraph builds one training step and returns the per-instance loss `[instances]` before the update.
func (gm *gomlxModel) stepGraph(ctx *mlctx.Context, g *G.Graph) *G.Node {
	cfg := gm.cfg
	W := ctx.GetVariable("W").ValueGraph(g)
	b := ctx.GetVariable("b").ValueGraph(g)
	u := ctx.RandomUniform(g, gm.stepShape)
	x := SampleFeatures(u, G.Const(g, gm.p), G.Const(g, gm.invP))
	out := ToyModel(cfg.Model, W, b, x)
	loss := ImportanceWeightedLoss(x, out, G.Const(g, gm.imp))
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
		outs, err := exec.Exec()
		if err != nil {
			return nil, fmt.Errorf("gomlx engine, step %d: %w", step, err)
		}
		loss := tensors.MustCopyFlatData[float32](outs[0])
		outs[0].FinalizeAll()
		last = toFloat64(loss)
		if rec.ShouldLog(step) {
			err = rec.Record(step, last)
		} else {
			err = CheckFinite(step, last)
		}
		if err != nil {
			return nil, err
		}
	}
	var p Params
	if err := catch(func() {
		p.W = toFloat64_3(mctx.GetVariable("W").MustValue().Value().([][][]float32))
		p.B = toFloat64_2(mctx.GetVariable("b").MustValue().Value().([][]float32))
	}); err != nil {
		return nil, err
	}
	return NewResult(cfg, p, last, "gomlx", cfg.Backend), nil
}
