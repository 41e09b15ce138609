package embed

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	fixtureGPT2 = "testdata/gpt2"
	fixtureText = "testdata/words.txt"
)

// sources loads the fixture in both formats (the GPT-2 one with the seed's no-space convention).
func sources(t *testing.T) map[string]*Embeddings {
	t.Helper()
	g, err := LoadGPT2(fixtureGPT2)
	if err != nil {
		t.Fatal(err)
	}
	x, err := LoadText(fixtureText)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*Embeddings{"gpt2": g, "text": x}
}

func TestFixtureShape(t *testing.T) {
	s := sources(t)
	g, x := s["gpt2"], s["text"]
	if g.Dim() != 16 || x.Dim() != 16 || g.Format() != "gpt2" || x.Format() != "text" {
		t.Fatalf("dims %d %d formats %s %s", g.Dim(), x.Dim(), g.Format(), x.Format())
	}
	// Every word twice (with and without Ġ) plus 3 GPT-2-only entries.
	if x.VocabSize() < 200 || g.VocabSize() != 2*x.VocabSize()+3 || g.Rows() != g.VocabSize() || x.Rows() != x.VocabSize() {
		t.Errorf("vocab sizes: gpt2 %d (rows %d), text %d (rows %d)", g.VocabSize(), g.Rows(), x.VocabSize(), x.Rows())
	}
}

// TestFixtureArithmetic checks norms and cosines against values computed by hand from the vectors given in
// fixture_test.go's comment, and the analogies that hold exactly.
func TestFixtureArithmetic(t *testing.T) {
	const tol = 1e-12
	for name, e := range sources(t) {
		norms := []struct {
			expr string
			want float64
		}{
			{"wine", math.Sqrt(9.25)},                          // (3, 0, 0.5, 0)
			{"(wine - type) - (four - cat)", math.Sqrt(5)},     // (1, -2, 0, 0)
			{"2*wine - 3*type/2", math.Sqrt(4.5*4.5 + 0.0625)}, // (4.5, 0, 0.25, 0)
			{"0.5 four + cat", math.Sqrt(0.25 + 1 + 1.5*1.5)},  // (0.5, 1, 0, 1.5)
			{"(boy - girl) - (man - woman)", 0},
			{"(adult - child) - (man - boy)", 0},
			{"(good - bad) - (best - worst)", 0},
			{"(good - bad) - (better - worse)", 0},
			{"king - man + woman - queen", 0},
			{"(paris - france) - (berlin - germany)", 0},
			{"walked - walk - (played - play)", 0},
			{"cats - cat - (dogs - dog)", 0},
		}
		for _, c := range norms {
			got, err := e.Norm(c.expr)
			if err != nil {
				t.Errorf("%s: Norm(%q): %v", name, c.expr, err)
			} else if math.Abs(got-c.want) > tol {
				t.Errorf("%s: Norm(%q) = %.15g, want %.15g", name, c.expr, got, c.want)
			}
		}
		cosines := []struct {
			a, b string
			want float64
		}{
			{"wine - type", "four - cat", 1 / math.Sqrt(5)}, // (2,0,0,0)·(1,2,0,0) / (2·√5)
			{"wine", "type", (3 + 0.25) / (math.Sqrt(9.25) * math.Sqrt(1.25))},
			{"wine", "-2 wine", -1},
			{"boy - girl", "man - woman", 1},
			{"adult - child", "man - boy", 1},
			{"good - bad", "best - worst", 1},
		}
		for _, c := range cosines {
			got, err := e.Cosine(c.a, c.b)
			if err != nil {
				t.Errorf("%s: Cosine(%q, %q): %v", name, c.a, c.b, err)
			} else if math.Abs(got-c.want) > tol {
				t.Errorf("%s: Cosine(%q, %q) = %.15g, want %.15g", name, c.a, c.b, got, c.want)
			}
		}
		// An unrelated pair is far from parallel.
		if c := e.MustCosine("boy - girl", "paris - france"); math.Abs(c) > 0.9 {
			t.Errorf("%s: cos(boy - girl, paris - france) = %g, want well below 1", name, c)
		}
		if _, err := e.Cosine("boy - girl - (man - woman)", "boy"); err == nil || !strings.Contains(err.Error(), "zero vector") {
			t.Errorf("%s: cosine with a zero vector: err = %v", name, err)
		}
	}
}

// TestLeadingSpace: "Ġw" is w + (0, …, 0, 1) in the fixture, so single-word norms change with the convention and
// differences do not.
func TestLeadingSpace(t *testing.T) {
	plain := MustLoadGPT2(fixtureGPT2)
	spaced := MustLoadGPT2(fixtureGPT2, WithLeadingSpace(true))
	if plain.LeadingSpace() || !spaced.LeadingSpace() {
		t.Fatal("LeadingSpace() does not follow the option")
	}
	cases := []struct {
		e    *Embeddings
		expr string
		want float64
	}{
		{plain, "cat", 1}, {spaced, "cat", math.Sqrt(2)},
		{plain, `" cat"`, math.Sqrt(2)}, {spaced, `"cat"`, 1},
		{plain, "Ġcat", math.Sqrt(2)}, {spaced, "Ġcat", math.Sqrt(2)},
		{spaced, "wine", math.Sqrt(10.25)},
		{spaced, "(wine - type) - (four - cat)", math.Sqrt(5)},
		{spaced, "(boy - girl) - (man - woman)", 0},
		{plain, "Ġcat - cat", 1}, {plain, `Ġwine - " wine" + 3 "cat"`, 3},
	}
	for _, c := range cases {
		if got := c.e.MustNorm(c.expr); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("space=%v: Norm(%q) = %.15g, want %.15g", c.e.LeadingSpace(), c.expr, got, c.want)
		}
	}
	if got, want := spaced.Entry(&Word{Text: "boy"}), "Ġboy"; got != want {
		t.Errorf("Entry(boy) with space = %q, want %q", got, want)
	}
	if got, want := plain.Entry(&Word{Text: "café", Quoted: true}), "cafÃ©"; got != want {
		t.Errorf(`Entry("café") = %q, want %q`, got, want)
	}
}

func TestLookupErrors(t *testing.T) {
	plain := MustLoadGPT2(fixtureGPT2)
	spaced := MustLoadGPT2(fixtureGPT2, WithLeadingSpace(true))
	text := MustLoadText(fixtureText)
	cases := []struct {
		e        *Embeddings
		expr     string
		column   int
		contains []string
		absent   string
	}{
		{plain, "boy - wonderful", 7, []string{`"wonderful" is not a single token`, `but " wonderful" (vocabulary entry "Ġwonderful") is, with a leading space: use --space`}, ""},
		{spaced, "ization + boy", 1, []string{`"ization" (as " ization") is not a single token`, `but "ization" is, without the leading space: drop --space`}, ""},
		{plain, `" ization"`, 1, []string{`but "ization" is, without the leading space`}, "--space"},
		{plain, "Paris - france", 1, []string{`but "paris" is, in lower case`}, ""},
		{plain, "boy - zzz", 7, []string{`"zzz" is not a single token of the GPT-2 vocabulary`}, "but"},
		{text, "wonderful", 1, []string{`"wonderful" is not in words.txt`}, "but"},
		{text, "2*King", 3, []string{`but "king" is, in lower case`}, ""},
	}
	for _, c := range cases {
		_, err := c.e.Eval(c.expr)
		var pe *ExprError
		if !errors.As(err, &pe) {
			t.Errorf("Eval(%q) = %v, want an *ExprError", c.expr, err)
			continue
		}
		msg := err.Error()
		for _, s := range c.contains {
			if !strings.Contains(msg, s) {
				t.Errorf("Eval(%q): %q lacks %q", c.expr, msg, s)
			}
		}
		if pe.Column != c.column || pe.Input != c.expr || pe.Err == nil || (c.absent != "" && strings.Contains(msg, c.absent)) {
			t.Errorf("Eval(%q): column %d (want %d), input %q, message %q", c.expr, pe.Column, c.column, pe.Input, msg)
		}
	}
	// Quoted tokens reach what bare words cannot.
	for _, e := range []*Embeddings{plain, text} {
		for _, expr := range []string{`"café"`, `"don't"`, `"2"`, `","`} {
			if _, err := e.Eval(expr); err != nil {
				t.Errorf("%s: Eval(%s): %v", e.Format(), expr, err)
			}
		}
	}
}

// TestHalfPrecisionFixture re-encodes the fixture's F32 matrix (exact in half precision by construction) as F16
// and BF16 under both tensor names and checks every row reads back the same.
func TestHalfPrecisionFixture(t *testing.T) {
	ref := MustLoadGPT2(fixtureGPT2)
	f32 := make([]float32, 0, ref.Rows()*ref.Dim())
	for i := range ref.Rows() {
		for _, x := range ref.RowVector(i) {
			f32 = append(f32, float32(x))
		}
	}
	vocab, err := os.ReadFile(filepath.Join(fixtureGPT2, "vocab.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ dtype, tensor string }{{"F16", "wte.weight"}, {"BF16", "transformer.wte.weight"}} {
		enc := float32ToFloat16
		if c.dtype == "BF16" {
			enc = float32ToBFloat16
		}
		half := make([]uint16, len(f32))
		for i, x := range f32 {
			var ok bool
			if half[i], ok = enc(x); !ok {
				t.Fatalf("%s: %g is not exact", c.dtype, x)
			}
		}
		dir := t.TempDir()
		st := encodeSafetensors([]rawTensor{
			{"wpe.weight", "F32", []int{1, ref.Dim()}, f32Bytes(make([]float32, ref.Dim()))},
			{c.tensor, c.dtype, []int{ref.Rows(), ref.Dim()}, u16Bytes(half)},
		}, nil)
		writeFile(t, filepath.Join(dir, "model.safetensors"), st)
		writeFile(t, filepath.Join(dir, "vocab.json"), vocab)
		e := MustLoadGPT2(dir)
		for i := range ref.Rows() {
			a, b := ref.RowVector(i), e.RowVector(i)
			for j := range a {
				if a[j] != b[j] {
					t.Fatalf("%s: row %d component %d = %g, want %g", c.dtype, i, j, b[j], a[j])
				}
			}
		}
		if e.AverageNorm() != ref.AverageNorm() || e.MustNorm("(wine - type) - (four - cat)") != ref.MustNorm("(wine - type) - (four - cat)") {
			t.Errorf("%s: norms differ from F32", c.dtype)
		}
	}
}

func writeFile[T string | []byte](t *testing.T, path string, data T) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestAverageNorm(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "v.txt")
	writeFile(t, p, "a 3 4\nb 1 0\n\nc 0 -2\n") // norms 5, 1, 2
	if got := MustLoadText(p).AverageNorm(); got != 8.0/3 {
		t.Errorf("AverageNorm = %.17g, want 8/3", got)
	}
	// GPT-2 layout: rows (0.5, 0), (0, 0), (-3, 4) → (0.5 + 0 + 5)/3; a row outside the vocabulary counts too.
	writeFile(t, filepath.Join(dir, "model.safetensors"), encodeSafetensors([]rawTensor{
		{"wte.weight", "F32", []int{3, 2}, f32Bytes([]float32{0.5, 0, 0, 0, -3, 4})}}, nil))
	writeFile(t, filepath.Join(dir, "vocab.json"), `{"x": 0, "Ġx": 2}`)
	e := MustLoad(dir)
	if got := e.AverageNorm(); math.Abs(got-5.5/3) > 1e-15 {
		t.Errorf("GPT-2 AverageNorm = %.17g, want 5.5/3", got)
	}
	if got := e.MustNorm("x - 2 Ġx"); math.Abs(got-math.Hypot(6.5, 8)) > 1e-12 {
		t.Errorf("Norm(x - 2 Ġx) = %g, want hypot(6.5, 8)", got)
	}
}

func TestTextFormat(t *testing.T) {
	dir := t.TempDir()
	path := func(name, content string) string {
		p := filepath.Join(dir, name)
		writeFile(t, p, content)
		return p
	}
	// Headerless, tabs, CRLF, and a header: the same vectors.
	a := MustLoadText(path("a.txt", "x\t1 2.5\r\ny -1e-1 4\r\n"))
	b := MustLoadText(path("b.txt", "2 2\nx 1 2.5\ny -0.1 4\n"))
	for _, e := range []*Embeddings{a, b} {
		if got := e.MustNorm("x - y"); math.Abs(got-math.Hypot(1.1, 1.5)) > 1e-6 { // float32 0.1
			t.Errorf("Norm(x - y) = %g, want hypot(1.1, 1.5)", got)
		}
	}
	errs := []struct{ content, want string }{
		{"x 1 2\ny 1\n", `bad.txt:2: word "y" has 1 numbers, the first line's dim is 2`},
		{"3 2\nx 1 2\n", "the header says 3 words, the file holds 1"},
		{"1 2\nx 1 2 3\n", "the header's dim is 2"},
		{"x 1 2\ny 1 two\n", `bad.txt:2: word "y": number 2, "two", is not a finite float32`},
		{"x 1 2\ny 1 NaN\n", "not a finite float32"},
		{"x 1 2\ny 1 1e39\n", "not a finite float32"},
		{"x 1 2\n\nx 3 4\n", `bad.txt:3: word "x" is already on line 1`},
		{"x\n", "has no numbers"},
		{"\n\n", "holds no words"},
		{"5 0\n", "dim 0"},
	}
	for _, c := range errs {
		_, err := LoadText(path("bad.txt", c.content))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("LoadText(%q): err = %v, want it to contain %q", c.content, err, c.want)
		}
	}
	if _, err := LoadText(fixtureText, WithLeadingSpace(true)); err == nil || !strings.Contains(err.Error(), "GPT-2 folders only") {
		t.Errorf("LoadText with the leading-space convention: err = %v", err)
	}
}

func TestMissingAndBadGPT2(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "models", "gpt2")
	for _, load := range []func(string, ...Option) (*Embeddings, error){LoadGPT2, Load} {
		_, err := load(missing)
		for _, s := range []string{missing + " does not exist", "model.safetensors", "vocab.json", "openai-community/gpt2", "TOYSUP_GPT2_DIR", "--local-dir " + missing} {
			if err == nil || !strings.Contains(err.Error(), s) {
				t.Errorf("missing folder: err = %v, want it to contain %q", err, s)
			}
		}
	}
	if _, err := Load(filepath.Join(dir, "glove.txt")); err == nil || !strings.Contains(err.Error(), "text file") {
		t.Errorf("missing text file: err = %v", err)
	}
	writeFile(t, filepath.Join(dir, "pytorch_model.bin"), "x")
	if err := CheckGPT2Dir(dir); err == nil || !strings.Contains(err.Error(), "not pytorch_model.bin") {
		t.Errorf("folder with only pytorch_model.bin: err = %v", err)
	}
	st := func(name string, rows int) []byte {
		return encodeSafetensors([]rawTensor{{name, "F32", []int{rows, 2}, f32Bytes(make([]float32, 2*rows))}}, nil)
	}
	writeFile(t, filepath.Join(dir, "model.safetensors"), st("wte.weight", 2))
	if err := CheckGPT2Dir(dir); err == nil || !strings.Contains(err.Error(), "no vocab.json (or tokenizer.json)") {
		t.Errorf("folder without a vocabulary: err = %v", err)
	}
	// tokenizer.json's model.vocab stands in for vocab.json.
	writeFile(t, filepath.Join(dir, "tokenizer.json"), `{"version": "1.0", "model": {"type": "BPE", "vocab": {"a": 0, "Ġa": 1}}}`)
	if e, err := LoadGPT2(dir); err != nil || e.VocabSize() != 2 {
		t.Errorf("tokenizer.json: %v", err)
	}
	writeFile(t, filepath.Join(dir, "vocab.json"), `{"a": 0, "b": 2}`)
	if _, err := LoadGPT2(dir); err == nil || !strings.Contains(err.Error(), `token "b" has id 2, outside the 2 rows`) {
		t.Errorf("id out of range: err = %v", err)
	}
	writeFile(t, filepath.Join(dir, "vocab.json"), `["a"]`)
	if _, err := LoadGPT2(dir); err == nil || !strings.Contains(err.Error(), "JSON object mapping tokens to ids") {
		t.Errorf("vocab.json not an object: err = %v", err)
	}
	writeFile(t, filepath.Join(dir, "vocab.json"), `{"a": 0, "b": 1}`)
	writeFile(t, filepath.Join(dir, "model.safetensors"), st("h.0.mlp.weight", 2))
	if _, err := LoadGPT2(dir); err == nil || !strings.Contains(err.Error(), "no token-embedding tensor wte.weight or transformer.wte.weight (its tensors: h.0.mlp.weight)") {
		t.Errorf("no wte: err = %v", err)
	}
	writeFile(t, filepath.Join(dir, "model.safetensors"), st("transformer.wte.weight", 2))
	if _, err := Load(filepath.Join(dir, "model.safetensors")); err != nil {
		t.Errorf("Load(model.safetensors path) with transformer.wte.weight: %v", err)
	}
	writeFile(t, filepath.Join(dir, "model.safetensors"), "not safetensors at all")
	if _, err := LoadGPT2(dir); err == nil || !strings.Contains(err.Error(), "not a safetensors file?") {
		t.Errorf("garbage model.safetensors: err = %v", err)
	}
}

func TestGPT2Dir(t *testing.T) {
	t.Setenv("TOYSUP_GPT2_DIR", "")
	t.Setenv("GONB_DIR", "")
	if got := GPT2Dir(); got != filepath.Join("models", "gpt2") {
		t.Errorf("GPT2Dir() = %q", got)
	}
	t.Setenv("GONB_DIR", "/repo/notebooks")
	if got := GPT2Dir(); got != "/repo/models/gpt2" {
		t.Errorf("GPT2Dir() in GoNB = %q", got)
	}
	t.Setenv("TOYSUP_GPT2_DIR", "/data/gpt2")
	if got := GPT2Dir(); got != "/data/gpt2" {
		t.Errorf("GPT2Dir() with TOYSUP_GPT2_DIR = %q", got)
	}
	if err := CheckGPT2Dir(fixtureGPT2); err != nil {
		t.Errorf("CheckGPT2Dir(fixture): %v", err)
	}
}

func TestByteLevel(t *testing.T) {
	cases := map[string]string{" boy": "Ġboy", "a\nb": "aĊb", "café": "cafÃ©", "\t": "ĉ", "!~": "!~", "\x7f": "ġ"}
	for in, want := range cases {
		if got := ByteLevel(in); got != want {
			t.Errorf("ByteLevel(%q) = %q, want %q", in, got, want)
		}
	}
	seen := map[rune]bool{}
	for b := range 256 {
		r := byteToRune[b]
		if seen[r] {
			t.Fatalf("byte %d maps to %q twice", b, r)
		}
		seen[r] = true
		if back, ok := FromByteLevel(string(r)); !ok || back != string([]byte{byte(b)}) {
			t.Errorf("FromByteLevel(%q) = %q, %v", r, back, ok)
		}
	}
	if _, ok := FromByteLevel("Ā€"); ok {
		t.Error(`FromByteLevel("€") succeeded`)
	}
}

func TestCosineAndNorm(t *testing.T) {
	if got := Norm([]float64{3, 4, 12}); got != 13 {
		t.Errorf("Norm(3, 4, 12) = %g, want 13", got)
	}
	if got, err := Cosine([]float64{1, 0}, []float64{1, 1}); err != nil || math.Abs(got-1/math.Sqrt2) > 1e-15 {
		t.Errorf("Cosine((1,0),(1,1)) = %g, %v; want 1/√2", got, err)
	}
	if _, err := Cosine([]float64{1}, []float64{1, 2}); err == nil {
		t.Error("Cosine of different dimensions succeeded")
	}
	if _, err := Cosine([]float64{0, 0}, []float64{1, 2}); err == nil {
		t.Error("Cosine of a zero vector succeeded")
	}
	// Eval with a lookup of inconsistent dimensions.
	lookup := func(w *Word) ([]float64, error) { return make([]float64, len(w.Text)), nil }
	if _, err := Eval(MustParse("ab + abc"), lookup); err == nil || !strings.Contains(err.Error(), "dimension 3") {
		t.Errorf("mixed dimensions: err = %v", err)
	}
}
