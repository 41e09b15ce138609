package embed

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// The fixture in testdata/ is made by this file: `go test ./toysup/embed -run TestFixture -update` rewrites it,
// and TestFixture checks the committed files equal what the generator makes.
//
//	testdata/words.txt              text format, header "count 16", one line per word
//	testdata/gpt2/model.safetensors wte.weight `[rows, 16]` F32
//	testdata/gpt2/vocab.json        "word" → 2i, "Ġword" → 2i+1, then a few special tokens
//
// Every component is a multiple of 1/8 of magnitude at most 4, so sums and differences of a few vectors are exact
// in float32 (and the matrix is exact in F16 and BF16 too), and the analogies below hold exactly:
//
//	boy − girl = man − woman = male − female      adult − child = man − boy
//	king − man + woman = queen                    good − bad = best − worst = better − worse
//	paris − france = berlin − germany = …         walked − walk = played − play = …
//	cats − cat = dogs − dog = …
//
// The four words of the seed's first (unrelated) pair are set by hand, zero beyond their first four components:
//
//	wine = (3, 0, 0.5, 0)  type = (1, 0, 0.5, 0)  four = (1, 2, 0, 1)  cat = (0, 0, 0, 1)
//
// so ‖(wine − type) − (four − cat)‖ = ‖(1, −2, 0, 0)‖ = √5 and cos(wine − type, four − cat) = 2/(2·√5) = 1/√5.
// In the GPT-2 vocabulary "Ġword" is word + s with s = (0, …, 0, 1) (the last component), so differences are the
// same in both conventions.

var update = flag.Bool("update", false, "rewrite the fixture in testdata/")

const fixtureDim = 16

// fixtureFiller are words with random vectors, to make the vocabulary a few hundred entries.
var fixtureFiller = []string{
	"the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not", "he",
	"this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they", "you", "were", "their",
	"one", "all", "we", "can", "her", "has", "there", "been", "if", "more", "when", "will", "would", "who", "so",
	"no", "she", "other", "its", "may", "these", "what", "them", "than", "some", "him", "time", "into", "only",
	"do", "two", "then", "first", "any", "new", "very", "also", "should", "like", "our", "now", "such", "could",
	"made", "after", "many", "most", "over", "where", "must", "same", "before", "through", "back", "years", "much",
	"each", "people", "way", "well", "even", "little", "world", "still", "long", "own", "life", "work", "water",
	"house", "light", "night", "day", "hand", "eye", "head", "place", "school", "book", "word", "number", "point",
	"home", "city", "state", "music", "color", "paper", "river", "stone", "table", "window", "garden", "money",
	"friend", "father", "mother", "brother", "sister", "teacher", "doctor", "red", "blue", "green", "white",
	"black", "small", "large", "old", "young", "happy", "sad", "fast", "slow", "hot", "cold", "open", "close",
	"feature", "model", "neuron", "vector", "weight", "bias", "sparse", "dense", "loss", "layer",
}

// fixture is the generated vocabulary: words in order with their vectors `[16]` (unspaced form).
type fixture struct {
	words   []string
	vectors [][]float32
	s       []float32 // the leading-space shift
}

func makeFixture() fixture {
	rng := rand.New(rand.NewPCG(20221, 8))
	randVec := func(halfRange int) []float32 { // components k/8, |k| ≤ halfRange
		v := make([]float32, fixtureDim)
		for i := range v {
			v[i] = float32(rng.IntN(2*halfRange+1)-halfRange) / 8
		}
		return v
	}
	add := func(vs ...[]float32) []float32 {
		out := make([]float32, fixtureDim)
		for _, v := range vs {
			for i := range out {
				out[i] += v[i]
			}
		}
		return out
	}
	var f fixture
	put := func(w string, v []float32) {
		f.words = append(f.words, w)
		f.vectors = append(f.vectors, v)
	}
	first4 := func(a, b, c, d float32) []float32 {
		v := make([]float32, fixtureDim)
		v[0], v[1], v[2], v[3] = a, b, c, d
		return v
	}
	f.s = make([]float32, fixtureDim)
	f.s[fixtureDim-1] = 1

	put("wine", first4(3, 0, 0.5, 0))
	put("type", first4(1, 0, 0.5, 0))
	put("four", first4(1, 2, 0, 1))
	cat := first4(0, 0, 0, 1)
	put("cat", cat)

	male, female, adult, child, royal := randVec(8), randVec(8), randVec(8), randVec(8), randVec(8)
	put("male", male)
	put("female", female)
	put("adult", adult)
	put("child", child)
	put("boy", add(child, male))
	put("girl", add(child, female))
	put("man", add(adult, male))
	put("woman", add(adult, female))
	put("king", add(adult, male, royal))
	put("queen", add(adult, female, royal))
	put("prince", add(child, male, royal))
	put("princess", add(child, female, royal))

	good, bad, cmp, sup := randVec(8), randVec(8), randVec(4), randVec(4)
	put("good", good)
	put("bad", bad)
	put("better", add(good, cmp))
	put("worse", add(bad, cmp))
	put("best", add(good, sup))
	put("worst", add(bad, sup))

	capital := randVec(4)
	for _, pair := range [][2]string{{"france", "paris"}, {"germany", "berlin"}, {"italy", "rome"},
		{"spain", "madrid"}, {"japan", "tokyo"}, {"egypt", "cairo"}} {
		country := randVec(8)
		put(pair[0], country)
		put(pair[1], add(country, capital))
	}
	past, ing := randVec(4), randVec(4)
	for _, verb := range []string{"walk", "play", "jump", "talk", "look", "train"} {
		v := randVec(8)
		put(verb, v)
		put(verb+"ed", add(v, past))
		put(verb+"ing", add(v, ing))
	}
	plural := randVec(4)
	put("cats", add(cat, plural))
	for _, noun := range []string{"dog", "car", "tree", "bird", "apple", "chair"} {
		v := randVec(8)
		put(noun, v)
		put(noun+"s", add(v, plural))
	}
	for _, w := range fixtureFiller {
		put(w, randVec(8))
	}
	// Tokens that are not bare words: reachable quoted.
	for _, w := range []string{"café", "don't", "2", ","} {
		put(w, randVec(8))
	}
	return f
}

// gpt2Only are vocabulary entries of the GPT-2 fixture beyond the "word"/"Ġword" pairs, with vectors (random),
// after them: a suffix with no spaced form, a word with only a spaced form, and the end-of-text token.
var gpt2Only = []string{"ization", "Ġwonderful", "<|endoftext|>"}

// files returns the fixture's files: path relative to testdata → content.
func (f fixture) files() map[string][]byte {
	var txt bytes.Buffer
	fmt.Fprintf(&txt, "%d %d\n", len(f.words), fixtureDim)
	for i, w := range f.words {
		txt.WriteString(w)
		for _, x := range f.vectors[i] {
			txt.WriteString(" " + strconv.FormatFloat(float64(x), 'g', -1, 32))
		}
		txt.WriteByte('\n')
	}

	vocab := map[string]int{}
	var wte []float32
	for i, w := range f.words {
		vocab[ByteLevel(w)] = len(vocab)
		wte = append(wte, f.vectors[i]...)
		vocab[ByteLevel(" "+w)] = len(vocab)
		for j, x := range f.vectors[i] {
			wte = append(wte, x+f.s[j])
		}
	}
	rng := rand.New(rand.NewPCG(20221, 9))
	for _, w := range gpt2Only {
		vocab[w] = len(vocab)
		for range fixtureDim {
			wte = append(wte, float32(rng.IntN(17)-8)/8)
		}
	}
	var vj bytes.Buffer // as Python's json.dumps(ensure_ascii=False) writes it: "<|endoftext|>", "Ġ" unescaped
	enc := json.NewEncoder(&vj)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(vocab); err != nil {
		panic(err)
	}
	st := encodeSafetensors([]rawTensor{{"wte.weight", "F32", []int{len(vocab), fixtureDim}, f32Bytes(wte)}},
		map[string]string{"format": "pt"})
	return map[string][]byte{
		"words.txt":              txt.Bytes(),
		"gpt2/vocab.json":        vj.Bytes(),
		"gpt2/model.safetensors": st,
	}
}

func TestFixture(t *testing.T) {
	for name, want := range makeFixture().files() {
		path := filepath.Join("testdata", filepath.FromSlash(name))
		if *update {
			if err := writeAtomic(path, want); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./toysup/embed -run TestFixture -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the generator's output (%d vs %d bytes): run go test ./toysup/embed -run TestFixture -update",
				path, len(got), len(want))
		}
	}
}

func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
