package report

import (
	"html"
	"strings"
	"unicode/utf8"
)

// Table is a titled table of text cells.
type Table struct {
	// Title is a heading written above the table ("" for none).
	Title string
	// Header names the columns, `[columns]`; Rows hold the cells, `[rows][columns]`.
	Header []string
	Rows   [][]string
	// Note is a line written below the table ("" for none).
	Note string
}

// Markdown writes the table as GitHub-flavoured Markdown: "### Title", the pipe table, the note.
func (t Table) Markdown() string {
	var sb strings.Builder
	if t.Title != "" {
		sb.WriteString("### " + t.Title + "\n\n")
	}
	row := func(cells []string) {
		sb.WriteString("|")
		for _, c := range cells {
			sb.WriteString(" " + strings.ReplaceAll(c, "|", `\|`) + " |")
		}
		sb.WriteString("\n")
	}
	row(t.Header)
	sb.WriteString(strings.Repeat("|---", len(t.Header)) + "|\n")
	for _, r := range t.Rows {
		row(r)
	}
	sb.WriteString("\n")
	if t.Note != "" {
		sb.WriteString(t.Note + "\n\n")
	}
	return sb.String()
}

// HTML writes the table as an HTML <table> with a <caption> (the title) and the note in a paragraph after it.
func (t Table) HTML() string {
	var sb strings.Builder
	sb.WriteString(`<table class="ts-table">`)
	if t.Title != "" {
		sb.WriteString("<caption>" + html.EscapeString(t.Title) + "</caption>")
	}
	cells := func(tag string, cs []string) {
		sb.WriteString("<tr>")
		for _, c := range cs {
			sb.WriteString("<" + tag + ">" + html.EscapeString(c) + "</" + tag + ">")
		}
		sb.WriteString("</tr>")
	}
	cells("th", t.Header)
	for _, r := range t.Rows {
		cells("td", r)
	}
	sb.WriteString("</table>")
	if t.Note != "" {
		sb.WriteString("<p>" + html.EscapeString(t.Note) + "</p>")
	}
	return sb.String()
}

// Text writes the table as aligned plain text for a terminal: the title line (if any), the header, the rows, the
// note (if any); columns are padded to their widest cell.
func (t Table) Text() string {
	width := make([]int, len(t.Header))
	for _, r := range append([][]string{t.Header}, t.Rows...) {
		for j, c := range r {
			if j < len(width) {
				width[j] = max(width[j], utf8.RuneCountInString(c))
			}
		}
	}
	var sb strings.Builder
	if t.Title != "" {
		sb.WriteString(t.Title + "\n")
	}
	for _, r := range append([][]string{t.Header}, t.Rows...) {
		for j, c := range r {
			if j > 0 {
				sb.WriteString("  ")
			}
			sb.WriteString(strings.Repeat(" ", width[j]-utf8.RuneCountInString(c)) + c)
		}
		sb.WriteString("\n")
	}
	if t.Note != "" {
		sb.WriteString(t.Note + "\n")
	}
	return sb.String()
}
