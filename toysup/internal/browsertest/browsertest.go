// Package browsertest starts a headless Chromium for the tests that drive a real page (the playground, the
// notebooks' widgets) through go-rod. It uses the system's browser — Debian's chromium at /usr/bin/chromium, or
// $TOYSUP_CHROMIUM — and never lets go-rod download one. Without a browser the tests skip, unless
// TOYSUP_REQUIRE_BROWSER=1 (set by .ci/run), which makes them fail instead.
package browsertest

import (
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/launcher"
	"github.com/go-rod/rod/lib/proto"
)

// EnvRequire set to 1 turns a missing browser (or Jupyter) into a test failure instead of a skip.
const EnvRequire = "TOYSUP_REQUIRE_BROWSER"

// Required reports whether EnvRequire is set.
func Required() bool { return os.Getenv(EnvRequire) == "1" }

// SkipOrFail skips the test with reason, or fails it when EnvRequire is set.
func SkipOrFail(t testing.TB, reason string) {
	t.Helper()
	if Required() {
		t.Fatalf("%s (%s=1)", reason, EnvRequire)
	}
	t.Skip(reason)
}

// Chromium returns the browser binary: $TOYSUP_CHROMIUM, else chromium on PATH (Debian's package), else "".
func Chromium() string {
	if p := os.Getenv("TOYSUP_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Launch starts a headless Chromium for the test (closed at cleanup), or skips/fails without one.
func Launch(t testing.TB) *rod.Browser {
	t.Helper()
	bin := Chromium()
	if bin == "" {
		SkipOrFail(t, "no chromium found (apt-get install chromium, or set TOYSUP_CHROMIUM)")
	}
	l := launcher.New().Bin(bin).Headless(true).NoSandbox(true).Set("disable-gpu").Set("disable-dev-shm-usage")
	u, err := l.Launch()
	if err != nil {
		t.Fatalf("launching %s: %v", bin, err)
	}
	b := rod.New().ControlURL(u)
	if err := b.Connect(); err != nil {
		t.Fatalf("connecting to %s: %v", bin, err)
	}
	t.Cleanup(func() { b.Close(); l.Kill() })
	return b
}

// Console collects a page's console errors and uncaught exceptions.
type Console struct {
	mu     sync.Mutex
	errors []string
}

// WatchConsole starts collecting page's console errors and exceptions.
func WatchConsole(page *rod.Page) *Console {
	c := &Console{}
	go page.EachEvent(func(e *proto.RuntimeConsoleAPICalled) {
		if e.Type == proto.RuntimeConsoleAPICalledTypeError {
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, a.Value.String()+a.Description)
			}
			c.add("console.error: " + strings.Join(parts, " "))
		}
	}, func(e *proto.RuntimeExceptionThrown) {
		c.add("exception: " + e.ExceptionDetails.Text + " " + e.ExceptionDetails.Exception.Description)
	})()
	return c
}

func (c *Console) add(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.errors = append(c.errors, s)
}

// Errors returns what was collected so far.
func (c *Console) Errors() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.errors...)
}
