package toysup

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
)

// Table is a config value given as a number, a list `[a]` or a list of lists `[a][b]`: how per-instance and
// per-feature values (feature probability, importance) are written. The zero Table is unset.
type Table struct {
	rank int // 0: number, 1: list, 2: list of lists; -1 (zero value +(-1)) unset.
	set  bool
	rows [][]float64
}

// Scalar is a Table holding one number.
func Scalar(v float64) Table { return Table{set: true, rows: [][]float64{{v}}} }

// Vector is a Table holding a list.
func Vector(v []float64) Table {
	return Table{set: true, rank: 1, rows: [][]float64{append([]float64(nil), v...)}}
}

// Matrix is a Table holding a list of lists.
func Matrix(v [][]float64) Table {
	rows := make([][]float64, len(v))
	for i := range v {
		rows[i] = append([]float64(nil), v[i]...)
	}
	return Table{set: true, rank: 2, rows: rows}
}

// Rank is 0 for a number, 1 for a list, 2 for a list of lists and −1 when unset.
func (t Table) Rank() int {
	if !t.set {
		return -1
	}
	return t.rank
}

// UnmarshalJSON accepts a number, a list of numbers or a list of lists of numbers.
func (t *Table) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		return nil
	}
	var f float64
	if err := json.Unmarshal(data, &f); err == nil {
		*t = Scalar(f)
		return nil
	}
	var v []float64
	if err := json.Unmarshal(data, &v); err == nil {
		*t = Vector(v)
		return nil
	}
	var m [][]float64
	if err := json.Unmarshal(data, &m); err == nil {
		*t = Matrix(m)
		return nil
	}
	return &tableError{got: string(data)}
}

// tableError is a Table's JSON of the wrong form; [ParseConfig] names the field.
type tableError struct{ got string }

func (e *tableError) Error() string {
	return fmt.Sprintf("wrong type: want a number, a list of numbers or a list of lists of numbers, got %.40s", e.got)
}

// MarshalJSON writes the table in the form it was given.
func (t Table) MarshalJSON() ([]byte, error) {
	switch t.Rank() {
	case -1:
		return []byte("null"), nil
	case 0:
		return json.Marshal(t.rows[0][0])
	case 1:
		return json.Marshal(t.rows[0])
	}
	return json.Marshal(t.rows)
}

// IsZero reports an unset table (for `omitempty`).
func (t Table) IsZero() bool { return !t.set }

// check validates the shape against K instances and n features and each value with ok.
// A list is `[K]` when perInstanceList, else `[n]`.
func (t Table) check(field string, k, n int, perInstanceList bool, ok func(float64) bool, allowed string) error {
	switch t.Rank() {
	case -1:
		return fieldErr(field, "missing")
	case 1:
		want, what := n, "[features]"
		if perInstanceList {
			want, what = k, "[instances]"
		}
		if len(t.rows[0]) != want {
			return fieldErr(field, "a list must be %s = %d long, got %d (or give a number, or [instances][features] = [%d][%d])", what, want, len(t.rows[0]), k, n)
		}
	case 2:
		if len(t.rows) != k {
			return fieldErr(field, "a list of lists must be [instances][features] = [%d][%d], got %d rows", k, n, len(t.rows))
		}
		for i, r := range t.rows {
			if len(r) != n {
				return fieldErr(fmt.Sprintf("%s[%d]", field, i), "must have features = %d values, got %d", n, len(r))
			}
		}
	}
	for i, r := range t.rows {
		for j, v := range r {
			if !ok(v) || math.IsNaN(v) {
				name := field
				switch t.rank {
				case 1:
					name = fmt.Sprintf("%s[%d]", field, j)
				case 2:
					name = fmt.Sprintf("%s[%d][%d]", field, i, j)
				}
				return fieldErr(name, "got %v, each value must be %s", v, allowed)
			}
		}
	}
	return nil
}

// expand returns the table as `[k][n]` (a list is per instance when perInstanceList, else per feature).
func (t Table) expand(k, n int, perInstanceList bool) [][]float64 {
	out := make([][]float64, k)
	for i := range out {
		out[i] = make([]float64, n)
		for j := range out[i] {
			switch {
			case t.rank == 0:
				out[i][j] = t.rows[0][0]
			case t.rank == 1 && perInstanceList:
				out[i][j] = t.rows[0][i]
			case t.rank == 1:
				out[i][j] = t.rows[0][j]
			default:
				out[i][j] = t.rows[i][j]
			}
		}
	}
	return out
}
