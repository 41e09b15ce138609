package embed

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/janpfeifer/must"
)

// MaxDepth is the deepest nesting of parentheses and unary signs an expression may have.
const MaxDepth = 200

// MaxExprBytes is the longest expression [Parse] accepts.
const MaxExprBytes = 4096

// maxShown bounds how much of an expression or a word an error message quotes.
const maxShown = 60

// ExprError is an error at a position of an expression: a syntax error, or a word that cannot be looked up.
type ExprError struct {
	// Input is the expression (empty when the error came from [Eval], which does not see the text).
	Input string
	// Offset is the byte offset of the offending input, in [0, len(Input)].
	Offset int
	// Column is the 1-based column of Offset, counted in characters (0 when Input is unknown).
	Column int
	// Msg says what is wrong.
	Msg string
	// Err is the underlying error of a failed lookup, or nil.
	Err error
}

// Error is the message, then the expression and a caret under the offending column, on three lines.
func (e *ExprError) Error() string {
	if e.Input == "" && e.Column == 0 {
		return fmt.Sprintf("at byte %d: %s", e.Offset, e.Msg)
	}
	line, caret := e.caret()
	return fmt.Sprintf("column %d: %s\n  %s\n  %s^", e.Column, e.Msg, line, caret)
}

// Line is the error on one line: `column 12 of "(boy - girl": missing ')' …`.
func (e *ExprError) Line() string {
	if e.Input == "" && e.Column == 0 {
		return fmt.Sprintf("at byte %d: %s", e.Offset, e.Msg)
	}
	return fmt.Sprintf("column %d of %s: %s", e.Column, strconv.Quote(window(e.Input, e.Offset)), clip(e.Msg, 4*maxShown))
}

// window is the part of s around byte offset off, at most about maxShown bytes, with "…" where it was cut.
func window(s string, off int) string {
	if len(s) <= maxShown {
		return s
	}
	lo, hi := max(0, off-maxShown/2), min(len(s), max(0, off-maxShown/2)+maxShown)
	for lo > 0 && !utf8.RuneStart(s[lo]) {
		lo--
	}
	for hi < len(s) && !utf8.RuneStart(s[hi]) {
		hi++
	}
	out := s[lo:hi]
	if lo > 0 {
		out = "…" + out
	}
	if hi < len(s) {
		out += "…"
	}
	return out
}

// clip shortens s to about n bytes, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return fmt.Sprintf("%s…(%d bytes)", s[:n], len(s))
}

func (e *ExprError) Unwrap() error { return e.Err }

// caret returns the input with control characters shown as spaces, and the padding that puts a caret under
// Column.
func (e *ExprError) caret() (line, pad string) {
	var sb strings.Builder
	for _, r := range e.Input {
		if unicode.IsControl(r) || r == utf8.RuneError {
			r = ' '
		}
		sb.WriteRune(r)
	}
	return sb.String(), strings.Repeat(" ", max(e.Column-1, 0))
}

// withInput sets the input and column of an *ExprError that came from evaluation.
func withInput(err error, input string) error {
	if e, ok := err.(*ExprError); ok && e.Input == "" {
		e.Input = input
		e.Column = column(input, e.Offset)
	}
	return err
}

// column is the 1-based character column of byte offset off in s.
func column(s string, off int) int {
	off = min(max(off, 0), len(s))
	return utf8.RuneCountInString(s[:off]) + 1
}

type tokKind int

const (
	tEOF tokKind = iota
	tWord
	tQuoted
	tNumber
	tPlus
	tMinus
	tStar
	tSlash
	tLParen
	tRParen
)

type token struct {
	kind tokKind
	text string  // word or quoted text; the number as written
	num  float64 // tNumber
	off  int
}

func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of expression"
	case tWord:
		return fmt.Sprintf("word %q", t.text)
	case tQuoted:
		return "quoted token " + quoteToken(t.text)
	case tNumber:
		return "number " + t.text
	default:
		return "'" + t.text + "'"
	}
}

// Parse parses an expression; see the package documentation for the grammar. Errors are [*ExprError]s.
func Parse(input string) (Expr, error) {
	if len(input) > MaxExprBytes {
		return nil, &ExprError{Input: input, Offset: MaxExprBytes, Column: column(input, MaxExprBytes),
			Msg: fmt.Sprintf("expression of %d bytes: longer than %d", len(input), MaxExprBytes)}
	}
	p := &parser{in: input}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tEOF {
		return nil, p.errAt(p.tok.off, "empty expression")
	}
	x, err := p.expr(0)
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		msg := fmt.Sprintf("unexpected %s: expected an operator (+, -, * or /) or the end", p.tok.describe())
		if p.tok.kind == tRParen {
			msg = "unexpected ')': no '(' to close"
		}
		return nil, p.errAt(p.tok.off, "%s", msg)
	}
	return x, nil
}

// MustParse is [Parse] that panics on error.
func MustParse(input string) Expr { return must.M1(Parse(input)) }

type parser struct {
	in  string
	pos int   // next byte to scan
	tok token // current token
}

func (p *parser) errAt(off int, format string, args ...any) *ExprError {
	return &ExprError{Input: p.in, Offset: off, Column: column(p.in, off), Msg: fmt.Sprintf(format, args...)}
}

// advance scans the next token into p.tok.
func (p *parser) advance() error {
	in := p.in
	for p.pos < len(in) {
		r, size := utf8.DecodeRuneInString(in[p.pos:])
		if r == utf8.RuneError && size == 1 {
			return p.errAt(p.pos, "invalid UTF-8 byte 0x%02x", in[p.pos])
		}
		if !unicode.IsSpace(r) {
			break
		}
		p.pos += size
	}
	start := p.pos
	if start == len(in) {
		p.tok = token{kind: tEOF, off: start}
		return nil
	}
	c := in[start]
	if k, ok := singleChar[c]; ok {
		p.pos++
		p.tok = token{kind: k, text: string(c), off: start}
		return nil
	}
	if c == '"' || c == '\'' {
		return p.scanQuoted(c)
	}
	if isDigit(c) || (c == '.' && start+1 < len(in) && isDigit(in[start+1])) {
		return p.scanNumber()
	}
	r, size := utf8.DecodeRuneInString(in[start:])
	if r == utf8.RuneError && size == 1 {
		return p.errAt(start, "invalid UTF-8 byte 0x%02x", c)
	}
	if !unicode.IsLetter(r) && r != '_' {
		return p.errAt(start, "unexpected character %q: expected a word, a quoted token, a number, + - * / ( or )", r)
	}
	p.pos += size
	for p.pos < len(in) {
		r, size := utf8.DecodeRuneInString(in[p.pos:])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_') || (r == utf8.RuneError && size == 1) {
			break
		}
		p.pos += size
	}
	p.tok = token{kind: tWord, text: in[start:p.pos], off: start}
	return nil
}

var singleChar = map[byte]tokKind{'+': tPlus, '-': tMinus, '*': tStar, '/': tSlash, '(': tLParen, ')': tRParen}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func (p *parser) scanQuoted(q byte) error {
	in, start := p.in, p.pos
	var sb strings.Builder
	i := start + 1
	for {
		if i >= len(in) {
			return p.errAt(start, "unterminated quoted token: no closing %c", q)
		}
		c := in[i]
		if c == q {
			break
		}
		if c == '\\' {
			if i+1 >= len(in) {
				return p.errAt(start, "unterminated quoted token: no closing %c", q)
			}
			e := in[i+1]
			if e != '\\' && e != q {
				return p.errAt(i, `unknown escape \%c in a quoted token: only \\ and \%c are escapes`, rune(e), q)
			}
			sb.WriteByte(e)
			i += 2
			continue
		}
		r, size := utf8.DecodeRuneInString(in[i:])
		if r == utf8.RuneError && size == 1 {
			return p.errAt(i, "invalid UTF-8 byte 0x%02x", c)
		}
		sb.WriteString(in[i : i+size])
		i += size
	}
	if sb.Len() == 0 {
		return p.errAt(start, "empty quoted token")
	}
	p.pos = i + 1
	p.tok = token{kind: tQuoted, text: sb.String(), off: start}
	return nil
}

func (p *parser) scanNumber() error {
	in, start := p.in, p.pos
	i := start
	digits := func() {
		for i < len(in) && isDigit(in[i]) {
			i++
		}
	}
	digits()
	if i < len(in) && in[i] == '.' {
		i++
		digits()
	}
	if i < len(in) && (in[i] == 'e' || in[i] == 'E') {
		j := i + 1
		if j < len(in) && (in[j] == '+' || in[j] == '-') {
			j++
		}
		if j < len(in) && isDigit(in[j]) {
			i = j
			digits()
		}
	}
	text := in[start:i]
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(f, 0) {
		return p.errAt(start, "number %s is out of range", text)
	}
	p.pos = i
	p.tok = token{kind: tNumber, text: text, num: f, off: start}
	return nil
}

// expr = term { ("+" | "-") term } .
func (p *parser) expr(depth int) (Expr, error) {
	x, err := p.term(depth)
	if err != nil {
		return nil, err
	}
	for p.tok.kind == tPlus || p.tok.kind == tMinus {
		op := p.tok
		if err := p.advance(); err != nil {
			return nil, err
		}
		y, err := p.term(depth)
		if err != nil {
			return nil, err
		}
		x = &Sum{Op: op.text[0], X: x, Y: y, OpOffset: op.off}
	}
	return x, nil
}

// term = unary { "*" number | "/" number } .
func (p *parser) term(depth int) (Expr, error) {
	x, err := p.unary(depth)
	if err != nil {
		return nil, err
	}
	for p.tok.kind == tStar || p.tok.kind == tSlash {
		op := p.tok
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind != tNumber {
			return nil, p.errAt(p.tok.off, "expected a number after '%s', found %s: vectors are only scaled by numbers",
				op.text, p.tok.describe())
		}
		num := p.tok
		if op.kind == tSlash && num.num == 0 {
			return nil, p.errAt(num.off, "division by zero")
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		x = &Scale{Factor: num.num, Divide: op.kind == tSlash, X: x, Offset: x.Pos(), FactorOffset: num.off}
	}
	return x, nil
}

// unary = ("-" | "+") unary | number [ "*" ] unary | primary .
func (p *parser) unary(depth int) (Expr, error) {
	if depth > MaxDepth {
		return nil, p.errAt(p.tok.off, "expression nested deeper than %d levels", MaxDepth)
	}
	switch p.tok.kind {
	case tMinus, tPlus:
		sign := p.tok
		if err := p.advance(); err != nil {
			return nil, err
		}
		x, err := p.unary(depth + 1)
		if err != nil {
			return nil, err
		}
		if sign.kind == tPlus {
			return x, nil
		}
		return &Neg{X: x, Offset: sign.off}, nil
	case tNumber:
		num := p.tok
		if err := p.advance(); err != nil {
			return nil, err
		}
		star := p.tok.kind == tStar
		if star {
			if err := p.advance(); err != nil {
				return nil, err
			}
		}
		// Without '*' only a word, a quoted token or '(' may follow, so that `2 - a` is not read as 2*(-a).
		switch p.tok.kind {
		case tWord, tQuoted, tLParen:
		case tMinus, tPlus, tNumber:
			if star {
				break
			}
			fallthrough
		default:
			return nil, p.errAt(p.tok.off, "expected a word, a quoted token or '(' after the number %s, found %s: a number only scales a vector",
				num.text, p.tok.describe())
		}
		x, err := p.unary(depth + 1)
		if err != nil {
			return nil, err
		}
		return &Scale{Factor: num.num, X: x, Offset: num.off, FactorOffset: num.off}, nil
	}
	return p.primary(depth)
}

// primary = word | quoted | "(" expr ")" .
func (p *parser) primary(depth int) (Expr, error) {
	tok := p.tok
	switch tok.kind {
	case tWord, tQuoted:
		if err := p.advance(); err != nil {
			return nil, err
		}
		return &Word{Text: tok.text, Quoted: tok.kind == tQuoted, Offset: tok.off}, nil
	case tLParen:
		if err := p.advance(); err != nil {
			return nil, err
		}
		x, err := p.expr(depth + 1)
		if err != nil {
			return nil, err
		}
		if p.tok.kind != tRParen {
			return nil, p.errAt(p.tok.off, "expected ')' to close the '(' at column %d, found %s",
				column(p.in, tok.off), p.tok.describe())
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		return x, nil
	}
	return nil, p.errAt(tok.off, "expected a word, a quoted token, a number or '(', found %s", tok.describe())
}
