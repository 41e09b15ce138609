package gomlx

import (
	"fmt"
	"slices"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	G "github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/train/optimizers"
	"github.com/toymodels/superposition/toysup"
)

// AdamEpsilon is the Adam ε every engine uses (PyTorch's default; GoMLX's own default is 1e-7).
const AdamEpsilon = 1e-8

// Supports reports whether the GoMLX engine can train cfg: every model kind and feature set, on any backend
// built into the binary.
func Supports(cfg toysup.Config) error {
	if !slices.Contains(toysup.ModelKinds, cfg.Model) {
		return fmt.Errorf("model %q is not implemented by the gomlx engine", cfg.Model)
	}
	if cfg.FirstInstance != 0 {
		return fmt.Errorf("first_instance %d (a shard of a sweep) needs the native engine: the gomlx engine draws one random stream for all its instances, so a shard would not train as in the whole sweep", cfg.FirstInstance)
	}
	_, err := Backend(cfg.Backend)
	return err
}

// gomlxModel holds what one step's graph needs as constants. On the pure-Go backend they are stored in full
// shape `[instances, batch, features]` (broadcasting a non-scalar there takes a slow per-element path; full-shape
// constants measured 37 % faster), up to [fullShapeLimit] elements; otherwise as `[instances, 1, features]`,
// broadcast in the graph (XLA fuses that, and baking large constants into its programs would be slow to compile).
type gomlxModel struct {
	cfg          toysup.Config
	sampling     toysup.Sampling
	p, invP, imp *tensors.Tensor // independent features: p and 1/p; importance.
	// Feature sets: the set-membership matrix `[sets, features]`, the activation bounds and 1/(hi − lo).
	expand, lo, hi, invWidth *tensors.Tensor
	stepShape                shapes.Shape
	fullShape                bool
}

// fullShapeLimit is the largest `instances × batch × features` stored in full shape (16 MiB per float32 constant).
const fullShapeLimit = 1 << 22

func newGomlxModel(cfg toysup.Config) *gomlxModel {
	k, bs, n := cfg.Instances, cfg.EffectiveBatch(), cfg.Features
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
		imp:       full(func(kk, i int) float64 { return max(imps[kk][i], toysup.ImportanceFloor) }),
		stepShape: shapes.Make(dtypes.Float32, k, bs, n),
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
	k, bs := gm.cfg.Instances, gm.cfg.EffectiveBatch()
	setU := ctx.RandomUniform(g, shapes.Make(dtypes.Float32, k, bs, s.NumSets))
	var valueU *G.Node
	if s.SeparateValues {
		valueU = ctx.RandomUniform(g, gm.stepShape)
	}
	return SampleFeatureSets(setU, G.Const(g, gm.expand), gm.constant(g, gm.lo), gm.constant(g, gm.hi),
		gm.constant(g, gm.invWidth), valueU, s.Signed)
}

// stepGraph builds one training step on fresh in-graph samples and returns the per-instance loss `[instances]`
// before the update.
func (gm *gomlxModel) stepGraph(ctx *mlctx.Context, lr *G.Node) *G.Node {
	x := gm.sampleGraph(ctx, lr.Graph())
	if gm.cfg.NormalizeInputs {
		x = NormalizeRows(x)
	}
	return gm.trainGraph(ctx, lr, x)
}

// stepGraphData is stepGraph on a batch of the fixed training set, x `[instances, batch, features]`.
func (gm *gomlxModel) stepGraphData(ctx *mlctx.Context, lr, x *G.Node) *G.Node {
	return gm.trainGraph(ctx, lr, x)
}

// trainGraph is the model, the loss (with the L1 penalty) and the optimizer's update on x.
func (gm *gomlxModel) trainGraph(ctx *mlctx.Context, lr, x *G.Node) *G.Node {
	g := lr.Graph()
	defer forgetDots(g)
	cfg := gm.cfg
	W := ctx.GetVariable("W").ValueGraph(g)
	b := ctx.GetVariable("b").ValueGraph(g)
	var WOut *G.Node
	if v := ctx.GetVariable("W_out"); v != nil {
		WOut = v.ValueGraph(g)
	}
	h, out := ToyModelHidden(cfg.Model, W, WOut, b, x)
	loss := ImportanceWeightedLoss(TargetGraph(cfg.Model, x), out, gm.constant(g, gm.imp))
	if cfg.L1Hidden > 0 {
		loss = G.Add(loss, L1Penalty(h, cfg.L1Hidden))
	}
	optimizers.LearningRateVar(ctx, dtypes.Float32, cfg.LearningRate).SetValueGraph(lr)
	objective := G.ReduceAllSum(loss)
	if wd := cfg.WeightDecayValue(); cfg.Optimizer != toysup.OptimizerAdamW && wd > 0 {
		objective = G.Add(objective, L2Penalty(wd, W, WOut, b))
	}
	optimizer(cfg).UpdateGraph(ctx, g, objective)
	return loss
}

// L2Penalty is (wd/2)·Σ θ² over the parameters given (nil ones skipped), a scalar: the weight decay of "sgd" and
// "adam", whose gradient wd·θ joins the loss's before the optimizer (for sgd: θ ← θ − lr·(∇L + wd·θ)).
func L2Penalty(wd float64, params ...*G.Node) *G.Node {
	var sum *G.Node
	for _, p := range params {
		if p == nil {
			continue
		}
		s := G.ReduceAllSum(G.Square(p))
		if sum == nil {
			sum = s
		} else {
			sum = G.Add(sum, s)
		}
	}
	return G.MulScalar(sum, wd/2)
}

// optimizer returns GoMLX's StochasticGradientDescent (learning rate from the host, no built-in decay) for "sgd",
// else GoMLX's Adam with ε = [AdamEpsilon], with its decoupled weight decay for "adamw" ("adam"'s weight decay is
// [L2Penalty] in the objective).
func optimizer(cfg toysup.Config) optimizers.Interface {
	if cfg.Optimizer == toysup.OptimizerSGD {
		return optimizers.StochasticGradientDescent().WithLearningRate(cfg.LearningRate).WithDecay(false).Done()
	}
	a := optimizers.Adam().LearningRate(cfg.LearningRate).Epsilon(AdamEpsilon)
	if wd := cfg.WeightDecayValue(); cfg.Optimizer == "adamw" && wd > 0 {
		a = a.WeightDecay(wd)
	}
	return a.Done()
}

// Stepper trains a config with one GoMLX graph per step: in-graph data, the toy model, the loss, autodiff and
// GoMLX's Adam/AdamW, with the learning rate of each step passed in from the host.
//
// It drives a context.Exec directly rather than train.Trainer: the Trainer needs an input dataset (our data is
// sampled in the graph) and reports scalar metrics, while we record the per-instance loss `[instances]`; both
// ran at the same speed.
type Stepper struct {
	mctx *mlctx.Context
	exec *mlctx.Exec
	data *dataBatches // nil: fresh in-graph samples.
}

// NewStepper starts training the resolved cfg from [toysup.InitParams] on cfg's backend.
func NewStepper(cfg toysup.Config) (*Stepper, error) {
	backend, err := Backend(cfg.Backend)
	if err != nil {
		return nil, err
	}
	installDotGeneralVJP()
	mctx := mlctx.New()
	if err := mctx.SetRNGStateFromSeed(cfg.Seed); err != nil {
		return nil, err
	}
	init := toysup.InitParams(cfg)
	mctx.VariableWithValue("W", tensors.FromValue(toFloat32(init.W)))
	mctx.VariableWithValue("b", tensors.FromValue(toFloat32_2(init.B)))
	if init.WOut != nil {
		mctx.VariableWithValue("W_out", tensors.FromValue(toFloat32(init.WOut)))
	}
	gm := newGomlxModel(cfg)
	var fn any = gm.stepGraph
	var data *dataBatches
	if cfg.DatasetSize > 0 {
		fn, data = gm.stepGraphData, newDataBatches(cfg)
	}
	exec, err := mlctx.NewExecAny(backend, mctx, fn)
	if err != nil {
		return nil, err
	}
	return &Stepper{mctx: mctx, exec: exec, data: data}, nil
}

// Step trains one step at learning rate lr and writes the per-instance loss before the update into loss.
func (s *Stepper) Step(step int, lr float64, loss []float64) error {
	var outs []*tensors.Tensor
	err := catch(func() {
		var err error
		if s.data != nil {
			outs, err = s.exec.Exec(float32(lr), s.data.batch(step))
		} else {
			outs, err = s.exec.Exec(float32(lr))
		}
		if err != nil {
			panic(err)
		}
	})
	if err != nil {
		return fmt.Errorf("gomlx engine, step %d: %w", step, err)
	}
	for k, v := range tensors.MustCopyFlatData[float32](outs[0]) {
		loss[k] = float64(v)
	}
	outs[0].FinalizeAll()
	return nil
}

// Params copies the trained variables to the host.
func (s *Stepper) Params() (p toysup.Params, err error) {
	err = catch(func() {
		p.W = toFloat64_3(s.mctx.GetVariable("W").MustValue().Value().([][][]float32))
		p.B = toFloat64_2(s.mctx.GetVariable("b").MustValue().Value().([][]float32))
		if v := s.mctx.GetVariable("W_out"); v != nil {
			p.WOut = toFloat64_3(v.MustValue().Value().([][][]float32))
		}
	})
	return p, err
}

// Close frees the compiled step.
func (s *Stepper) Close() { s.exec.Finalize() }
