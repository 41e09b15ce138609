package embed

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/janpfeifer/must"
)

// Embeddings is a token-embedding matrix W_E `[rows, d]` with the vocabulary that names its rows.
type Embeddings struct {
	format       string // "gpt2" or "text"
	source       string // the folder or file it was loaded from
	dim          int
	data         []float32 // `[rows, dim]`, row-major
	index        map[string]int
	leadingSpace bool
}

// Option changes how a source is loaded or looked up.
type Option func(*options)

type options struct {
	leadingSpace bool
}

// WithLeadingSpace selects the leading-space convention for bare words in a GPT-2 vocabulary: `boy` is then the
// token " boy" ("Ġboy") instead of "boy". It is an error with a plain-text source.
func WithLeadingSpace(on bool) Option { return func(o *options) { o.leadingSpace = on } }

func collect(opts []Option) options {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// Load reads a source: a GPT-2 folder in the Hugging Face layout (or its model.safetensors file), or a
// plain-text file; see the package documentation.
func Load(path string, opts ...Option) (*Embeddings, error) {
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return LoadGPT2(path, opts...)
	case err == nil && filepath.Base(path) == safetensorsFile:
		return LoadGPT2(filepath.Dir(path), opts...)
	case err == nil:
		return LoadText(path, opts...)
	case errors.Is(err, os.ErrNotExist) && looksLikeTextFile(path):
		return nil, fmt.Errorf("embed: text file %s does not exist", path)
	case errors.Is(err, os.ErrNotExist):
		return nil, missingGPT2Error(path, path+" does not exist")
	}
	return nil, fmt.Errorf("embed: %w", err)
}

// MustLoad is [Load] that panics on error.
func MustLoad(path string, opts ...Option) *Embeddings { return must.M1(Load(path, opts...)) }

func looksLikeTextFile(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".vec", ".tsv":
		return true
	}
	return false
}

// Format is "gpt2" or "text".
func (e *Embeddings) Format() string { return e.format }

// Source is the folder or file the embeddings were loaded from.
func (e *Embeddings) Source() string { return e.source }

// Dim is d, the embedding dimension.
func (e *Embeddings) Dim() int { return e.dim }

// Rows is the number of rows of W_E (GPT-2 small: 50257).
func (e *Embeddings) Rows() int { return len(e.data) / max(e.dim, 1) }

// VocabSize is the number of named rows.
func (e *Embeddings) VocabSize() int { return len(e.index) }

// LeadingSpace reports whether bare words are looked up with a leading space.
func (e *Embeddings) LeadingSpace() bool { return e.leadingSpace }

// RowVector returns a copy of row i of W_E, `[d]`.
func (e *Embeddings) RowVector(i int) []float64 {
	v := make([]float64, e.dim)
	for j, x := range e.data[i*e.dim : (i+1)*e.dim] {
		v[j] = float64(x)
	}
	return v
}

// Entry is the vocabulary entry w is looked up as: for a GPT-2 source the byte-level spelling, with "Ġ" for the
// leading space when the convention asks for it; for a text source the word itself.
func (e *Embeddings) Entry(w *Word) string {
	if e.format != "gpt2" {
		return w.Text
	}
	switch {
	case w.Quoted:
		return ByteLevel(w.Text)
	case strings.HasPrefix(w.Text, "Ġ"):
		return w.Text
	case e.leadingSpace:
		return ByteLevel(" " + w.Text)
	}
	return ByteLevel(w.Text)
}

// Find returns the row of w in W_E, or an error that names a variant of w that is in the vocabulary.
func (e *Embeddings) Find(w *Word) (int, error) {
	entry := e.Entry(w)
	if i, ok := e.index[entry]; ok {
		return i, nil
	}
	return -1, e.notFound(w, entry)
}

// Lookup returns the vector of w, `[d]`; it is a [LookupFunc].
func (e *Embeddings) Lookup(w *Word) ([]float64, error) {
	i, err := e.Find(w)
	if err != nil {
		return nil, err
	}
	v := e.RowVector(i)
	for j, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("%s (row %d): the embedding has a non-finite value, %v, at column %d of %s", clip(quoteToken(w.Text), maxShown), i, x, j, filepath.Base(e.source))
		}
	}
	return v, nil
}

// Vector returns the vector `[d]` of a bare word (as if written unquoted in an expression).
func (e *Embeddings) Vector(word string) ([]float64, error) { return e.Lookup(&Word{Text: word}) }

// Eval parses and evaluates an expression to a vector `[d]`. Errors are [*ExprError]s pointing into expr.
func (e *Embeddings) Eval(expr string) ([]float64, error) {
	x, err := Parse(expr)
	if err != nil {
		return nil, err
	}
	v, err := Eval(x, e.Lookup)
	if err != nil {
		return nil, withInput(err, expr)
	}
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, &ExprError{Input: expr, Column: 1, Msg: fmt.Sprintf("the result has a non-finite value, %v (a scalar overflowed float64?)", x)}
		}
	}
	return v, nil
}

// Norm is the Euclidean norm of the expression's vector (the seed's print_embedding_arithmetic_norm).
func (e *Embeddings) Norm(expr string) (float64, error) {
	v, err := e.Eval(expr)
	if err != nil {
		return 0, err
	}
	n := Norm(v)
	if math.IsInf(n, 0) {
		return 0, &ExprError{Input: expr, Column: 1, Msg: "the norm overflows float64"}
	}
	return n, nil
}

// Cosine is the cosine similarity of two expressions' vectors (the seed's print_embedding_arithmetic_cossim);
// see [Cosine].
func (e *Embeddings) Cosine(expr1, expr2 string) (float64, error) {
	a, err := e.Eval(expr1)
	if err != nil {
		return 0, err
	}
	b, err := e.Eval(expr2)
	if err != nil {
		return 0, err
	}
	c, err := Cosine(a, b)
	if err == nil && math.IsNaN(c) {
		err = errors.New("embed: the cosine is not finite (a norm overflows float64)")
	}
	if err != nil {
		return 0, fmt.Errorf("%s vs %s: %w", clip(expr1, maxShown), clip(expr2, maxShown), err)
	}
	return c, nil
}

// AverageNorm is the mean over all rows of W_E of the row's Euclidean norm: the seed's average_W_E_norm.
func (e *Embeddings) AverageNorm() float64 {
	rows := e.Rows()
	if rows == 0 {
		return math.NaN()
	}
	var sum float64
	for i := range rows {
		var s float64
		for _, x := range e.data[i*e.dim : (i+1)*e.dim] {
			s += float64(x) * float64(x)
		}
		sum += math.Sqrt(s)
	}
	return sum / float64(rows)
}

// MustEval is [Embeddings.Eval] that panics on error.
func (e *Embeddings) MustEval(expr string) []float64 { return must.M1(e.Eval(expr)) }

// MustNorm is [Embeddings.Norm] that panics on error.
func (e *Embeddings) MustNorm(expr string) float64 { return must.M1(e.Norm(expr)) }

// MustCosine is [Embeddings.Cosine] that panics on error.
func (e *Embeddings) MustCosine(expr1, expr2 string) float64 { return must.M1(e.Cosine(expr1, expr2)) }

// notFound explains that w (looked up as entry) is missing, naming a variant that is present: with or without the
// leading space (GPT-2), or in lower case.
func (e *Embeddings) notFound(w *Word, entry string) error {
	type variant struct{ entry, hint string }
	var variants []variant
	bare := !w.Quoted && !strings.HasPrefix(w.Text, "Ġ")
	text := entry
	if e.format == "gpt2" {
		text, _ = FromByteLevel(entry)
		if rest, ok := strings.CutPrefix(text, " "); ok && rest != "" {
			hint := "without the leading space"
			if bare {
				hint += ": drop --space / WithLeadingSpace"
			}
			variants = append(variants, variant{ByteLevel(rest), hint})
		} else {
			hint := "with a leading space"
			if bare {
				hint += ": use --space / WithLeadingSpace(true), or write it quoted"
			}
			variants = append(variants, variant{ByteLevel(" " + text), hint})
		}
	}
	if lower := strings.ToLower(entry); lower != entry {
		variants = append(variants, variant{lower, "in lower case"})
	}
	msg := clip(quoteToken(w.Text), maxShown)
	if e.format == "gpt2" {
		if text != w.Text {
			msg += fmt.Sprintf(" (as %s)", clip(quoteToken(text), maxShown))
		}
		msg += " is not a single token of the GPT-2 vocabulary"
	} else {
		msg += " is not in " + filepath.Base(e.source)
	}
	for _, v := range variants {
		if _, ok := e.index[v.entry]; ok {
			show := quoteToken(v.entry)
			if e.format == "gpt2" {
				t, _ := FromByteLevel(v.entry)
				if show = quoteToken(t); t != v.entry {
					show += fmt.Sprintf(" (vocabulary entry %s)", quoteToken(v.entry))
				}
			}
			return fmt.Errorf("%s, but %s is, %s", msg, show, v.hint)
		}
	}
	return errors.New(msg)
}
