package toysup

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/janpfeifer/must"
)

// validResultJSON is a small trained-looking result of the given model, as its file would hold it.
func validResultJSON(t testing.TB, model string) []byte {
	cfg := must.M1(ParseConfig([]byte(`{"model": "` + model + `", "features": 3, "hidden": 2, "instances": 2, "steps": 4, "log_every": 2}`)))
	p := InitParams(cfg)
	r := NewResult(cfg, p, []float64{0.5, 0.25})
	r.LossHistory = LossHistory{Step: []int{0, 2, 3}, Loss: [][]float64{{1, 1}, {0.7, 0.6}, {0.5, 0.25}}}
	r.Run = &RunInfo{Engine: "native", Seconds: 0.1, StepsPerSecond: 40}
	return must.M1(json.Marshal(r))
}

// edit decodes a result's JSON, applies fn to the generic form and re-encodes it.
func edit(t *testing.T, data []byte, fn func(m map[string]any)) []byte {
	var m map[string]any
	must.M(json.Unmarshal(data, &m))
	fn(m)
	return must.M1(json.Marshal(m))
}

func inst(m map[string]any, k int) map[string]any {
	return m["instances"].([]any)[k].(map[string]any)
}

// Every malformed result is refused with an error naming the field, before anything uses it.
func TestLoadResultRefuses(t *testing.T) {
	tied, abs := validResultJSON(t, "relu_output"), validResultJSON(t, "abs")
	cases := []struct {
		name, field string
		data        []byte
	}{
		{"abs W_out empty", "W_out", edit(t, abs, func(m map[string]any) { inst(m, 0)["W_out"] = []any{} })},
		{"abs W_out missing", "W_out", edit(t, abs, func(m map[string]any) { delete(inst(m, 1), "W_out") })},
		{"tied W_out", "W_out", edit(t, tied, func(m map[string]any) { inst(m, 0)["W_out"] = []any{} })},
		{"negative importance", "importance", edit(t, tied, func(m map[string]any) { inst(m, 0)["importance"].([]any)[1] = -1.0 })},
		{"p = 5", "feature_probability", edit(t, tied, func(m map[string]any) { inst(m, 1)["feature_probability"].([]any)[0] = 5.0 })},
		{"short W row", "W[2]", edit(t, tied, func(m map[string]any) { inst(m, 0)["W"].([]any)[2] = []any{1.0} })},
		{"W missing", "W", edit(t, tied, func(m map[string]any) { delete(inst(m, 0), "W") })},
		{"b short", "b", edit(t, tied, func(m map[string]any) { inst(m, 0)["b"] = []any{0.0} })},
		{"negative final loss", "final_loss", edit(t, tied, func(m map[string]any) { inst(m, 0)["final_loss"] = -1.0 })},
		{"one instance short", "instances", edit(t, tied, func(m map[string]any) { m["instances"] = m["instances"].([]any)[:1] })},
		{"history rows", "loss_history", edit(t, tied, func(m map[string]any) { m["loss_history"].(map[string]any)["step"] = []any{0.0} })},
		{"history step beyond", "loss_history.step[2]", edit(t, tied, func(m map[string]any) { m["loss_history"].(map[string]any)["step"] = []any{0.0, 2.0, 9.0} })},
		{"unknown field", "colour", edit(t, tied, func(m map[string]any) { m["colour"] = "red" })},
		{"unknown config field", "sparsity", edit(t, tied, func(m map[string]any) { m["config"].(map[string]any)["sparsity"] = 0.5 })},
		{"explicit zero steps", "steps", edit(t, tied, func(m map[string]any) { m["config"].(map[string]any)["steps"] = 0 })},
		{"config missing", "config", edit(t, tied, func(m map[string]any) { delete(m, "config") })},
		{"negative run time", "run", edit(t, tied, func(m map[string]any) { m["run"].(map[string]any)["seconds"] = -1 })},
		{"overflowing weight", "W", []byte(strings.Replace(string(tied), `"W":[[`, `"W":[[1e400,`, 1))},
		{"duplicate key", "instances", []byte(strings.Replace(string(tied), `"instances":`, `"instances":[],"instances":`, 1))},
		{"empty", "result", nil},
		{"not an object", "result", []byte(`[1, 2]`)},
		{"trailing data", "result", append(append([]byte{}, tied...), []byte(` {}`)...)},
	}
	for _, tc := range cases {
		_, err := parseResult(tc.data)
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		if !strings.Contains(err.Error(), tc.field) || strings.Contains(err.Error(), "\n") || len(err.Error()) > 400 {
			t.Errorf("%s: error %q, want one line naming %q", tc.name, err, tc.field)
		}
	}
	for _, ok := range [][]byte{tied, abs} {
		if _, err := parseResult(ok); err != nil {
			t.Errorf("valid result refused: %v", err)
		}
	}
}

// LoadDynamics validates its embedded result as LoadResult does.
func TestLoadDynamicsValidatesResult(t *testing.T) {
	res := must.M1(parseResult(validResultJSON(t, "abs")))
	res.Instances[0].WOut = [][]float64{}
	d := &Dynamics{Steps: []int{0}, D: [][][]float64{{{1, 1, 1}}, {{1, 1, 1}}}, Norms: [][][]float64{{{1, 1, 1}}, {{1, 1, 1}}},
		DStar: [][]float64{{1}, {1}}, Result: res}
	path := filepath.Join(t.TempDir(), "d.json")
	must.M(os.WriteFile(path, must.M1(json.Marshal(d)), 0o644))
	if _, err := LoadDynamics(path); err == nil || !strings.Contains(err.Error(), "W_out") {
		t.Errorf("LoadDynamics with an empty W_out: %v, want an error naming W_out", err)
	}
	res.Instances[0].WOut = res.Instances[1].WOut
	must.M(os.WriteFile(path, must.M1(json.Marshal(d)), 0o644))
	if _, err := LoadDynamics(path); err != nil {
		t.Errorf("valid dynamics refused: %v", err)
	}
}

// The result loader never panics; a result it accepts can be analysed and survives a save/load round trip.
// Run briefly by hand: go test ./toysup -run '^$' -fuzz FuzzLoadResult -fuzztime 20s
func FuzzLoadResult(f *testing.F) {
	f.Add(validResultJSON(f, "relu_output"))
	f.Add(validResultJSON(f, "abs"))
	f.Add(validResultJSON(f, "linear"))
	f.Add([]byte(`{"config": {"features": 1, "hidden": 1, "steps": 1}, "instances": [{"feature_probability": [1], "importance": [1], "W": [[0]], "b": [0], "final_loss": 0}], "loss_history": {"step": [], "loss": []}}`))
	f.Add([]byte(`{"config": {"model": "abs", "features": 1, "hidden": 1}, "instances": [{"W_out": []}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := parseResult(data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if r.Config.Features*r.Config.Instances*r.Config.Hidden <= 10_000 {
			if _, err := r.Analyze(10, 1); err != nil {
				t.Fatalf("Analyze of an accepted result: %v", err)
			}
		}
		back, err := parseResult(must.M1(json.Marshal(r)))
		if err != nil {
			t.Fatalf("re-load of an accepted result: %v", err)
		}
		if len(back.Instances) != len(r.Instances) {
			t.Fatal("round trip changed the instances")
		}
	})
}
