package embed

import (
	"strconv"
	"strings"
)

// Expr is a parsed expression: a [*Word], [*Neg], [*Scale] or [*Sum]. Its String is the canonical form, which
// parses back to the same expression.
type Expr interface {
	// Pos is the byte offset in the parsed input where the expression starts.
	Pos() int
	String() string
	isExpr()
}

// Word is a token to look up: a bare word (`boy`) or a quoted token (`" boy"`); see the package documentation for
// how each is looked up.
type Word struct {
	// Text is the word, or the quoted token's text without its quotes and with escapes resolved.
	Text string
	// Quoted is true for a quoted token, which is looked up literally.
	Quoted bool
	// Offset is the byte offset of the word (of its opening quote when quoted).
	Offset int
}

// Neg is `-X`.
type Neg struct {
	X      Expr
	Offset int // of the '-'
}

// Scale is a scalar multiple: `Factor*X` (Divide false) or `X/Factor` (Divide true).
type Scale struct {
	Factor float64
	Divide bool
	X      Expr
	// Offset is where the expression starts: the number for `2*X`, X's start for `X*2` and `X/2`.
	Offset int
	// FactorOffset is the byte offset of the number.
	FactorOffset int
}

// Sum is `X + Y` (Op '+') or `X - Y` (Op '-').
type Sum struct {
	Op   byte
	X, Y Expr
	// OpOffset is the byte offset of the operator.
	OpOffset int
}

func (w *Word) Pos() int  { return w.Offset }
func (n *Neg) Pos() int   { return n.Offset }
func (s *Scale) Pos() int { return s.Offset }
func (s *Sum) Pos() int   { return s.X.Pos() }

func (*Word) isExpr()  {}
func (*Neg) isExpr()   {}
func (*Scale) isExpr() {}
func (*Sum) isExpr()   {}

// String is the word as written: bare, or in double quotes with `\` and `"` escaped.
func (w *Word) String() string {
	if !w.Quoted {
		return w.Text
	}
	return quoteToken(w.Text)
}

func quoteToken(s string) string {
	var sb strings.Builder
	sb.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			sb.WriteByte('\\')
		}
		sb.WriteByte(s[i])
	}
	sb.WriteByte('"')
	return sb.String()
}

func (n *Neg) String() string {
	switch n.X.(type) {
	case *Sum, *Neg:
		return "-(" + n.X.String() + ")"
	case *Scale:
		if n.X.(*Scale).Divide {
			return "-(" + n.X.String() + ")"
		}
	}
	return "-" + n.X.String()
}

func (s *Scale) String() string {
	f := formatNumber(s.Factor)
	x := s.X.String()
	if s.Divide {
		// X/f binds at the level of a term: only a sum needs parentheses.
		if _, ok := s.X.(*Sum); ok {
			x = "(" + x + ")"
		}
		return x + "/" + f
	}
	// f*X: X is a unary; a sum, a division or a negation goes in parentheses (the last for readability).
	switch inner := s.X.(type) {
	case *Sum, *Neg:
		x = "(" + x + ")"
	case *Scale:
		if inner.Divide {
			x = "(" + x + ")"
		}
	}
	return f + "*" + x
}

func (s *Sum) String() string {
	y := s.Y.String()
	switch s.Y.(type) {
	case *Sum, *Neg:
		y = "(" + y + ")"
	}
	return s.X.String() + " " + string(s.Op) + " " + y
}

// formatNumber prints f in the shortest form that parses back to f.
func formatNumber(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
