package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Notebook is a parsed Jupyter notebook (nbformat 4). The whole JSON document is kept in raw, so a notebook can be
// written back with only its outputs changed.
type Notebook struct {
	Cells []Cell
	raw   map[string]any
}

// Cell is one cell of a notebook.
type Cell struct {
	// Index is the cell's position in the notebook it was parsed from, counted from 0.
	Index int
	// Type is "code", "markdown" or "raw".
	Type string
	// Source is the cell's text.
	Source string
	// Tags are the cell's metadata.tags.
	Tags []string
	// Outputs of a code cell.
	Outputs []Output
	raw     map[string]any
}

// Output is one output of a code cell.
type Output struct {
	// Type is the output_type: "stream", "display_data", "execute_result" or "error".
	Type string
	// Name is the stream's name ("stdout" or "stderr") for a stream output.
	Name string
	// Text is a stream output's text.
	Text string
	// Data maps a MIME type to its content (text, or base64 for binary types) for display_data and execute_result.
	Data map[string]string
	// EName, EValue and Traceback describe an error output.
	EName, EValue string
	Traceback     []string
}

// HasTag reports whether the cell carries tag.
func (c *Cell) HasTag(tag string) bool { return slices.Contains(c.Tags, tag) }

// ParseNotebook parses an .ipynb document (nbformat 4).
func ParseNotebook(data []byte) (*Notebook, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // keeps numbers as written, for a faithful write-back
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("not a notebook (invalid JSON): %w", err)
	}
	if major, _ := raw["nbformat"].(json.Number); major.String() != "4" {
		return nil, fmt.Errorf("nbformat is %v, only 4 is supported", raw["nbformat"])
	}
	rawCells, ok := raw["cells"].([]any)
	if !ok {
		return nil, fmt.Errorf("notebook has no \"cells\" list")
	}
	nb := &Notebook{raw: raw}
	for i, rc := range rawCells {
		m, ok := rc.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("cell %d is not an object", i)
		}
		c, err := parseCell(i, m)
		if err != nil {
			return nil, fmt.Errorf("cell %d: %w", i, err)
		}
		nb.Cells = append(nb.Cells, c)
	}
	return nb, nil
}

// ReadNotebook reads and parses the notebook at path.
func ReadNotebook(path string) (*Notebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	nb, err := ParseNotebook(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return nb, nil
}

func parseCell(index int, m map[string]any) (Cell, error) {
	c := Cell{Index: index, raw: m}
	c.Type, _ = m["cell_type"].(string)
	if c.Type == "" {
		return c, fmt.Errorf("missing cell_type")
	}
	c.Source = multiline(m["source"])
	if md, ok := m["metadata"].(map[string]any); ok {
		if tags, ok := md["tags"].([]any); ok {
			for _, t := range tags {
				if s, ok := t.(string); ok {
					c.Tags = append(c.Tags, s)
				}
			}
		}
	}
	outs, _ := m["outputs"].([]any)
	for j, ro := range outs {
		om, ok := ro.(map[string]any)
		if !ok {
			return c, fmt.Errorf("output %d is not an object", j)
		}
		o := Output{}
		o.Type, _ = om["output_type"].(string)
		o.Name, _ = om["name"].(string)
		o.Text = multiline(om["text"])
		o.EName, _ = om["ename"].(string)
		o.EValue, _ = om["evalue"].(string)
		if tb, ok := om["traceback"].([]any); ok {
			for _, line := range tb {
				if s, ok := line.(string); ok {
					o.Traceback = append(o.Traceback, s)
				}
			}
		}
		if data, ok := om["data"].(map[string]any); ok {
			o.Data = make(map[string]string, len(data))
			for mime, v := range data {
				if _, ok := v.(string); ok || isStringList(v) {
					o.Data[mime] = multiline(v)
				} else if b, err := json.Marshal(v); err == nil { // JSON MIME types hold objects
					o.Data[mime] = string(b)
				}
			}
		}
		c.Outputs = append(c.Outputs, o)
	}
	return c, nil
}

// multiline joins nbformat's "multiline string": a string or a list of strings.
func multiline(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case []any:
		var sb strings.Builder
		for _, part := range s {
			if p, ok := part.(string); ok {
				sb.WriteString(p)
			}
		}
		return sb.String()
	}
	return ""
}

func isStringList(v any) bool {
	l, ok := v.([]any)
	if !ok {
		return false
	}
	for _, e := range l {
		if _, ok := e.(string); !ok {
			return false
		}
	}
	return true
}

// RunCopy returns the notebook to execute: the cells carrying none of skipTags, with outputs and execution counts
// cleared, encoded as JSON; index[k] is the original position of the copy's cell k.
func (nb *Notebook) RunCopy(skipTags []string) (data []byte, index []int, err error) {
	cp := make(map[string]any, len(nb.raw))
	for k, v := range nb.raw {
		cp[k] = v
	}
	var cells []any
	for _, c := range nb.Cells {
		if slices.ContainsFunc(skipTags, c.HasTag) {
			continue
		}
		cm := make(map[string]any, len(c.raw))
		for k, v := range c.raw {
			cm[k] = v
		}
		if c.Type == "code" {
			cm["outputs"] = []any{}
			cm["execution_count"] = nil
		}
		cells = append(cells, cm)
		index = append(index, c.Index)
	}
	if cells == nil {
		cells = []any{}
	}
	cp["cells"] = cells
	data, err = encodeNotebook(cp)
	return data, index, err
}

// MergeOutputs returns nb encoded with the outputs and execution counts of executed's code cells copied into the
// cells they came from (index as returned by RunCopy) and the executed notebook's language_info. Cells that were
// not executed keep what they had.
func (nb *Notebook) MergeOutputs(executed *Notebook, index []int) ([]byte, error) {
	if len(executed.Cells) != len(index) {
		return nil, fmt.Errorf("executed notebook has %d cells, expected %d", len(executed.Cells), len(index))
	}
	out := make(map[string]any, len(nb.raw))
	for k, v := range nb.raw {
		out[k] = v
	}
	cells := make([]any, len(nb.Cells))
	for i, c := range nb.Cells {
		cells[i] = c.raw
	}
	for k, ec := range executed.Cells {
		orig := nb.Cells[index[k]]
		if orig.Type != ec.Type || orig.Source != ec.Source {
			return nil, fmt.Errorf("executed cell %d does not match cell %d of the notebook", k, index[k])
		}
		if orig.Type != "code" {
			continue
		}
		cm := make(map[string]any, len(orig.raw))
		for key, v := range orig.raw {
			cm[key] = v
		}
		cm["outputs"] = ec.raw["outputs"]
		cm["execution_count"] = ec.raw["execution_count"]
		cells[index[k]] = cm
	}
	out["cells"] = cells
	if li, ok := executed.raw["metadata"].(map[string]any)["language_info"]; ok {
		md, _ := out["metadata"].(map[string]any)
		nmd := make(map[string]any, len(md)+1)
		for k, v := range md {
			nmd[k] = v
		}
		nmd["language_info"] = li
		out["metadata"] = nmd
	}
	return encodeNotebook(out)
}

// encodeNotebook writes a notebook the way nbformat does (sorted keys, one-space indent, no ASCII or HTML
// escaping, final newline), so a write-back gives a clean diff.
func encodeNotebook(raw map[string]any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(raw); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeFileAtomic writes data to path through a temporary file in the same folder and a rename, so a reader never
// sees a partial notebook. (nbrun keeps to the standard library, so it does not import toysup.WriteFileAtomic.)
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	mode := os.FileMode(0o644)
	if st, serr := os.Stat(path); serr == nil {
		mode = st.Mode().Perm()
	}
	if err == nil {
		err = os.Chmod(tmp, mode)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
