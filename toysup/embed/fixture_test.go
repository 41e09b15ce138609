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
	b := &fixtureBuilder{rng: rand.New(rand.NewPCG(20221, 8))}
	b.f.s = make([]float32, fixtureDim)
	b.f.s[fixtureDim-1] = 1
	// The order of the calls fixes the random draws, hence the committed testdata: keep it.
	cat := b.putHandMade()
	b.putRoyalty()
	b.putComparatives()
	b.putCapitals()
	b.putVerbs()
	b.putPlurals(cat)
	for _, w := range fixtureFiller {
		b.put(w, b.randVec(8))
	}
	// Tokens that are not bare words: reachable quoted.
	for _, w := range []string{"café", "don't", "2", ","} {
		b.put(w, b.randVec(8))
	}
	return b.f
}

// fixtureBuilder draws the fixture's vectors from one random stream.
type fixtureBuilder struct {
	rng *rand.Rand
	f   fixture
}

// randVec is a random vector with components k/8, |k| ≤ halfRange.
func (b *fixtureBuilder) randVec(halfRange int) []float32 {
	v := make([]float32, fixtureDim)
	for i := range v {
		v[i] = float32(b.rng.IntN(2*halfRange+1)-halfRange) / 8
	}
	return v
}

func (b *fixtureBuilder) put(w string, v []float32) {
	b.f.words = append(b.f.words, w)
	b.f.vectors = append(b.f.vectors, v)
}

// add is the sum of vectors.
func add(vs ...[]float32) []float32 {
	out := make([]float32, fixtureDim)
	for _, v := range vs {
		for i := range out {
			out[i] += v[i]
		}
	}
	return out
}

// first4 is a vector with the given first four components, zero elsewhere.
func first4(a, b, c, d float32) []float32 {
	v := make([]float32, fixtureDim)
	v[0], v[1], v[2], v[3] = a, b, c, d
	return v
}

// putHandMade adds the hand-made vectors (wine, type, four, cat) and returns cat's.
func (b *fixtureBuilder) putHandMade() []float32 {
	b.put("wine", first4(3, 0, 0.5, 0))
	b.put("type", first4(1, 0, 0.5, 0))
	b.put("four", first4(1, 2, 0, 1))
	cat := first4(0, 0, 0, 1)
	b.put("cat", cat)
	return cat
}

// putRoyalty adds sex × age × royalty: king = adult + male + royal, and so on.
func (b *fixtureBuilder) putRoyalty() {
	male, female, adult, child, royal := b.randVec(8), b.randVec(8), b.randVec(8), b.randVec(8), b.randVec(8)
	b.put("male", male)
	b.put("female", female)
	b.put("adult", adult)
	b.put("child", child)
	b.put("boy", add(child, male))
	b.put("girl", add(child, female))
	b.put("man", add(adult, male))
	b.put("woman", add(adult, female))
	b.put("king", add(adult, male, royal))
	b.put("queen", add(adult, female, royal))
	b.put("prince", add(child, male, royal))
	b.put("princess", add(child, female, royal))
}

// putComparatives adds good/bad with comparative and superlative offsets.
func (b *fixtureBuilder) putComparatives() {
	good, bad, cmp, sup := b.randVec(8), b.randVec(8), b.randVec(4), b.randVec(4)
	b.put("good", good)
	b.put("bad", bad)
	b.put("better", add(good, cmp))
	b.put("worse", add(bad, cmp))
	b.put("best", add(good, sup))
	b.put("worst", add(bad, sup))
}

// putCapitals adds countries and their capitals, capital = country + one shared offset.
func (b *fixtureBuilder) putCapitals() {
	capital := b.randVec(4)
	for _, pair := range [][2]string{{"france", "paris"}, {"germany", "berlin"}, {"italy", "rome"},
		{"spain", "madrid"}, {"japan", "tokyo"}, {"egypt", "cairo"}} {
		country := b.randVec(8)
		b.put(pair[0], country)
		b.put(pair[1], add(country, capital))
	}
}

// putVerbs adds verbs with past-tense and -ing offsets.
func (b *fixtureBuilder) putVerbs() {
	past, ing := b.randVec(4), b.randVec(4)
	for _, verb := range []string{"walk", "play", "jump", "talk", "look", "train"} {
		v := b.randVec(8)
		b.put(verb, v)
		b.put(verb+"ed", add(v, past))
		b.put(verb+"ing", add(v, ing))
	}
}

// putPlurals adds nouns and their plurals (cats from cat), plural = noun + one shared offset.
func (b *fixtureBuilder) putPlurals(cat []float32) {
	plural := b.randVec(4)
	b.put("cats", add(cat, plural))
	for _, noun := range []string{"dog", "car", "tree", "bird", "apple", "chair"} {
		v := b.randVec(8)
		b.put(noun, v)
		b.put(noun+"s", add(v, plural))
	}
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
