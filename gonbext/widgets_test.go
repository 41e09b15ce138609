package gonbext

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/janpfeifer/gonb/gonbui/protocol"
	"github.com/toymodels/superposition/toysup"
)

// resetInteractive forgets the cached decision and installs p as the probe, for one test.
func resetInteractive(t *testing.T, p func(time.Duration) bool) {
	old := probe
	interactiveOnce, probe = sync.Once{}, p
	t.Cleanup(func() { interactiveOnce, probe = sync.Once{}, old })
}

func noProbe(t *testing.T) func(time.Duration) bool {
	return func(time.Duration) bool {
		t.Error("probed the browser although the decision needs no probe")
		return true
	}
}

func TestInteractiveDecision(t *testing.T) {
	// Outside a notebook: never, and no probe.
	outsideNotebook(t)
	resetInteractive(t, noProbe(t))
	if Interactive() {
		t.Error("interactive outside a notebook")
	}
	startFakeKernel(t)
	for _, env := range []string{EnvHeadless, EnvQuick} {
		for _, v := range []string{"1", "true", "YES"} {
			t.Setenv(env, v)
			resetInteractive(t, noProbe(t))
			if Interactive() {
				t.Errorf("%s=%s: interactive", env, v)
			}
			t.Setenv(env, "")
		}
	}
	t.Setenv(EnvHeadless, "0")
	for _, answer := range []bool{false, true} {
		calls := 0
		resetInteractive(t, func(d time.Duration) bool {
			calls++
			if d != ProbeTimeout {
				t.Errorf("probe timeout %v, want %v", d, ProbeTimeout)
			}
			return answer
		})
		if Interactive() != answer || Interactive() != answer || calls != 1 {
			t.Errorf("probe answering %v: Interactive %v after %d probes (want one probe, decision kept)", answer, Interactive(), calls)
		}
	}
}

func TestProbeFrontEnd(t *testing.T) {
	k := startFakeKernel(t)
	// No page (nbconvert): nothing answers, the probe gives up after its timeout.
	start := time.Now()
	if probeFrontEnd(300 * time.Millisecond) {
		t.Error("probe succeeded with no page")
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("probe gave up after %v, before its timeout", d)
	}
	// The probe subscribed and sent a script that echoes through gonb_comm.
	k.mu.Lock()
	subs := append([]string(nil), k.subscribe...)
	k.mu.Unlock()
	if len(subs) == 0 || !strings.HasPrefix(subs[len(subs)-1], "/toysup/probe/") {
		t.Errorf("subscriptions %v, want a /toysup/probe/ address", subs)
	}
	// With a page the echo arrives well before the timeout.
	k.mu.Lock()
	k.browser = true
	k.mu.Unlock()
	start = time.Now()
	if !probeFrontEnd(5 * time.Second) {
		t.Error("probe failed with a page attached")
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("probe took %v with a page attached", d)
	}
}

func TestSelectStaticOutsideNotebook(t *testing.T) {
	outsideNotebook(t)
	resetInteractive(t, noProbe(t))
	out := captureText(t)
	var calls []int
	err := Select(context.Background(), "density", []string{"a", "b", "c"}, 1, func(_ context.Context, i int) (string, error) {
		calls = append(calls, i)
		return handSVG(i), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(calls) != "[1]" {
		t.Errorf("rendered %v, want only the default [1]", calls)
	}
	if !strings.Contains(out.String(), "density: b (static") {
		t.Errorf("printed %q", out.String())
	}
	for _, c := range []struct {
		opts []string
		def  int
	}{{nil, 0}, {[]string{"a"}, 1}, {[]string{"a"}, -1}} {
		if err := Select(context.Background(), "x", c.opts, c.def, func(context.Context, int) (string, error) { return "", nil }); err == nil {
			t.Errorf("options %v default %d: no error", c.opts, c.def)
		}
	}
	if err := Select(context.Background(), "x", []string{"a"}, 0, func(context.Context, int) (string, error) {
		return "", fmt.Errorf("boom")
	}); err == nil || !strings.Contains(err.Error(), "x = a: boom") {
		t.Errorf("render error: %v", err)
	}
}

func handSVG(i int) string {
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text font-weight="bold">choice %d</text></svg>`, i)
}

func TestSelectStaticHeadlessNotebook(t *testing.T) {
	k := startFakeKernel(t)
	t.Setenv(EnvHeadless, "1")
	resetInteractive(t, noProbe(t))
	n := len(k.html())
	if err := Select(context.Background(), "density", []string{"a", "b"}, 0, func(_ context.Context, i int) (string, error) {
		return handSVG(i), nil
	}); err != nil {
		t.Fatal(err)
	}
	var msgs []protocol.DisplayData
	for _, m := range k.html()[n:] {
		if m.DisplayID == "" { // updatable blocks may still arrive from the previous test's probe script
			msgs = append(msgs, m)
		}
	}
	if len(msgs) != 2 {
		t.Fatalf("%d HTML messages, want a note and the figure: %v", len(msgs), msgs)
	}
	if !strings.Contains(msgs[0].Data[protocol.MIMETextHTML].(string), "static output") ||
		!strings.Contains(msgs[1].Data[protocol.MIMETextHTML].(string), "choice 0") {
		t.Errorf("messages %v", msgs)
	}
	k.mu.Lock()
	for _, s := range k.subscribe {
		if strings.HasPrefix(s, "/select/") {
			t.Errorf("headless Select created a widget (%s)", s)
		}
	}
	k.mu.Unlock()
}

// TestSelectInteractive plays the page: the select reports its default, the user picks option 2, then presses
// Done. The figure area shows each choice, and the final figure is left as a plain (saved) display.
func TestSelectInteractive(t *testing.T) {
	k := startFakeKernel(t)
	t.Setenv(EnvHeadless, "")
	t.Setenv(EnvQuick, "")
	k.mu.Lock()
	k.browser = true
	k.initial["select"] = "1" // the page sends the <select>'s value as a string
	k.subscribe = nil
	k.mu.Unlock()
	resetInteractive(t, probeFrontEnd)
	n := len(k.html())
	var mu sync.Mutex
	var calls []int
	done := make(chan error, 1)
	go func() {
		done <- Select(context.Background(), "density", []string{"a", "b", "c"}, 1, func(_ context.Context, i int) (string, error) {
			mu.Lock()
			calls = append(calls, i)
			mu.Unlock()
			return handSVG(i), nil
		})
	}()
	address := func(prefix string) string {
		k.mu.Lock()
		defer k.mu.Unlock()
		for _, s := range k.subscribe {
			if strings.HasPrefix(s, prefix) {
				return s
			}
		}
		return ""
	}
	shows := func(text string) func() bool {
		return func() bool {
			for _, m := range k.html()[n:] {
				if m.DisplayID != "" && strings.Contains(m.Data[protocol.MIMETextHTML].(string), text) {
					return true
				}
			}
			return false
		}
	}
	waitFor(t, "the default figure", shows("choice 1"))
	waitFor(t, "the Done button", func() bool { return address("/button/") != "" })
	k.send(address("/select/"), "2")
	waitFor(t, "the second figure", shows("choice 2"))
	k.send(address("/button/"), 1)
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Select did not return after Done")
	}
	mu.Lock()
	if fmt.Sprint(calls) != "[1 2]" {
		t.Errorf("rendered %v, want [1 2]", calls)
	}
	mu.Unlock()
	msgs := k.html()
	last := msgs[len(msgs)-1]
	if last.DisplayID != "" || !strings.Contains(last.Data[protocol.MIMETextHTML].(string), "choice 2") {
		t.Errorf("final message %+v, want a plain display of choice 2", last)
	}
}

func TestSparsitySelectStatic(t *testing.T) {
	outsideNotebook(t)
	resetInteractive(t, noProbe(t))
	captureText(t)
	st := newStorage(t)
	cfg := fakeConfig()
	densities := []float64{1, 0.3, 0.1}
	before := engine.runs.Load()
	var drawn *toysup.Result
	err := sparsitySelectIn(context.Background(), st, "sweep", cfg, densities, 2, func(res *toysup.Result) (string, error) {
		drawn = res
		return DrawGeometry(res)
	})
	if err != nil {
		t.Fatal(err)
	}
	if engine.runs.Load()-before != 1 || drawn == nil {
		t.Fatalf("%d trainings, want 1 (the default density only)", engine.runs.Load()-before)
	}
	for k, in := range drawn.Instances {
		for _, p := range in.FeatureProbability {
			if p != 0.1 {
				t.Fatalf("instance %d trained at 1−S = %v, want 0.1", k, p)
			}
		}
	}
	// The second run reads the cache.
	if err := sparsitySelectIn(context.Background(), st, "sweep", cfg, densities, 2, DrawWtW); err != nil {
		t.Fatal(err)
	}
	if engine.runs.Load()-before != 1 {
		t.Error("second run retrained")
	}
	for _, bad := range [][]float64{nil, {1, 0}, {1, math.NaN()}, {1.5}} {
		if err := sparsitySelectIn(context.Background(), st, "sweep", cfg, bad, 0, DrawWtW); err == nil {
			t.Errorf("densities %v: no error", bad)
		}
	}
}
