package embed

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseCanonical(t *testing.T) {
	cases := []struct{ in, want string }{
		{"boy", "boy"},
		{"(boy - girl) - (man - woman)", "boy - girl - (man - woman)"},
		{"((boy-girl))-(man-woman)", "boy - girl - (man - woman)"},
		{"a - b - c", "a - b - c"},
		{"a - (b - c)", "a - (b - c)"},
		{"a + -b", "a + (-b)"},
		{"-a + b", "-a + b"},
		{"-(a + b)", "-(a + b)"},
		{"+a", "a"},
		{"--a", "-(-a)"},
		{"2*king", "2*king"},
		{"2 king", "2*king"},
		{"0.5 king", "0.5*king"},
		{"2king", "2*king"},
		{"king*2", "2*king"},
		{"king/2", "king/2"},
		{"2*king/4", "2*king/4"},
		{"2*(king/4)", "2*(king/4)"},
		{"(a - b)/2", "(a - b)/2"},
		{"2(a - b)", "2*(a - b)"},
		{"2*-a", "2*(-a)"},
		{"-a/2", "-a/2"},
		{"-(a/2)", "-(a/2)"},
		{"-2 a", "-2*a"},
		{"2*3*a", "2*3*a"},
		{"a*2*3", "3*2*a"},
		{".5e1 x", "5*x"},
		{"1e-3 x", "0.001*x"},
		{"1E+30 x", "1e+30*x"},
		{`" boy" - 'girl'`, `" boy" - "girl"`},
		{`"say \"hi\"" + 'it\'s' + "a\\b"`, `"say \"hi\"" + "it's" + "a\\b"`},
		{"Ġboy - café_2 + 名字", "Ġboy - café_2 + 名字"},
		{`"café" + '名字 x'`, `"café" + "名字 x"`},
		{" \t boy\n-\tgirl ", "boy - girl"},
	}
	for _, c := range cases {
		x, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if got := x.String(); got != c.want {
			t.Errorf("Parse(%q).String() = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseStructure(t *testing.T) {
	// Precedence and associativity, checked on the tree itself.
	x := MustParse("a - b + 2*c/4")
	sum, ok := x.(*Sum)
	if !ok || sum.Op != '+' {
		t.Fatalf("top is %T %v, want a '+' Sum", x, x)
	}
	left, ok := sum.X.(*Sum)
	if !ok || left.Op != '-' || left.X.(*Word).Text != "a" || left.Y.(*Word).Text != "b" {
		t.Fatalf("left of '+' = %v, want a - b", sum.X)
	}
	div, ok := sum.Y.(*Scale)
	if !ok || !div.Divide || div.Factor != 4 {
		t.Fatalf("right of '+' = %#v, want …/4", sum.Y)
	}
	mul, ok := div.X.(*Scale)
	if !ok || mul.Divide || mul.Factor != 2 || mul.X.(*Word).Text != "c" {
		t.Fatalf("inside /4: %#v, want 2*c", div.X)
	}
	// Positions: byte offsets in the input.
	if sum.OpOffset != 6 || div.FactorOffset != 12 || mul.Offset != 8 || left.Y.Pos() != 4 {
		t.Errorf("offsets: '+' %d, 4 %d, 2*c %d, b %d; want 6, 12, 8, 4", sum.OpOffset, div.FactorOffset, mul.Offset, left.Y.Pos())
	}
	w := MustParse(`  " boy"`).(*Word)
	if w.Text != " boy" || !w.Quoted || w.Offset != 2 {
		t.Errorf(`Parse("  \" boy\"") = %#v`, w)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		in     string
		offset int // byte offset of the error
		column int
		msg    string
	}{
		{"", 0, 1, "empty expression"},
		{"   ", 3, 4, "empty expression"},
		{"(boy - girl", 11, 12, "expected ')' to close the '(' at column 1, found end of expression"},
		{"(boy - girl))", 12, 13, "no '(' to close"},
		{"boy girl", 4, 5, `unexpected word "girl"`},
		{"boy -", 5, 6, "found end of expression"},
		{"boy - * girl", 6, 7, "found '*'"},
		{"boy * girl", 6, 7, `expected a number after '*', found word "girl"`},
		{"boy / 0", 6, 7, "division by zero"},
		{"boy / 0.0e5", 6, 7, "division by zero"},
		{"2", 1, 2, "after the number 2, found end of expression"},
		{"a + 2", 5, 6, "a number only scales a vector"},
		{"2 - a", 2, 3, "after the number 2, found '-'"},
		{"2 3 a", 2, 3, "found number 3"},
		{"boy @ girl", 4, 5, "unexpected character '@'"},
		{"boy.girl", 3, 4, "unexpected character '.'"},
		{`"boy`, 0, 1, "unterminated quoted token"},
		{`a + "b\`, 4, 5, "unterminated quoted token"},
		{`a + "b\n"`, 6, 7, `unknown escape \n`},
		{`a + ""`, 4, 5, "empty quoted token"},
		{"1e999 a", 0, 1, "out of range"},
		{"名字 + @", 9, 6, "unexpected character '@'"},
		{"a + \xff", 4, 5, "invalid UTF-8 byte 0xff"},
		{"\"é\xff\"", 3, 3, "invalid UTF-8 byte 0xff"},
		{"()", 1, 2, "found ')'"},
		{strings.Repeat("(", MaxDepth+5) + "a" + strings.Repeat(")", MaxDepth+5), MaxDepth + 1, MaxDepth + 2, "nested deeper"},
		{strings.Repeat("-", 300) + "a", MaxDepth + 1, MaxDepth + 2, "nested deeper"},
	}
	for _, c := range cases {
		_, err := Parse(c.in)
		var pe *ExprError
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q) = %v, want an *ExprError", c.in, err)
			continue
		}
		if pe.Offset != c.offset || pe.Column != c.column || !strings.Contains(pe.Msg, c.msg) {
			t.Errorf("Parse(%q): offset %d column %d %q; want offset %d column %d, message containing %q",
				c.in, pe.Offset, pe.Column, pe.Msg, c.offset, c.column, c.msg)
		}
	}
}

func TestExprErrorText(t *testing.T) {
	_, err := Parse("(boy - girl) - (man - woman")
	want := "column 28: expected ')' to close the '(' at column 16, found end of expression\n" +
		"  (boy - girl) - (man - woman\n" +
		"                             ^"
	if err == nil || err.Error() != want {
		t.Errorf("error text:\n%v\nwant:\n%s", err, want)
	}
	line := err.(*ExprError).Line()
	if strings.Contains(line, "\n") || !strings.HasPrefix(line, `column 28 of "(boy - girl) - (man - woman": expected ')'`) {
		t.Errorf("Line() = %q", line)
	}
	// The caret counts characters, not bytes.
	_, err = Parse("名字 ? x")
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 3 || strings.Index(lines[2], "^") != 2+utf8.RuneCountInString("名字 ") {
		t.Errorf("caret for a non-ASCII input:\n%v", err)
	}
}

// FuzzParse: Parse never panics; errors point inside the input; a parsed expression prints to a string that
// parses back to the same string.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"(boy - girl) - (man - woman)", "2*king - 0.5 queen/3", `" boy" + 'it\'s' - -x`,
		"1e5x", "((a))", "-(a/2)", "2(a - b)", "a * b", `"\\\""`, "名字", "\xff", ".5e-3 x", "2*-a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Any valid text, quoted, is one token.
		if utf8.ValidString(s) && s != "" {
			w, err := Parse(quoteToken(s))
			if word, ok := w.(*Word); err != nil || !ok || word.Text != s || !word.Quoted {
				t.Fatalf("Parse(%s) = %#v, %v; want the quoted token %q", quoteToken(s), w, err, s)
			}
		}
		x, err := Parse(s)
		if err != nil {
			var pe *ExprError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q): error %T, want *ExprError", s, err)
			}
			if pe.Offset < 0 || pe.Offset > len(s) || pe.Column < 1 || pe.Column > utf8.RuneCountInString(s)+1 {
				t.Fatalf("Parse(%q): error position offset %d column %d outside the input", s, pe.Offset, pe.Column)
			}
			_ = pe.Error()
			return
		}
		s1 := x.String()
		y, err := Parse(s1)
		if err != nil {
			t.Fatalf("Parse(%q) printed as %q, which does not parse: %v", s, s1, err)
		}
		if s2 := y.String(); s2 != s1 {
			t.Fatalf("Parse(%q) printed as %q, reparsed and printed as %q", s, s1, s2)
		}
		if dump(x) != dump(y) {
			t.Fatalf("Parse(%q) = %s but Parse(%q) = %s", s, dump(x), s1, dump(y))
		}
	})
}

// dump writes an expression's tree, fully parenthesized, without positions.
func dump(x Expr) string {
	switch x := x.(type) {
	case *Word:
		if x.Quoted {
			return "Q" + quoteToken(x.Text)
		}
		return "W(" + x.Text + ")"
	case *Neg:
		return "Neg(" + dump(x.X) + ")"
	case *Scale:
		op := "*"
		if x.Divide {
			op = "/"
		}
		return "Scale(" + formatNumber(x.Factor) + op + dump(x.X) + ")"
	case *Sum:
		return "Sum(" + dump(x.X) + string(x.Op) + dump(x.Y) + ")"
	}
	return "?"
}
