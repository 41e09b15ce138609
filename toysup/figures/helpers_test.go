package figures

import (
	"encoding/xml"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/toymodels/superposition/toysup"
)

// handResult builds a result by hand with K instances of n features in m dimensions; w(k, i) gives W_i of
// instance k and b(k, i) the bias. The loss history decays with a little deterministic noise.
func handResult(model toysup.ModelKind, n, m int, densities []float64, decay float64, w func(k, i int) []float64, b func(k, i int) float64) *toysup.Result {
	K := len(densities)
	cfg := toysup.Config{Model: model, Features: n, Hidden: m, Instances: K, Steps: 10_000,
		FeatureProbability: toysup.Vector(densities), ImportanceDecay: &decay}
	cfg, err := cfg.Resolve()
	if err != nil {
		panic(err)
	}
	res := &toysup.Result{Config: cfg}
	imps, probs := cfg.Importances(), cfg.FeatureProbabilities()
	for k := range K {
		in := toysup.Instance{FeatureProbability: probs[k], Importance: imps[k], W: make([][]float64, n), B: make([]float64, n), FinalLoss: 0.01}
		for i := range n {
			in.W[i] = w(k, i)
			in.B[i] = b(k, i)
		}
		res.Instances = append(res.Instances, in)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for t := 0; t <= 100; t++ {
		step := t * 100
		if t == 100 {
			step = 9999
		}
		res.LossHistory.Step = append(res.LossHistory.Step, step)
		row := make([]float64, K)
		for k := range row {
			base := 0.05 * math.Pow(0.3, float64(k)) * (1 + 3*math.Exp(-float64(step)/1500))
			row[k] = base * (1 + 0.2*(rng.Float64()-0.5))
		}
		res.LossHistory.Loss = append(res.LossHistory.Loss, row)
	}
	return res
}

// section2Result is n = 20, m = 5 at 1−S = 1, 0.1, 0.01: the 5 most important features orthogonal and the rest
// dropped; then 5 antipodal pairs; then all 20 features in superposition (unit vectors from a fixed seed).
func section2Result() *toysup.Result {
	rng := rand.New(rand.NewPCG(7, 11))
	dense := make([][]float64, 20)
	for i := range dense {
		v := make([]float64, 5)
		for j := range v {
			v[j] = rng.NormFloat64()
		}
		nrm := math.Sqrt(v[0]*v[0] + v[1]*v[1] + v[2]*v[2] + v[3]*v[3] + v[4]*v[4])
		for j := range v {
			v[j] /= nrm
		}
		dense[i] = v
	}
	return handResult(toysup.ModelReLUOutput, 20, 5, []float64{1, 0.1, 0.01}, 0.7,
		func(k, i int) []float64 {
			v := make([]float64, 5)
			switch {
			case k == 0 && i < 5:
				v[i] = 1
			case k == 1 && i < 10:
				v[i%5] = 1 - 0.1*float64(i/5)
				if i >= 5 {
					v[i%5] = -v[i%5]
				}
			case k == 2:
				copy(v, dense[i])
			}
			return v
		},
		func(k, i int) float64 {
			if k == 0 && i >= 5 {
				return 0.5
			}
			return -0.1 * float64(k)
		})
}

// introResult is n = 5, m = 2, I = 0.9^i at 1−S = 1 (two orthogonal), 0.2 (two antipodal pairs, the last
// feature dropped) and 0.1 (a pentagon of length 1.05).
func introResult() *toysup.Result {
	return handResult(toysup.ModelReLUOutput, 5, 2, []float64{1, 0.2, 0.1}, 0.9,
		func(k, i int) []float64 {
			switch k {
			case 0:
				return [][]float64{{1, 0}, {0, 1}, {0, 0}, {0, 0}, {0, 0}}[i]
			case 1:
				return [][]float64{{1, 0}, {0, 1}, {-1, 0}, {0, -1}, {0, 0}}[i]
			}
			a := math.Pi/2 + 2*math.Pi*float64(i)*2/5
			return []float64{1.05 * math.Cos(a), 1.05 * math.Sin(a)}
		},
		func(k, i int) float64 { return -0.05 * float64(k) })
}

// randomResult has K instances with Gaussian W and b (std 0.5, 0.3) from a fixed seed, at 1−S = 20^(−k/(K−1)).
func randomResult(n, m, K int) *toysup.Result {
	rng := rand.New(rand.NewPCG(3, 4))
	d := make([]float64, K)
	for k := range d {
		d[k] = math.Pow(20, -float64(k)/float64(max(1, K-1)))
	}
	return handResult(toysup.ModelReLUOutput, n, m, d, 0.9, func(k, i int) []float64 {
		v := make([]float64, m)
		for j := range v {
			v[j] = rng.NormFloat64() * 0.5
		}
		return v
	}, func(k, i int) float64 { return rng.NormFloat64() * 0.3 })
}

// node is a parsed XML element.
type node struct {
	name     string
	attr     map[string]string
	text     string
	children []*node
}

// parseSVG parses doc with encoding/xml (failing the test if it is not well-formed) and checks the rules every
// figure follows: an <svg> root with width, height and viewBox, no scripts, ids or external references (an
// <image> must embed a PNG as a data: URI).
func parseSVG(t *testing.T, doc string) *node {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(doc))
	var stack []*node
	var root *node
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG not well-formed: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &node{name: tk.Name.Local, attr: map[string]string{}}
			for _, a := range tk.Attr {
				n.attr[a.Name.Local] = a.Value
				dataPNG := tk.Name.Local == "image" && a.Name.Local == "href" && strings.HasPrefix(a.Value, "data:image/png;base64,")
				if a.Name.Local == "id" || (a.Name.Local == "href" && !dataPNG) || strings.HasPrefix(a.Name.Local, "on") {
					t.Errorf("attribute %s on <%s>: figures must not use ids, links or event handlers", a.Name.Local, n.name)
				}
			}
			if n.name == "script" || n.name == "foreignObject" || n.name == "a" || n.name == "use" {
				t.Errorf("element <%s> not allowed", n.name)
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tk)
			}
		}
	}
	if root == nil || root.name != "svg" {
		t.Fatalf("root element is not <svg>")
	}
	for _, a := range []string{"width", "height", "viewBox"} {
		if root.attr[a] == "" {
			t.Errorf("<svg> lacks %s", a)
		}
	}
	if root.attr["font-family"] != "sans-serif" {
		t.Errorf("<svg> font-family = %q, want sans-serif", root.attr["font-family"])
	}
	return root
}

// walk calls fn on every element of the tree, depth first, in document order.
func (n *node) walk(fn func(*node)) {
	fn(n)
	for _, c := range n.children {
		c.walk(fn)
	}
}

// find returns every element with the given name and, if class is not empty, that class.
func (n *node) find(name, class string) []*node {
	var out []*node
	n.walk(func(e *node) {
		if e.name == name && (class == "" || e.attr["class"] == class) {
			out = append(out, e)
		}
	})
	return out
}

// texts returns the content of every <text> element.
func (n *node) texts() []string {
	var out []string
	for _, e := range n.find("text", "") {
		out = append(out, e.text)
	}
	return out
}

// saveForViewing writes doc to $FIGURES_OUT/name when that variable is set (to render and look at the figures).
func saveForViewing(t *testing.T, name, doc string) {
	dir := os.Getenv("FIGURES_OUT")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
}

// weightAnalyses analyses every instance's weights (no evaluation losses), as a caller would before drawing.
func weightAnalyses(res *toysup.Result) []toysup.Analysis {
	out := make([]toysup.Analysis, len(res.Instances))
	for k, in := range res.Instances {
		out[k] = toysup.AnalyzeWeights(in.W)
	}
	return out
}
