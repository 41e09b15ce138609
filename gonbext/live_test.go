package gonbext

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/train"
)

func liveConfig(p float64) toysup.Config {
	return toysup.Config{Features: 5, Hidden: 2, FeatureProbability: toysup.Scalar(p), Steps: 300, Seed: 1, LogEvery: 10}
}

// A live run shows frames, then the final figure; what it caches is what a plain run trains (same seed, same
// weights), and a second live run reads it back and draws only the final figure.
func TestLiveRender(t *testing.T) {
	storage := newStorage(t)
	var shown []string
	res, err := liveRender(context.Background(), storage, "live", liveConfig(0.1), LiveOptions{Every: 50, FPS: 1e9}, func(h string) { shown = append(shown, h) })
	if err != nil {
		t.Fatal(err)
	}
	plain, err := train.Train(context.Background(), liveConfig(0.1), train.WithProgress(nil))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Instances, plain.Instances) {
		t.Fatal("the live run's weights differ from a plain run's")
	}
	if len(shown) != 7 { // steps 0, 50, …, 250, then the final figure
		t.Fatalf("%d frames shown, want 7", len(shown))
	}
	if !strings.Contains(shown[1], `data-toysup-step="50"`) || !strings.Contains(shown[6], `data-toysup-step="300"`) {
		t.Errorf("frames do not carry their steps: %.120q … %.120q", shown[1], shown[6])
	}
	key, _ := CacheKey("live", liveConfig(0.1))
	if !strings.Contains(shown[6], `data-toysup-key="`+key+`"`) {
		t.Errorf("the final frame does not name its cache key %s", key)
	}
	shown = nil
	again, err := liveRender(context.Background(), storage, "live", liveConfig(0.1), LiveOptions{}, func(h string) { shown = append(shown, h) })
	if err != nil || len(shown) != 1 || !reflect.DeepEqual(again.Instances, plain.Instances) {
		t.Fatalf("cache hit: %d frames (want 1), err %v", len(shown), err)
	}
	if !IsCachedIn(storage, "live", liveConfig(0.1)) {
		t.Error("a live run is not found by the plain cache lookup")
	}
}

// Outside a notebook LiveTrain trains once and prints one line for the final figure.
func TestLiveTrainOutsideNotebook(t *testing.T) {
	text := captureText(t)
	res, err := liveTrainIn(context.Background(), newStorage(t), "live", liveConfig(0.2), LiveOptions{})
	if err != nil || res == nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "[figure") {
		t.Errorf("no figure line: %q", text.String())
	}
}

// The controller trains the defaults, then only the last of a burst of moves (debounced, runs in flight
// cancelled), and reset returns to the defaults (a cache hit).
func TestControllerDebounce(t *testing.T) {
	storage := newStorage(t)
	c := ModelControls("ctl", liveConfig(0.1))
	c.Debounce = 50 * time.Millisecond
	var mu sync.Mutex
	var finals []string
	ct := &controller{c: c, storage: storage, render: func(h string) {
		mu.Lock()
		defer mu.Unlock()
		if strings.Contains(h, `data-toysup-step="300"`) {
			finals = append(finals, h[strings.Index(h, "data-toysup-key"):strings.Index(h, " data-toysup-step")])
		}
	}}
	var moved [][2]int
	ct.setKnob = func(k, p int) { moved = append(moved, [2]int{k, p}) }
	events := make(chan knobEvent)
	done := make(chan string)
	go func() { done <- ct.loop(context.Background(), events) }()
	wait := func(n int) {
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			mu.Lock()
			got := len(finals)
			mu.Unlock()
			if got >= n {
				return
			}
		}
		t.Fatalf("timed out waiting for %d final figures", n)
	}
	wait(1)
	for p := 0; p < 6; p++ {
		events <- knobEvent{0, p} // density slider swept across six positions
	}
	wait(2)
	events <- knobEvent{resetKnob, 0}
	wait(3)
	events <- knobEvent{doneKnob, 0}
	last := <-done
	want := func(pos []int) string {
		cfg, _ := c.Config(pos)
		k, _ := CacheKey("ctl", cfg)
		return `data-toysup-key="` + k + `"`
	}
	swept := c.Defaults()
	swept[0] = 5
	if len(finals) != 3 || finals[0] != want(c.Defaults()) || finals[1] != want(swept) || finals[2] != want(c.Defaults()) {
		t.Errorf("final figures %q, want the defaults, the last swept position, the defaults", finals)
	}
	if !strings.Contains(last, finals[2]) {
		t.Error("done did not return the last figure")
	}
	if len(moved) != len(c.Knobs) {
		t.Errorf("reset moved %v, want every knob", moved)
	}
	for p := 1; p < 5; p++ {
		pos := c.Defaults()
		pos[0] = p
		cfg, _ := c.Config(pos)
		if IsCachedIn(storage, "ctl", cfg) {
			t.Errorf("position %d, passed over, was trained", p)
		}
	}
}

// Headless, Sliders trains and draws the defaults once.
func TestSlidersStatic(t *testing.T) {
	text := captureText(t)
	c := PentagonControls("pentagon", liveConfig(0.05))
	if err := slidersIn(context.Background(), newStorage(t), c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "feature 0's density p₀/p: 1 (static: not in a notebook)") {
		t.Errorf("static output: %q", text.String())
	}
	if err := slidersIn(context.Background(), nil, Controls{}); err == nil {
		t.Error("empty controls accepted")
	}
}

func TestLogGrid(t *testing.T) {
	if g := LogGrid(1, 0.001, 4); len(g) != 13 || g[0] != 1 || g[4] != 0.1 || g[12] != 0.001 || g[1] != 0.562 {
		t.Errorf("LogGrid(1, 0.001, 4) = %v", g)
	}
	cfg, err := ModelControls("m", liveConfig(0.1)).Config([]int{4, 8, 3, 1, 1})
	if err != nil || cfg.Features != 5 || cfg.Hidden != 2 || cfg.Model != toysup.ModelLinear || *cfg.ImportanceDecay != 1 {
		t.Errorf("ModelControls config %+v, %v", cfg, err)
	}
}

// The notebooks' controls resolve at their defaults (and at every position of their first knob).
func TestNotebookControls(t *testing.T) {
	for _, c := range []Controls{IntroControls(false), Section2Controls(true), NonUniformControls(false)} {
		for p := range c.Knobs[0].Options {
			pos := c.Defaults()
			pos[0] = p
			if cfg, err := c.Config(pos); err != nil || cfg.Instances != 1 {
				t.Errorf("%s at %v: %v", c.Key, pos, err)
			}
		}
	}
	if c := IntroControls(false); c.describe(c.Defaults()) != "feature probability 1−S: 0.1, importance decay: 0.9, features n: 5, hidden m: 2, model: relu_output" {
		t.Errorf("intro defaults: %s", c.describe(c.Defaults()))
	}
}
