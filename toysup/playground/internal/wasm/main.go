//go:build js && wasm

// Command wasm is the playground's WebAssembly program (GOOS=js GOARCH=wasm; built by `go generate
// ./toysup/playground` and embedded in the toysup binary): it trains toysup's native engine in the visitor's
// browser. It defines one JavaScript function,
//
//	toysupTrain(fields, onFrame, onDone)
//
// fields: an object of config fields by JSON name → text; onFrame(svg, step, steps, loss) after every frame;
// onDone(error, resultJSON, finalLoss, stepsPerSecond) once, error "" on success.
package main

import (
	"context"
	"syscall/js"
	"time"

	"github.com/toymodels/superposition/toysup/playground/internal/web"
	"github.com/toymodels/superposition/toysup/train"
)

func main() {
	js.Global().Set("toysupTrain", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) < 3 {
			return "toysupTrain needs (fields, onFrame, onDone)"
		}
		go run(fieldsOf(args[0]), args[1], args[2])
		return nil
	}))
	js.Global().Call("dispatchEvent", js.Global().Get("Event").New("toysup-ready"))
	select {}
}

func fieldsOf(v js.Value) map[string]string {
	out := map[string]string{}
	keys := js.Global().Get("Object").Call("keys", v)
	for i := range keys.Length() {
		k := keys.Index(i).String()
		out[k] = v.Get(k).String()
	}
	return out
}

// run trains the fields' config, handing each frame to the page and pausing a moment after it so the browser
// draws it (the Go program shares the page's one thread).
func run(fields map[string]string, onFrame, onDone js.Value) {
	fail := func(err error) { onDone.Invoke(err.Error(), "", 0, 0) }
	cfg, err := web.ConfigFromFields(fields)
	if err != nil {
		fail(err)
		return
	}
	res, err := web.Train(context.Background(), cfg, 0, 100*time.Millisecond, func(f web.Frame) {
		onFrame.Invoke(f.SVG, f.Step, f.Steps, f.Loss)
		time.Sleep(time.Millisecond)
	})
	if err != nil {
		fail(err)
		return
	}
	out, err := web.ResultJSON(res)
	if err != nil {
		fail(err)
		return
	}
	final := make([]float64, len(res.Instances))
	for k, in := range res.Instances {
		final[k] = in.FinalLoss
	}
	onDone.Invoke("", out, train.MeanLoss(final), res.Run.StepsPerSecond)
}
