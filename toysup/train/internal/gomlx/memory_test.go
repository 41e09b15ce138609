package gomlx

import (
	"runtime"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

// Building, running and closing many steppers (a notebook session retraining again and again) leaves no
// recorded product behind and does not grow the heap: after 100 graphs the live heap is within 8 MiB of what it
// was after 10.
func TestGraphsLeaveNothingBehind(t *testing.T) {
	cfg, err := toysup.Config{Features: 5, Hidden: 2, Instances: 2, Steps: 1, BatchSize: 64, Engine: toysup.EngineGoMLX}.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	loss := make([]float64, cfg.Instances)
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	var after10 uint64
	for i := 1; i <= 100; i++ {
		st, err := NewStepper(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Step(0, 1e-3, loss); err != nil {
			t.Fatal(err)
		}
		st.Close()
		dotsMu.Lock()
		left := len(recordedDots)
		dotsMu.Unlock()
		if left != 0 {
			t.Fatalf("graph %d: %d graphs' products still recorded after the build", i, left)
		}
		if i == 10 {
			after10 = heap()
		}
	}
	if grown := int64(heap()) - int64(after10); grown > 8<<20 {
		t.Errorf("live heap grew by %d bytes over 90 graphs, want ≤ 8 MiB", grown)
	}
}
