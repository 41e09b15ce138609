package embed

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/janpfeifer/must"
)

// maxTextLine bounds one line of a text source (a 4096-dimensional vector takes about 50 kB).
const maxTextLine = 16 << 20

// LoadText reads a plain-text source: per line a word, then its d floats, separated by spaces or tabs (GloVe's
// and word2vec's text formats); a first line of exactly two non-negative integers is the word2vec header
// "count dim", which the rest of the file must then match. Blank lines are skipped; every line must have the
// same d ≥ 1, and a word listed twice is an error. [WithLeadingSpace] does not apply and is an error.
func LoadText(path string, opts ...Option) (*Embeddings, error) {
	if collect(opts).leadingSpace {
		return nil, errors.New("embed: the leading-space convention applies to GPT-2 folders only, not to text file " + path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("embed: %w", err)
	}
	defer f.Close()
	e := &Embeddings{format: "text", source: path, index: map[string]int{}}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), maxTextLine)
	lineNo, headerCount, headerDim := 0, -1, -1
	firstLine := map[string]int{}
	split := func(r rune) bool { return r == ' ' || r == '\t' || r == '\r' }
	for sc.Scan() {
		lineNo++
		fields := strings.FieldsFunc(sc.Text(), split)
		if len(fields) == 0 {
			continue
		}
		if headerCount < 0 && len(e.index) == 0 && len(fields) == 2 {
			c, err1 := strconv.Atoi(fields[0])
			d, err2 := strconv.Atoi(fields[1])
			if err1 == nil && err2 == nil && c >= 0 && d >= 0 {
				if d == 0 {
					return nil, fmt.Errorf("embed: %s:%d: header \"count dim\" gives dim 0", path, lineNo)
				}
				headerCount, headerDim, e.dim = c, d, d
				continue
			}
		}
		word, nums := fields[0], fields[1:]
		if e.dim == 0 {
			if len(nums) == 0 {
				return nil, fmt.Errorf("embed: %s:%d: word %q has no numbers after it", path, lineNo, word)
			}
			e.dim = len(nums)
		}
		if len(nums) != e.dim {
			what := "the first line's"
			if headerDim > 0 {
				what = "the header's"
			}
			return nil, fmt.Errorf("embed: %s:%d: word %q has %d numbers, %s dim is %d", path, lineNo, word, len(nums), what, e.dim)
		}
		if prev, dup := firstLine[word]; dup {
			return nil, fmt.Errorf("embed: %s:%d: word %q is already on line %d", path, lineNo, word, prev)
		}
		for i, s := range nums {
			x, err := strconv.ParseFloat(s, 32)
			if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
				return nil, fmt.Errorf("embed: %s:%d: word %q: number %d, %q, is not a finite float32", path, lineNo, word, i+1, s)
			}
			e.data = append(e.data, float32(x))
		}
		firstLine[word] = lineNo
		e.index[word] = len(e.index)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("embed: %s:%d: %w", path, lineNo+1, err)
	}
	if len(e.index) == 0 {
		return nil, fmt.Errorf("embed: %s holds no words", path)
	}
	if headerCount >= 0 && headerCount != len(e.index) {
		return nil, fmt.Errorf("embed: %s: the header says %d words, the file holds %d", path, headerCount, len(e.index))
	}
	return e, nil
}

// MustLoadText is [LoadText] that panics on error.
func MustLoadText(path string, opts ...Option) *Embeddings { return must.M1(LoadText(path, opts...)) }
