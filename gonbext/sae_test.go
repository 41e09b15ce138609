package gonbext

import (
	"context"
	"reflect"
	"testing"

	"github.com/janpfeifer/gonb/cache"
)

// The notebook's SAE section trains each SAE experiment once: a second call reads the same results back from
// the cache.
func TestPaperSAECached(t *testing.T) {
	t.Setenv(EnvQuick, "1")
	outsideNotebook(t)
	captureText(t)
	storage, err := cache.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	first, err := PaperIn(storage).SAE(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	second, err := PaperIn(storage).SAE(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(first.ARENA.SAEs, second.ARENA.SAEs) || !reflect.DeepEqual(first.Sweep[3].SAEs, second.Sweep[3].SAEs) {
		t.Error("the cached SAE results differ from the trained ones")
	}
	if first.ARENA.SAEs[0].BaseInstance != first.ARENABest {
		t.Errorf("the SAEs read base instance %d, want the best, %d", first.ARENA.SAEs[0].BaseInstance, first.ARENABest)
	}
}
