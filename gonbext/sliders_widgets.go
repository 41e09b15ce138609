package gonbext

import (
	"context"
	"fmt"
	"html"
	"time"

	"github.com/janpfeifer/gonb/cache"
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/comms"
	"github.com/janpfeifer/gonb/gonbui/dom"
	"github.com/janpfeifer/gonb/gonbui/widgets"
)

// knobWidget is a built knob: its address (to move it) and where its position label is.
type knobWidget struct {
	address, labelID string
	listen           *comms.AddressChan[int]
}

// KnobHTMLID is the HTML id prefix of knob i of [Sliders] under key (the id goes on with a unique suffix), for
// scripts and browser tests: e.g. `input[id^="toysup_knob_s2_sliders_0_"]`.
func KnobHTMLID(key string, i int) string { return fmt.Sprintf("toysup_knob_%s_%d_", sanitize(key), i) }

// FigureHTMLID is the HTML id prefix of the figure block of [Sliders] under key.
func FigureHTMLID(key string) string { return "toysup_figure_" + sanitize(key) + "_" }

func interactiveSliders(ctx context.Context, storage *cache.Storage, c Controls) error {
	gonbui.DisplayHTML(fmt.Sprintf("<b>%s</b>", html.EscapeString(c.Key)))
	type built struct {
		knobs         []knobWidget
		reset, finish *widgets.ButtonBuilder
	}
	ready := make(chan built, 1)
	go func() {
		var b built
		for i, k := range c.Knobs {
			b.knobs = append(b.knobs, buildKnob(c.Key, i, k))
		}
		b.reset, b.finish = widgets.Button("Reset").Done(), widgets.Button("Done").Done()
		ready <- b
	}()
	var b built
	select {
	case b = <-ready:
	case <-time.After(widgetTimeout + time.Duration(len(c.Knobs))*time.Second):
		return staticSliders(ctx, storage, c) // the page went away between the probe and now
	}
	events := make(chan knobEvent, 16)
	forward := func(knob int, ch <-chan int) {
		for v := range ch {
			events <- knobEvent{knob, v}
		}
	}
	for i, k := range b.knobs {
		defer k.listen.Close()
		go forward(i, k.listen.C)
	}
	resetL, doneL := b.reset.Listen(), b.finish.Listen()
	defer resetL.Close()
	defer doneL.Close()
	go forward(resetKnob, resetL.C)
	go forward(doneKnob, doneL.C)

	figID := FigureHTMLID(c.Key) + gonbui.UniqueId()
	ct := &controller{c: c, storage: storage,
		render:  func(h string) { gonbui.UpdateHTML(figID, h); gonbui.Sync() },
		setKnob: func(i, p int) { comms.Send(b.knobs[i].address, p) }}
	last := ct.loop(ctx, labelled(c, b.knobs, events))
	gonbui.UpdateHTML(figID, "")
	gonbui.DisplayHTML("<div>" + last + "</div>")
	gonbui.Sync()
	return nil
}

// labelled passes events on, updating the moved knob's position label on the way.
func labelled(c Controls, knobs []knobWidget, in <-chan knobEvent) <-chan knobEvent {
	out := make(chan knobEvent, 16)
	go func() {
		for e := range in {
			if e.knob >= 0 && e.knob < len(knobs) && e.pos >= 0 && e.pos < len(c.Knobs[e.knob].Options) {
				dom.SetInnerText(knobs[e.knob].labelID, c.Knobs[e.knob].Options[e.pos])
			}
			out <- e
		}
	}()
	return out
}

// buildKnob shows a knob's row (label, widget, position label) and waits for the page to report the widget.
func buildKnob(key string, i int, k Knob) knobWidget {
	rowID, labelID := "toysup_row_"+gonbui.UniqueId(), "toysup_label_"+gonbui.UniqueId()
	gonbui.DisplayHTML(fmt.Sprintf(`<div id="%s" style="display:flex;gap:8px;align-items:center"><b style="min-width:12em">%s</b></div>`,
		rowID, html.EscapeString(k.Label)))
	id := KnobHTMLID(key, i) + gonbui.UniqueId()
	var w knobWidget
	if k.List {
		escaped := make([]string, len(k.Options))
		for j, o := range k.Options {
			escaped[j] = html.EscapeString(o)
		}
		s := widgets.Select(escaped).SetDefault(k.Default).WithHtmlId(id).AppendTo(rowID).Done()
		w = knobWidget{address: s.Address(), listen: s.Listen().LatestOnly()}
	} else {
		s := widgets.Slider(0, len(k.Options)-1, k.Default).WithHtmlId(id).AppendTo(rowID).Done()
		w = knobWidget{address: s.Address(), listen: s.Listen().LatestOnly()}
	}
	dom.Append(rowID, fmt.Sprintf(`<span id="%s">%s</span>`, labelID, html.EscapeString(k.Options[k.Default])))
	w.labelID = labelID
	return w
}
