package train

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/janpfeifer/must"

	"github.com/toymodels/superposition/toysup"
)

// Cancelling during a long native step stops that step: with steps = 1 a step that ran to its end would return a
// result, so an error wrapping context.Canceled shows the step itself was interrupted.
func TestCancelInsideNativeStep(t *testing.T) {
	cfg := toysup.Config{Features: 1000, Hidden: 30, Steps: 1, BatchSize: 100_000, Engine: toysup.EngineNative}
	if w := toysup.Estimate(must.M1(cfg.Resolve())).StepWork; w < 5e9 {
		t.Fatalf("step work %.2g: too short for the test", w)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := Train(ctx, cfg, WithProgress(nil))
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Train after cancel: %v, want context.Canceled", err)
		}
	case <-time.After(60 * time.Second): // a hang bound, not a speed assertion
		t.Fatal("Train did not return within 60 s of the cancel")
	}
}

// A config beyond the limits is refused before training, naming the field.
func TestTrainRefusesHugeStep(t *testing.T) {
	cfg := toysup.Config{Features: 1 << 20, Hidden: 1, Steps: 1, BatchSize: 1 << 20}
	_, err := Train(context.Background(), cfg, WithProgress(nil))
	var fe *toysup.FieldError
	if !errors.As(err, &fe) || fe.Field != "batch_size" {
		t.Fatalf("Train: %v, want an error naming batch_size", err)
	}
}
