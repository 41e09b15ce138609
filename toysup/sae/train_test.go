package sae

import (
	"context"
	"reflect"
	"runtime"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

// A seed gives the same SAEs on one core as on several: the batch chunks' gradients are summed in chunk order
// whatever the number of goroutines.
func TestTrainSameOnAnyCores(t *testing.T) {
	base := &toysup.Result{Config: toysup.Config{Model: toysup.ModelReLUOutput, Features: 6, Hidden: 3, Instances: 1,
		FeatureProbability: toysup.Scalar(0.1)}}
	base.Instances = []toysup.Instance{{W: [][]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {-1, 0, 0}, {0, -1, 0}, {0, 0, -1}},
		FeatureProbability: []float64{0.1, 0.1, 0.1, 0.1, 0.1, 0.1}}}
	cfg := Config{Latents: 8, Steps: 200, BatchSize: 300, L1: new(0.05)}
	train := func(procs int) *Result {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		res, err := Train(context.Background(), base, cfg)
		if err != nil {
			t.Fatal(err)
		}
		res.Run = nil
		return res
	}
	one, two := train(1), train(2)
	if !reflect.DeepEqual(one, two) {
		t.Error("the SAEs trained on 1 and on 2 cores differ")
	}
}
