package gonbext

import (
	"context"
	"errors"
	"fmt"
	"html"
	"sync"
	"time"

	"github.com/janpfeifer/gonb/cache"
	"github.com/toymodels/superposition/toysup"
)

// Knob is one control of [Sliders]: an integer slider over the positions 0…len(Options)−1 (GoNB's
// widgets.Slider), or a drop-down when List is set; Options label the positions (the slider shows the label of
// its position beside it).
type Knob struct {
	Label   string
	Options []string
	Default int
	List    bool
}

// Controls is a set of knobs that choose a config: each change retrains ([LiveTrain]'s live figure, through the
// cache under Key) and redraws.
type Controls struct {
	// Key names the experiment in the cache (the config's hash is added, see [CacheKey]).
	Key   string
	Knobs []Knob
	// Config returns the config for the knobs' positions `[len(Knobs)]`.
	Config func(pos []int) (toysup.Config, error)
	// Live configures the live figure.
	Live LiveOptions
	// Debounce is how long the knobs must rest before a change trains (0: 300 ms): moving a slider across ten
	// positions trains only the last one.
	Debounce time.Duration
}

// Defaults returns every knob's default position.
func (c Controls) Defaults() []int {
	pos := make([]int, len(c.Knobs))
	for i, k := range c.Knobs {
		pos[i] = k.Default
	}
	return pos
}

func (c Controls) validate() error {
	if c.Key == "" || c.Config == nil || len(c.Knobs) == 0 {
		return errors.New("gonbext: Controls needs a Key, a Config function and at least one knob")
	}
	for i, k := range c.Knobs {
		if len(k.Options) == 0 || k.Default < 0 || k.Default >= len(k.Options) {
			return fmt.Errorf("gonbext: Controls.Knobs[%d] (%s): default %d of %d options", i, k.Label, k.Default, len(k.Options))
		}
	}
	return nil
}

func (c Controls) debounce() time.Duration {
	if c.Debounce > 0 {
		return c.Debounce
	}
	return 300 * time.Millisecond
}

// describe is the knobs' positions in words ("1−S: 0.1, n: 5").
func (c Controls) describe(pos []int) string {
	s := ""
	for i, k := range c.Knobs {
		if i > 0 {
			s += ", "
		}
		s += k.Label + ": " + k.Options[pos[i]]
	}
	return s
}

// Sliders shows the knobs of c and, under them, the live training figure of the config they choose; every change
// retrains through the cache (debounced: only the latest positions train, a run still going is cancelled) and
// redraws live. A Reset button returns every knob to its default; Done (or ctx ending, or interrupting the cell)
// keeps the last figure as a plain output.
//
// When not [Interactive] (headless runs, outside a notebook) it trains and draws the defaults once, as static
// output with a line saying so.
func Sliders(ctx context.Context, c Controls) error { return slidersIn(ctx, cache.Default, c) }

// MustSliders is [Sliders] for notebooks: it panics on error.
func MustSliders(ctx context.Context, c Controls) { must0(Sliders(ctx, c)) }

func slidersIn(ctx context.Context, storage *cache.Storage, c Controls) error {
	if err := c.validate(); err != nil {
		return err
	}
	if !Interactive() {
		return staticSliders(ctx, storage, c)
	}
	return interactiveSliders(ctx, storage, c)
}

func staticSliders(ctx context.Context, storage *cache.Storage, c Controls) error {
	pos := c.Defaults()
	cfg, err := c.Config(pos)
	if err != nil {
		return fmt.Errorf("gonbext: %s: %w", c.describe(pos), err)
	}
	res, err := trainCached(ctx, storage, c.Key, cfg, false)
	if err != nil {
		return fmt.Errorf("gonbext: %s: %w", c.describe(pos), err)
	}
	fig, err := frameHTML(c.Key, res, res.Config.Steps, c.Live.Figure)
	if err != nil {
		return err
	}
	if !isNotebook() {
		fmt.Fprintf(out(), "%s (static: not in a notebook)\n", c.describe(pos))
	} else {
		DisplayHTML(fmt.Sprintf(`<small style="color:#666">%s (static output: no browser attached)</small>`, html.EscapeString(c.describe(pos))))
	}
	Display(fig)
	return nil
}

// knobEvent is a knob moved to a position; knob −1 is the reset button, −2 the done button.
type knobEvent struct{ knob, pos int }

const (
	resetKnob = -1
	doneKnob  = -2
)

// controller runs the knobs' loop: positions, the run in flight and which run may still draw.
type controller struct {
	c       Controls
	storage *cache.Storage
	render  func(html string)
	setKnob func(knob, pos int) // moves a widget (reset); nil in tests

	mu     sync.Mutex
	gen    int // the run allowed to draw
	cancel context.CancelFunc
	wg     sync.WaitGroup
	last   string // the last figure drawn
}

// loop applies events until ctx ends or the done event, training the positions once they rest for the debounce
// time; it returns the last figure drawn.
func (ct *controller) loop(ctx context.Context, events <-chan knobEvent) string {
	pos := ct.c.Defaults()
	ct.start(ctx, pos)
	var rest <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return ct.stop()
		case e := <-events:
			switch {
			case e.knob == doneKnob:
				return ct.stop()
			case e.knob == resetKnob:
				pos = ct.c.Defaults()
				for i, p := range pos {
					if ct.setKnob != nil {
						ct.setKnob(i, p)
					}
				}
			case e.knob >= 0 && e.knob < len(pos) && e.pos >= 0 && e.pos < len(ct.c.Knobs[e.knob].Options):
				if pos[e.knob] == e.pos {
					continue
				}
				pos[e.knob] = e.pos
			default:
				continue
			}
			ct.stopRun()
			rest = time.After(ct.c.debounce())
		case <-rest:
			rest = nil
			ct.start(ctx, append([]int(nil), pos...))
		}
	}
}

// start trains pos in the background (after cancelling any run in flight); only the newest run draws.
func (ct *controller) start(ctx context.Context, pos []int) {
	ct.stopRun()
	ct.mu.Lock()
	ct.gen++
	gen := ct.gen
	runCtx, cancel := context.WithCancel(ctx)
	ct.cancel = cancel
	ct.mu.Unlock()
	show := func(h string) {
		ct.mu.Lock()
		defer ct.mu.Unlock()
		if ct.gen == gen {
			ct.last = h
			ct.render(h)
		}
	}
	ct.wg.Add(1)
	go func() {
		defer ct.wg.Done()
		show(fmt.Sprintf(`<small>%s — training…</small>`, html.EscapeString(ct.c.describe(pos))))
		cfg, err := ct.c.Config(pos)
		if err == nil {
			_, err = liveRender(runCtx, ct.storage, ct.c.Key, cfg, ct.c.Live, show)
		}
		if err != nil && runCtx.Err() == nil {
			show(fmt.Sprintf(`<pre style="color:#b00">%s: %s</pre>`, html.EscapeString(ct.c.describe(pos)), html.EscapeString(err.Error())))
		}
	}()
}

// stopRun cancels the run in flight, if any, and waits for it.
func (ct *controller) stopRun() {
	ct.mu.Lock()
	cancel := ct.cancel
	ct.cancel = nil
	ct.gen++
	ct.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	ct.wg.Wait()
}

func (ct *controller) stop() string {
	ct.stopRun()
	ct.mu.Lock()
	defer ct.mu.Unlock()
	return ct.last
}
