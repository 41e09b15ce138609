package gonbext

import (
	"encoding/gob"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// fakeKernel plays GoNB's side of the named pipes a cell program talks to (what gonb's jpyexec does): it
// records every display message, acknowledges gonbui.Sync requests and, when browser is set, plays the page too:
// it answers gonbext's probe and the first-value handshake of GoNB's widgets, as the JavaScript in a page would.
type fakeKernel struct {
	mu        sync.Mutex
	msgs      []protocol.DisplayData
	syncs     int
	subscribe []string
	browser   bool
	// initial is the value a simulated widget reports when its JavaScript runs (the select's default index).
	initial map[string]any
	enc     *gob.Encoder
}

var (
	kernelOnce sync.Once
	kernel     *fakeKernel
	kernelErr  error
)

// startFakeKernel creates the pipes, points gonbui at them and serves them for the rest of the test binary
// (gonbui keeps one connection per process). It sets gonbui.IsNotebook for good (gonbui's goroutines read it
// without locks), and gonbext's own notebook switch for the calling test only: later tests and examples see
// gonbext behave as outside a notebook.
func startFakeKernel(t *testing.T) *fakeKernel {
	t.Helper()
	kernelOnce.Do(func() {
		dir, err := os.MkdirTemp("", "fakegonb")
		if err != nil {
			kernelErr = err
			return
		}
		toProg, fromProg := filepath.Join(dir, "back"), filepath.Join(dir, "pipe")
		for _, p := range []string{toProg, fromProg} {
			if err := syscall.Mkfifo(p, 0o600); err != nil {
				kernelErr = err
				return
			}
		}
		os.Setenv(protocol.GONB_PIPE_ENV, fromProg)
		os.Setenv(protocol.GONB_PIPE_BACK_ENV, toProg)
		kernel = &fakeKernel{initial: map[string]any{}}
		go kernel.serve(fromProg, toProg)
		gonbui.IsNotebook = true
	})
	if kernelErr != nil {
		t.Skipf("cannot create named pipes: %v", kernelErr)
	}
	notebookOff.Store(false)
	t.Cleanup(func() { notebookOff.Store(true) })
	kernel.mu.Lock()
	kernel.msgs, kernel.subscribe, kernel.browser, kernel.initial = nil, nil, false, map[string]any{}
	kernel.mu.Unlock()
	return kernel
}

func (k *fakeKernel) serve(fromProg, toProg string) {
	var w *os.File
	opened := make(chan struct{})
	go func() {
		var err error
		w, err = os.OpenFile(toProg, os.O_WRONLY, 0o600)
		if err != nil {
			panic(err)
		}
		k.mu.Lock()
		k.enc = gob.NewEncoder(w)
		k.mu.Unlock()
		close(opened)
	}()
	r, err := os.Open(fromProg)
	if err != nil {
		panic(err)
	}
	<-opened
	dec := gob.NewDecoder(r)
	for {
		var d protocol.DisplayData
		if err := dec.Decode(&d); err != nil {
			return
		}
		k.handle(d)
	}
}

var (
	probeRE  = regexp.MustCompile(`c\.send\("([^"]+)", 1\)`)
	syncedRE = regexp.MustCompile(`newSyncedVariable\("([^"]+)"`)
)

func (k *fakeKernel) send(address string, value any) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if err := k.enc.Encode(&protocol.CommValue{Address: address, Value: value}); err != nil {
		panic(err)
	}
}

func (k *fakeKernel) handle(d protocol.DisplayData) {
	if v, ok := d.Data[protocol.MIMECommValue]; ok {
		cv := v.(protocol.CommValue)
		if cv.Address == protocol.GonbuiSyncAddress {
			k.mu.Lock()
			k.syncs++
			k.mu.Unlock()
			k.send(protocol.GonbuiSyncAckAddress, cv.Value)
		}
		return
	}
	if v, ok := d.Data[protocol.MIMECommSubscribe]; ok {
		k.mu.Lock()
		k.subscribe = append(k.subscribe, v.(protocol.CommSubscription).Address)
		k.mu.Unlock()
		return
	}
	k.mu.Lock()
	k.msgs = append(k.msgs, d)
	browser := k.browser
	initial := k.initial
	k.mu.Unlock()
	html, _ := d.Data[protocol.MIMETextHTML].(string)
	if !browser || !strings.Contains(html, "<script>") {
		return
	}
	// The page runs the script: the probe echoes 1; a widget reports its initial value.
	if m := probeRE.FindStringSubmatch(html); m != nil {
		go k.send(m[1], 1)
	}
	if m := syncedRE.FindStringSubmatch(html); m != nil {
		v, ok := initial[widgetKind(html)]
		if !ok {
			v = 0
		}
		go k.send(m[1], v)
	}
}

// widgetKind tells a select's script from a button's.
func widgetKind(js string) string {
	if strings.Contains(js, "'select'") || strings.Contains(js, "selectValue") {
		return "select"
	}
	return "button"
}

// html returns the HTML messages received so far (display and update), in order.
func (k *fakeKernel) html() []protocol.DisplayData {
	k.mu.Lock()
	defer k.mu.Unlock()
	var out []protocol.DisplayData
	for _, d := range k.msgs {
		if _, ok := d.Data[protocol.MIMETextHTML]; ok {
			out = append(out, d)
		}
	}
	return out
}

func (k *fakeKernel) syncCount() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.syncs
}

// outsideNotebook makes gonbext act as outside a notebook for one test.
func outsideNotebook(t *testing.T) {
	old := notebookOff.Swap(true)
	t.Cleanup(func() { notebookOff.Store(old) })
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
