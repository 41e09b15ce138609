package train_test

import (
	"context"
	"fmt"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/train"
)

func ExampleTrain() {
	cfg := toysup.Config{Features: 5, Hidden: 2, Instances: 3, FeatureProbability: toysup.Vector([]float64{1, 0.3, 0.1}),
		Steps: 200, BatchSize: 256, Seed: 1}
	res, err := train.Train(context.Background(), cfg, train.WithProgress(nil))
	if err != nil {
		panic(err)
	}
	// Loss logged at steps 0, 2, …, 198 (log_every = steps/100) and the last step, 199.
	fmt.Println(res.Run.Engine, len(res.Instances), len(res.Instances[0].W), len(res.Instances[0].W[0]), len(res.LossHistory.Step))
	// Output: native 3 5 2 101
}
