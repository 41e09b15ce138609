package toysup

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf8"
)

// Input limits: files larger than these are refused before they are parsed.
const (
	// MaxConfigBytes is the largest config file or text [ParseConfig] reads (1 MiB: a [K][n] table of 50 000
	// numbers fits).
	MaxConfigBytes = 1 << 20
	// MaxResultBytes is the largest result or dynamics file [LoadResult] and [LoadDynamics] read (4 GiB); the
	// pre-flight ([Estimate]) refuses configs whose result file would be larger.
	MaxResultBytes = 4 << 30
	// maxJSONDepth bounds the nesting of every JSON input (the formats nest at most 5 deep).
	maxJSONDepth = 16
	// maxMessageValue bounds how much of a value a message quotes.
	maxMessageValue = 64
)

// Clip shortens s to at most max bytes (on a rune boundary), marking a cut with "…": error messages quote
// user input through it so they stay short.
func Clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("…(%d bytes)", len(s))
}

// ReadFileLimited reads the file at path if it is a regular file of at most limit bytes; what names the kind of
// file in errors ("config", "result").
func ReadFileLimited(path string, limit int64, what string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s %s: not a regular file", what, path)
	}
	if st.Size() > limit {
		return nil, fmt.Errorf("%s %s: %d bytes, limit %d", what, path, st.Size(), limit)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", what, path, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s %s: more than %d bytes", what, path, limit)
	}
	return data, nil
}

// CheckJSON checks that data is exactly one JSON object, at most 16 levels deep, with no key twice in any object.
// what names the document in errors ("config", "result").
func CheckJSON(data []byte, what string) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return fmt.Errorf("%s: empty (want a JSON object)", what)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("%s: invalid JSON: %s", what, Clip(err.Error(), 200))
	}
	if tok != json.Delim('{') {
		return fmt.Errorf("%s: want a JSON object, got %s", what, Clip(fmt.Sprint(tok), maxMessageValue))
	}
	if err := checkObject(dec, "", 1); err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			return err
		}
		return fmt.Errorf("%s: invalid JSON: %s", what, Clip(err.Error(), 200))
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%s: trailing data after the JSON object", what)
	}
	return nil
}

// checkObject reads an object's members after its '{', refusing duplicate keys.
func checkObject(dec *json.Decoder, path string, depth int) error {
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		name := key
		if path != "" {
			name = path + "." + key
		}
		if seen[key] {
			return &FieldError{Field: Clip(name, maxMessageValue), Msg: "appears twice (each key once)"}
		}
		seen[key] = true
		if tok, err = dec.Token(); err != nil {
			return err
		}
		if err := checkContainer(dec, tok, name, depth+1); err != nil {
			return err
		}
	}
	_, err := dec.Token() // '}'
	return err
}

// checkContainer walks the object or array that tok opens (other values need nothing more).
func checkContainer(dec *json.Decoder, tok json.Token, path string, depth int) error {
	if tok != json.Delim('{') && tok != json.Delim('[') {
		return nil
	}
	if depth >= maxJSONDepth {
		return fmt.Errorf("nested more than %d levels at %s", maxJSONDepth, Clip(path, maxMessageValue))
	}
	if tok == json.Delim('{') {
		return checkObject(dec, path, depth)
	}
	for i := 0; dec.More(); i++ {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if tok != json.Delim('{') && tok != json.Delim('[') {
			continue // numbers stay cheap: no path is built for them.
		}
		if err := checkContainer(dec, tok, fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
			return err
		}
	}
	_, err := dec.Token() // ']'
	return err
}
