package gonbext

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/janpfeifer/gonb/cache"
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/train"
)

func newStorage(t *testing.T) *cache.Storage {
	s, err := cache.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTrainInCachesAcrossCalls(t *testing.T) {
	st := newStorage(t)
	ctx := context.Background()
	cfg := fakeConfig()
	before := engine.runs.Load()
	first, err := TrainIn(ctx, st, "intro", cfg, train.WithProgress(nil))
	if err != nil {
		t.Fatal(err)
	}
	if got := engine.runs.Load() - before; got != 1 {
		t.Fatalf("first call trained %d times, want 1", got)
	}
	if !IsCachedIn(st, "intro", cfg) {
		t.Error("IsCachedIn false after training")
	}
	second, err := TrainIn(ctx, st, "intro", cfg, train.WithProgress(nil))
	if err != nil {
		t.Fatal(err)
	}
	if got := engine.runs.Load() - before; got != 1 {
		t.Errorf("second call trained again (%d runs)", got)
	}
	if !reflect.DeepEqual(first.Instances, second.Instances) || !reflect.DeepEqual(first.LossHistory, second.LossHistory) {
		t.Error("cached result differs from the trained one")
	}
	if !reflect.DeepEqual(first.Config, second.Config) {
		t.Errorf("cached config differs:\n%+v\n%+v", first.Config, second.Config)
	}
	// Any config change is a different entry.
	cfg2 := fakeConfig()
	cfg2.Steps = 300
	if IsCachedIn(st, "intro", cfg2) {
		t.Error("a config with other steps counts as cached")
	}
	if _, err := TrainIn(ctx, st, "intro", cfg2, train.WithProgress(nil)); err != nil {
		t.Fatal(err)
	}
	if got := engine.runs.Load() - before; got != 2 {
		t.Errorf("changed config: %d runs in all, want 2", got)
	}
}

func TestCacheKey(t *testing.T) {
	cfg := fakeConfig()
	k1, err := CacheKey("my run/1", cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(k1, "toysup-my_run_1-") || len(k1) != len("toysup-my_run_1-")+16 {
		t.Errorf("key %q: want toysup-my_run_1- and 16 hex digits", k1)
	}
	resolved, _ := cfg.Resolve()
	if k2, _ := CacheKey("my run/1", resolved); k2 != k1 {
		t.Errorf("resolved config hashes differently: %s vs %s", k2, k1)
	}
	for name, change := range map[string]func(*toysup.Config){
		"seed":         func(c *toysup.Config) { c.Seed++ },
		"density":      func(c *toysup.Config) { c.FeatureProbability = toysup.Vector([]float64{1, 0.2, 0.05}) },
		"model":        func(c *toysup.Config) { c.Model = toysup.ModelLinear },
		"batch size":   func(c *toysup.Config) { c.BatchSize = 512 },
		"log every":    func(c *toysup.Config) { c.LogEvery = 7 },
		"weight decay": func(c *toysup.Config) { wd := 0.0; c.WeightDecay = &wd },
	} {
		c := fakeConfig()
		change(&c)
		if k, err := CacheKey("my run/1", c); err != nil || k == k1 {
			t.Errorf("changing %s keeps key %s (err %v)", name, k, err)
		}
	}
	if _, err := CacheKey("", cfg); err == nil {
		t.Error("empty key: no error")
	}
	bad := fakeConfig()
	bad.Hidden = 0
	var fe *toysup.FieldError
	if _, err := CacheKey("x", bad); !errors.As(err, &fe) || fe.Field != "hidden" {
		t.Errorf("bad config: error %v, want a FieldError on hidden", err)
	}
}

func TestTrainInRetrainsOverBrokenEntry(t *testing.T) {
	st := newStorage(t)
	cfg := fakeConfig()
	key, _ := CacheKey("broken", cfg)
	// A file cut short, then one holding another config's result.
	for _, blob := range []string{`{"config": {"features": 5, "hid`, mustJSON(t, toysup.Config{Features: 5, Hidden: 2})} {
		if err := st.Save(key, jsonBlob(blob)); err != nil {
			t.Fatal(err)
		}
		if IsCachedIn(st, "broken", cfg) {
			t.Fatalf("entry %.30q counts as cached", blob)
		}
		before := engine.runs.Load()
		res, err := TrainIn(context.Background(), st, "broken", cfg, train.WithProgress(nil))
		if err != nil {
			t.Fatal(err)
		}
		if engine.runs.Load()-before != 1 || len(res.Instances) != 3 {
			t.Errorf("broken entry: %d runs, %d instances; want a fresh training", engine.runs.Load()-before, len(res.Instances))
		}
		if !IsCachedIn(st, "broken", cfg) {
			t.Error("entry not overwritten")
		}
	}
}

func mustJSON(t *testing.T, cfg toysup.Config) string {
	r := toysup.Result{Config: cfg}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestTrainInErrorsStoreNothing(t *testing.T) {
	st := newStorage(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cfg := fakeConfig()
	if _, err := TrainIn(ctx, st, "cancelled", cfg, train.WithProgress(nil)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error %v, want context.Canceled", err)
	}
	if IsCachedIn(st, "cancelled", cfg) {
		t.Error("a cancelled training was stored")
	}
	bad := fakeConfig()
	bad.FeatureProbability = toysup.Scalar(1.5)
	if _, err := TrainIn(context.Background(), st, "bad", bad); err == nil || !strings.Contains(err.Error(), "feature_probability") {
		t.Errorf("bad config: error %v, want one naming feature_probability", err)
	}
	if _, err := TrainIn(context.Background(), nil, "x", cfg); err == nil {
		t.Error("nil storage: no error")
	}
	if keys, _ := st.ListKeys(); len(keys) != 0 {
		t.Errorf("storage holds %v after failures", keys)
	}
}

func TestClearCache(t *testing.T) {
	st := newStorage(t)
	ctx := context.Background()
	a2 := fakeConfig()
	a2.Steps = 100
	for _, e := range []struct {
		key string
		cfg toysup.Config
	}{{"a", fakeConfig()}, {"a", a2}, {"a-b", fakeConfig()}, {"other", fakeConfig()}} {
		if _, err := TrainIn(ctx, st, e.key, e.cfg, train.WithProgress(nil)); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Save("foreign", jsonBlob("x")); err != nil {
		t.Fatal(err)
	}
	if err := ClearCacheIn(st, "a"); err != nil {
		t.Fatal(err)
	}
	if IsCachedIn(st, "a", fakeConfig()) || IsCachedIn(st, "a", a2) {
		t.Error("ClearCache(a) left an entry of a")
	}
	if !IsCachedIn(st, "a-b", fakeConfig()) || !IsCachedIn(st, "other", fakeConfig()) {
		t.Error("ClearCache(a) removed another key's entry")
	}
	if err := ClearCacheIn(st, ""); err != nil {
		t.Fatal(err)
	}
	keys, _ := st.ListKeys()
	if !reflect.DeepEqual(keys, []string{"foreign"}) {
		t.Errorf("after ClearCache(\"\"): keys %v, want only the foreign one", keys)
	}
}

func TestTrainDefaultStorage(t *testing.T) {
	key := "gonbext-test-" + t.Name()
	cfg := fakeConfig()
	t.Cleanup(func() { _ = ClearCache(key) })
	if err := ClearCache(key); err != nil {
		t.Fatal(err)
	}
	before := engine.runs.Load()
	a := MustTrain(context.Background(), key, cfg, train.WithProgress(nil))
	b := MustTrain(context.Background(), key, cfg, train.WithProgress(nil))
	if engine.runs.Load()-before != 1 || !IsCached(key, cfg) || !reflect.DeepEqual(a.Instances, b.Instances) {
		t.Errorf("default storage: %d runs, cached %v", engine.runs.Load()-before, IsCached(key, cfg))
	}
	if err := ClearCache(key); err != nil || IsCached(key, cfg) {
		t.Errorf("ClearCache: %v, still cached %v", err, IsCached(key, cfg))
	}
}
