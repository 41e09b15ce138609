package toysup

import (
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/janpfeifer/must"
)

// The data fields are parsed strictly: explicit values are checked, errors name the field.
func TestDataFieldsValidation(t *testing.T) {
	for _, tc := range []struct{ json, field string }{
		{`{"features": 2, "hidden": 1, "dataset_size": 0}`, "dataset_size"},
		{`{"features": 2, "hidden": 1, "dataset_size": -3}`, "dataset_size"},
		{`{"features": 2, "hidden": 1, "dataset_size": 2097152}`, "dataset_size"},
		{`{"features": 2, "hidden": 1, "dataset_size": 2.5}`, "dataset_size"},
		{`{"features": 2, "hidden": 1, "dataset_size": null}`, "dataset_size"},
		{`{"features": 2, "hidden": 1, "dataset_seed": 3}`, "dataset_seed"},
		{`{"features": 2, "hidden": 1, "normalize_inputs": 1}`, "normalize_inputs"},
		{`{"features": 2, "hidden": 1, "normalize_inputs": null}`, "normalize_inputs"},
		{`{"features": 2, "hidden": 1, "l1_hidden": -0.1}`, "l1_hidden"},
		{`{"features": 2, "hidden": 1, "l1_hidden": 1e-20}`, "l1_hidden"},
		{`{"features": 2, "hidden": 1, "l1_hidden": 1e5}`, "l1_hidden"},
		{`{"features": 2, "hidden": 1, "l1_hidden": "big"}`, "l1_hidden"},
	} {
		_, err := ParseConfig([]byte(tc.json))
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: got %v, want an error naming %q", tc.json, err, tc.field)
		}
	}
	cfg := must.M1(ParseConfig([]byte(`{"features": 4, "hidden": 2, "dataset_size": 10, "batch_size": 64, "seed": 5, "normalize_inputs": false, "l1_hidden": 0}`)))
	if cfg.DatasetSeedValue() != 5 || cfg.DatasetSeed == nil || cfg.EffectiveBatch() != 10 || !cfg.Extended() {
		t.Errorf("resolved: dataset_seed %v, batch %d, extended %v", cfg.DatasetSeed, cfg.EffectiveBatch(), cfg.Extended())
	}
}

// A training set is drawn once per instance, normalised when asked, and the same for the same seed.
func TestTrainingSet(t *testing.T) {
	cfg := must.M1(Config{Features: 100, Hidden: 2, Instances: 2, FeatureProbability: Scalar(0.05), DatasetSize: 300, NormalizeInputs: true}.Resolve())
	a, b := cfg.TrainingSet(0), cfg.TrainingSet(1)
	if a.Len() != 300 || len(a.Index) == 0 || Dot(a.Value, a.Value) == Dot(b.Value, b.Value) {
		t.Fatalf("sets: %d samples, %d entries; the instances' sets must differ", a.Len(), len(a.Index))
	}
	row := make([]float64, 100)
	for s := 0; s < a.Len(); s++ {
		a.Dense(s, row)
		if sq := Dot(row, row); sq != 0 && math.Abs(sq-1) > 1e-12 {
			t.Fatalf("sample %d: ‖x‖² = %v", s, sq)
		}
	}
	if again := cfg.TrainingSet(0); Dot(again.Value, again.Value) != Dot(a.Value, a.Value) {
		t.Error("the same seed drew another set")
	}
}

// D_t of T points on a regular T-gon is 2/T; of antipodal pairs 1/2; of orthogonal vectors 1.
func TestDimensionalities(t *testing.T) {
	for _, T := range []int{3, 5, 8, 13} {
		v := make([][]float64, T)
		for i := range v {
			a := 2 * math.Pi * float64(i) / float64(T)
			v[i] = []float64{2 * math.Cos(a), 2 * math.Sin(a)}
		}
		for i, d := range Dimensionalities(v) {
			if math.Abs(d-2/float64(T)) > 1e-12 {
				t.Errorf("T=%d point %d: D = %v, want %v", T, i, d, 2/float64(T))
			}
		}
	}
	d := Dimensionalities([][]float64{{1, 0}, {-1, 0}, {0, 3}, {0, 0}})
	if math.Abs(d[0]-0.5) > 1e-12 || math.Abs(d[2]-1) > 1e-12 || d[3] != 0 {
		t.Errorf("got %v, want [0.5 0.5 1 0]", d)
	}
}

// EvaluateData fills test_loss, train_loss and train_hidden; the strict loader reads them back and refuses bad ones.
func TestResultDataFields(t *testing.T) {
	cfg := must.M1(Config{Features: 6, Hidden: 2, FeatureProbability: Scalar(0.3), DatasetSize: 5, Steps: 1, LogEvery: 1}.Resolve())
	p := InitParams(cfg)
	res := NewResult(cfg, p, []float64{0.1})
	res.LossHistory = LossHistory{Step: []int{0}, Loss: [][]float64{{0.1}}}
	must.M(res.EvaluateData())
	in := res.Instances[0]
	if in.TestLoss == nil || in.TrainLoss == nil || len(in.TrainHidden) != 5 || len(in.TrainHidden[0]) != 2 {
		t.Fatalf("fields: %+v", in)
	}
	path := filepath.Join(t.TempDir(), "r.json")
	must.M(res.Save(path))
	back := must.M1(LoadResult(path))
	if *back.Instances[0].TrainLoss != *in.TrainLoss || back.Instances[0].TrainHidden[4][1] != in.TrainHidden[4][1] {
		t.Error("round trip changed the data fields")
	}
	for name, mutate := range map[string]func(r *Result){
		"train_hidden": func(r *Result) { r.Instances[0].TrainHidden = r.Instances[0].TrainHidden[:3] },
		"test_loss":    func(r *Result) { r.Instances[0].TestLoss = new(-1.0) },
		"train_loss": func(r *Result) {
			r.Config.DatasetSize, r.Config.DatasetSeed = 0, nil
			r.Instances[0].TrainHidden = nil
		},
	} {
		bad := must.M1(LoadResult(path))
		mutate(bad)
		must.M(bad.Save(path))
		if _, err := LoadResult(path); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: got %v, want an error naming it", name, err)
		}
		must.M(res.Save(path))
	}
}
