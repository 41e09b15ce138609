package train

import (
	"context"
	"reflect"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

// Frames come at 0, every, … and after the last step, the last one holding the trained weights and the whole
// loss history, and a run with frames trains exactly as one without (same seed → same weights).
func TestWithFrames(t *testing.T) {
	cfg := toysup.Config{Features: 5, Hidden: 2, FeatureProbability: toysup.Scalar(0.1), Steps: 50, Seed: 7, LogEvery: 5}
	plain, err := Train(context.Background(), cfg, WithProgress(nil))
	if err != nil {
		t.Fatal(err)
	}
	var frames []Frame
	live, err := Train(context.Background(), cfg, WithProgress(nil), WithFrames(20, 0, func(f Frame) { frames = append(frames, f) }))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(plain.Instances, live.Instances) {
		t.Fatal("a run with frames trained differently from one without")
	}
	var steps []int
	for _, f := range frames {
		steps = append(steps, f.Step)
	}
	if !reflect.DeepEqual(steps, []int{0, 20, 40, 50}) || !frames[3].Final || frames[2].Final {
		t.Fatalf("frame steps %v (final flags %v, %v), want [0 20 40 50] with only the last final", steps, frames[2].Final, frames[3].Final)
	}
	last := frames[3].Result
	if !reflect.DeepEqual(last.Instances[0].W, live.Instances[0].W) || !reflect.DeepEqual(last.LossHistory, live.LossHistory) {
		t.Error("the final frame's weights or loss history differ from the result's")
	}
	if n := len(frames[1].Result.LossHistory.Step); n != 4 {
		t.Errorf("frame at step 20 has %d logged losses, want 4 (steps 0, 5, 10, 15)", n)
	}
	var throttled []int
	_, err = Train(context.Background(), cfg, WithProgress(nil), WithFrames(1, 1<<40, func(f Frame) { throttled = append(throttled, f.Step) }))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(throttled, []int{0, 50}) {
		t.Errorf("with a long minimum interval frames came at %v, want only the first and the final [0 50]", throttled)
	}
}
