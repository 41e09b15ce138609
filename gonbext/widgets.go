package gonbext

import (
	"context"
	"errors"
	"fmt"
	"html"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/janpfeifer/gonb/cache"
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/comms"
	"github.com/janpfeifer/gonb/gonbui/dom"
	"github.com/janpfeifer/gonb/gonbui/widgets"
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/figures"
	"github.com/toymodels/superposition/toysup/train"
)

// Environment variables read by gonbext.
const (
	// EnvHeadless set to a true value ("1", "true", "yes") makes widgets static without probing the browser; the
	// notebook runner sets it for headless (nbconvert) runs.
	EnvHeadless = "TOYSUP_HEADLESS"
	// EnvQuick set to a true value is the notebooks' quick mode (fewer steps, for CI); it implies EnvHeadless
	// unless that is set to a false value.
	EnvQuick = "TOYSUP_QUICK"
)

// ProbeTimeout is how long [Interactive] waits for the browser to answer. GoNB's kernel itself waits up to 3 s
// for its websocket to the page to open, so this leaves 3 s for the round trip.
const ProbeTimeout = 6 * time.Second

// widgetTimeout bounds the wait for a widget's first value after a successful probe (a page closed in between).
const widgetTimeout = 10 * time.Second

func envTrue(name string) bool {
	switch strings.ToLower(strings.TrimSpace(os.Getenv(name))) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

// Quick reports the notebooks' quick mode: TOYSUP_QUICK set to a true value ("1", "true", "yes", "on").
func Quick() bool { return envTrue(EnvQuick) }

// Headless reports that widgets must not wait for a browser: TOYSUP_HEADLESS set to a true value, or TOYSUP_QUICK
// set to a true value unless TOYSUP_HEADLESS is set to a false value ("0", "false", "no", "off": quick mode in a
// real browser, as the browser test runs the notebooks).
func Headless() bool {
	switch strings.ToLower(strings.TrimSpace(os.Getenv(EnvHeadless))) {
	case "0", "false", "no", "off":
		return false
	}
	return envTrue(EnvHeadless) || Quick()
}

var (
	interactiveOnce sync.Once
	interactive     bool
	probe           = probeFrontEnd // replaced in tests
)

// Interactive reports whether widgets can work in this cell, deciding once per program run:
//
//  1. outside a GoNB notebook (gonbui.IsNotebook false): no;
//  2. [Headless] (TOYSUP_HEADLESS or TOYSUP_QUICK set): no, without probing;
//  3. otherwise it probes the page: it subscribes to a fresh comms address (which makes the kernel install its
//     websocket in the page, or give up after 3 s when there is no page) and sends, as transient output, one line
//     of JavaScript that sends a value to that address through the page's gonb_comm object. Yes if the value
//     comes back within [ProbeTimeout]. Under nbconvert no JavaScript runs, nothing comes back, and the answer is
//     no after 6 s (set TOYSUP_HEADLESS=1 to skip the wait).
func Interactive() bool {
	interactiveOnce.Do(func() {
		interactive = isNotebook() && !Headless() && probe(ProbeTimeout)
	})
	return interactive
}

// probeFrontEnd asks the page to echo a value through GoNB's comms channel and waits up to timeout for it.
func probeFrontEnd(timeout time.Duration) bool {
	if !isNotebook() || gonbui.Error() != nil {
		return false
	}
	address := "/toysup/probe/" + gonbui.UniqueId()
	got := make(chan struct{}, 1)
	id := comms.Subscribe(address, func(_ string, _ int) {
		select {
		case got <- struct{}{}:
		default:
		}
	})
	defer comms.Unsubscribe(id)
	// TransientJavascript waits for a gonbui.Sync, which the kernel answers only after its websocket attempt.
	go dom.TransientJavascript(fmt.Sprintf(`(() => { const c = globalThis?.gonb_comm; if (c) { c.send(%q, 1); } })();`, address))
	select {
	case <-got:
		return true
	case <-time.After(timeout):
		return false
	}
}

// Select shows a drop-down of options labelled label and, under it, render(ctx, choice) for the chosen option
// (HTML or an SVG figure), re-rendered on every change, until the "Done" button is pressed or ctx ends (or the
// cell is interrupted). render errors are shown in place of the figure.
//
// When not [Interactive] (headless runs, outside a notebook) it renders the default choice once, as static
// output with a line saying so, and returns render's error.
func Select(ctx context.Context, label string, options []string, def int, render func(ctx context.Context, choice int) (string, error)) error {
	if len(options) == 0 {
		return errors.New("gonbext: Select needs at least one option")
	}
	if def < 0 || def >= len(options) {
		return fmt.Errorf("gonbext: Select default = %d, allowed 0…%d", def, len(options)-1)
	}
	if render == nil {
		return errors.New("gonbext: Select render function is nil")
	}
	if !Interactive() {
		return static(ctx, label, options, def, render)
	}
	return interactiveSelect(ctx, label, options, def, render)
}

// MustSelect is [Select] for notebooks: it panics on error.
func MustSelect(ctx context.Context, label string, options []string, def int, render func(ctx context.Context, choice int) (string, error)) {
	must0(Select(ctx, label, options, def, render))
}

func static(ctx context.Context, label string, options []string, def int, render func(context.Context, int) (string, error)) error {
	fig, err := render(ctx, def)
	if err != nil {
		return fmt.Errorf("gonbext: %s = %s: %w", label, options[def], err)
	}
	if !isNotebook() {
		fmt.Fprintf(out(), "%s: %s (static: not in a notebook)\n", label, options[def])
	} else {
		DisplayHTML(fmt.Sprintf(`<small style="color:#666">%s: %s (static output: no browser attached)</small>`,
			html.EscapeString(label), html.EscapeString(options[def])))
	}
	Display(fig)
	return nil
}

func interactiveSelect(ctx context.Context, label string, options []string, def int, render func(context.Context, int) (string, error)) error {
	escaped := make([]string, len(options))
	for i, o := range options {
		escaped[i] = html.EscapeString(o)
	}
	gonbui.DisplayHTML(fmt.Sprintf("<b>%s</b>", html.EscapeString(label)))
	built := make(chan *widgets.SelectBuilder, 1)
	go func() { built <- widgets.Select(escaped).SetDefault(def).Done() }()
	var sel *widgets.SelectBuilder
	select {
	case sel = <-built:
	case <-time.After(widgetTimeout):
		// The page went away between the probe and now: fall back to static output.
		return static(ctx, label, options, def, render)
	}
	changes := sel.Listen().LatestOnly()
	defer changes.Close()
	doneButton := make(chan *widgets.ButtonBuilder, 1)
	go func() { doneButton <- widgets.Button("Done").Done() }()

	figID := "toysup_select_" + gonbui.UniqueId()
	current, last := -1, ""
	// finish replaces the updatable block by a plain display of the last figure, which the saved notebook keeps.
	finish := func() error {
		gonbui.UpdateHTML(figID, "")
		gonbui.DisplayHTML("<div>" + last + "</div>")
		gonbui.Sync()
		return nil
	}
	draw := func(i int) {
		if i == current || i < 0 || i >= len(options) {
			return
		}
		current = i
		gonbui.UpdateHTML(figID, fmt.Sprintf("<small>%s: %s — rendering…</small>", html.EscapeString(label), escaped[i]))
		out, err := render(ctx, i)
		if err != nil {
			out = fmt.Sprintf(`<pre style="color:#b00">%s</pre>`, html.EscapeString(err.Error()))
		}
		last = out
		gonbui.UpdateHTML(figID, "<div>"+out+"</div>")
		gonbui.Sync()
	}
	draw(def)
	var clicks <-chan int
	for {
		select {
		case <-ctx.Done():
			return finish()
		case b := <-doneButton:
			l := b.Listen()
			defer l.Close()
			clicks = l.C
		case <-clicks:
			return finish()
		case v, ok := <-changes.C:
			if !ok {
				return finish()
			}
			draw(v)
		}
	}
}

// SparsitySelect is a [Select] over feature probabilities: for choice i it trains cfg with
// feature_probability = densities[i] (each instance, all features) through the cache ([Train] with key) and
// shows draw(result), e.g. a figures.WtWFigure. Statically (see [Interactive]) it trains and draws
// densities[def] only.
func SparsitySelect(ctx context.Context, key string, cfg toysup.Config, densities []float64, def int, draw func(res *toysup.Result) (string, error)) error {
	return sparsitySelectIn(ctx, cache.Default, key, cfg, densities, def, draw)
}

// MustSparsitySelect is [SparsitySelect] for notebooks: it panics on error.
func MustSparsitySelect(ctx context.Context, key string, cfg toysup.Config, densities []float64, def int, draw func(res *toysup.Result) (string, error)) {
	must0(SparsitySelect(ctx, key, cfg, densities, def, draw))
}

func sparsitySelectIn(ctx context.Context, storage *cache.Storage, key string, cfg toysup.Config, densities []float64, def int, draw func(res *toysup.Result) (string, error)) error {
	if len(densities) == 0 {
		return errors.New("gonbext: SparsitySelect densities: empty, need at least one 1−S in (0, 1]")
	}
	if draw == nil {
		return errors.New("gonbext: SparsitySelect draw function is nil")
	}
	options := make([]string, len(densities))
	for i, d := range densities {
		if !(d > 0 && d <= 1) {
			return fmt.Errorf("gonbext: SparsitySelect densities[%d] = %v, allowed (0, 1]", i, d)
		}
		options[i] = "1−S = " + fmt.Sprint(d)
	}
	render := func(ctx context.Context, i int) (string, error) {
		c := cfg
		c.FeatureProbability = toysup.Scalar(densities[i])
		var opts []train.Option
		live := Interactive()
		if live {
			opts = append(opts, train.WithProgress(nil)) // the figure area says "rendering…" meanwhile
		}
		res, err := trainCached(ctx, storage, key, c, !live, opts...)
		if err != nil {
			return "", err
		}
		return draw(res)
	}
	return Select(ctx, "feature probability", options, def, render)
}

// DrawWtW is a draw function for [SparsitySelect]: the WᵀW + bias figure with default options.
func DrawWtW(res *toysup.Result) (string, error) {
	return drawPanels(res, nil, figures.Options{}, figures.WtWFigure)
}

// DrawNormBars is a draw function for [SparsitySelect]: the norm/superposition bars with default options.
func DrawNormBars(res *toysup.Result) (string, error) {
	return drawPanels(res, nil, figures.Options{}, figures.NormBarsFigure)
}

// DrawGeometry is a draw function for [SparsitySelect]: the m = 2 feature geometry with default options.
func DrawGeometry(res *toysup.Result) (string, error) {
	return drawPanels(res, nil, figures.Options{}, figures.Geometry2DFigure)
}
