package train

import (
	"context"
	"reflect"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

// A sweep split by instance range trains its instances exactly as the whole sweep: three shards of a 7-instance
// sweep (per-instance densities and importances, tied and abs models), merged in order, give the unsplit result's
// config and, bit for bit, its weights and loss history; a config of the first 3 instances trains them as the sweep
// does. The gomlx engine refuses shards (its random stream is shared by all instances).
func TestShardsMergeToTheWholeSweep(t *testing.T) {
	for _, model := range []toysup.ModelKind{toysup.ModelReLUOutput, toysup.ModelAbs} {
		imp := toysup.Matrix([][]float64{{1, 1, 1, 1, 1, 1}, {1, .9, .8, .7, .6, .5}, {1, 1, 1, 1, 1, 1}, {1, .5, .3, .2, .1, .1},
			{1, 1, 1, 1, 1, 1}, {1, .9, .8, .7, .6, .5}, {1, 1, 1, 1, 1, 1}})
		cfg := toysup.Config{Model: model, Features: 6, Hidden: 3, Instances: 7, BatchSize: 128, Steps: 60, Seed: 12,
			FeatureProbability: toysup.Vector([]float64{1, 0.5, 0.2, 0.1, 0.05, 0.3, 0.7}), Importance: &imp}
		whole, err := Train(context.Background(), cfg, WithProgress(nil))
		if err != nil {
			t.Fatal(err)
		}
		var parts []*toysup.Result
		for _, r := range [][2]int{{0, 2}, {2, 3}, {3, 7}} {
			sc, err := cfg.Shard(r[0], r[1])
			if err != nil {
				t.Fatal(err)
			}
			part, err := Train(context.Background(), sc, WithProgress(nil))
			if err != nil {
				t.Fatal(err)
			}
			parts = append(parts, part)
		}
		merged, err := toysup.MergeResults(parts)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(merged.Config, whole.Config) || !reflect.DeepEqual(merged.Instances, whole.Instances) ||
			!reflect.DeepEqual(merged.LossHistory, whole.LossHistory) {
			t.Errorf("%s: merged shards differ from the whole sweep (config equal %v, instances %v, history %v)", model,
				reflect.DeepEqual(merged.Config, whole.Config), reflect.DeepEqual(merged.Instances, whole.Instances),
				reflect.DeepEqual(merged.LossHistory, whole.LossHistory))
		}
		prefix := cfg
		prefix.Instances, prefix.FeatureProbability = 3, toysup.Vector([]float64{1, 0.5, 0.2})
		first := toysup.Matrix([][]float64{{1, 1, 1, 1, 1, 1}, {1, .9, .8, .7, .6, .5}, {1, 1, 1, 1, 1, 1}})
		prefix.Importance = &first
		res, err := Train(context.Background(), prefix, WithProgress(nil))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(res.Instances, whole.Instances[:3]) {
			t.Errorf("%s: the first 3 instances trained alone differ from the sweep's", model)
		}
	}
	sc, err := toysup.Config{Features: 4, Hidden: 2, Instances: 4, Steps: 5, Engine: toysup.EngineGoMLX}.Shard(1, 3)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Train(context.Background(), sc, WithProgress(nil)); err == nil {
		t.Error("the gomlx engine trained a shard")
	}
}
