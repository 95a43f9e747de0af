package render

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

// humanTable is a table formatted for people (table and md output): every
// cell as text, numbers rounded by the package's precision rule.
type humanTable struct {
	name    string
	header  []string
	rows    [][]string
	numeric []bool // right-aligned columns
}

// humanize formats fr for people; clean is applied to every string value
// and column name (escaping for the target format).
func humanize(fr frame, clean func(string) string) humanTable {
	ht := humanTable{name: fr.name, header: make([]string, len(fr.cols)), numeric: make([]bool, len(fr.cols))}
	styles := make([]floatStyle, len(fr.cols))
	for j := range fr.cols {
		c := &fr.cols[j]
		ht.header[j] = clean(c.name)
		ht.numeric[j] = c.numeric()
		if c.kind == kindFloat {
			styles[j] = floatStyleFor(c.name, c.floats)
		}
	}
	ht.rows = make([][]string, fr.rows)
	for i := range fr.rows {
		row := make([]string, len(fr.cols))
		for j := range fr.cols {
			c := &fr.cols[j]
			switch {
			case c.na[i]:
				row[j] = "NA"
			case c.kind == kindString:
				row[j] = clean(c.strs[i])
			case c.kind == kindInt:
				row[j] = strconv.Itoa(c.ints[i])
			case c.kind == kindFloat:
				row[j] = styles[j].format(c.floats[i])
			case c.kind == kindBool:
				row[j] = strconv.FormatBool(c.bools[i])
			}
		}
		ht.rows[i] = row
	}
	return ht
}

// oneLine puts a value on one line of a text table and makes it harmless
// on a terminal: see lineCleaner.
var oneLine lineCleaner

// lineBreaks become spaces.
var lineBreaks = strings.NewReplacer("\r\n", " ", "\t", " ", "\r", " ", "\n", " ")

// lineCleaner replaces tabs, carriage returns and newlines by spaces, and
// writes every other control character (C0, DEL, C1) and the Unicode
// bidirectional overrides as Go escapes ("\x1b", "\u202e"), so that a
// value typed into a web form cannot move the cursor, clear the screen,
// retitle the terminal or reorder the text around it.
type lineCleaner struct{}

// Replace returns s cleaned.
func (lineCleaner) Replace(s string) string { return escapeControls(lineBreaks.Replace(s)) }

// CleanLine returns s as one safe line of a terminal, as table cells are
// written (see lineCleaner): for warnings, alerts and errors, which quote
// values from the inputs.
func CleanLine(s string) string { return lineCleaner{}.Replace(s) }

// escapeControls writes the control and bidi-override characters of s as
// Go escapes; s is returned as is when it has none.
func escapeControls(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		switch {
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\x%02x", r)
		case unsafeRune(r):
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// unsafeRune reports a C1 control or a bidirectional embedding, override or
// isolate (U+202A-U+202E, U+2066-U+2069), which can disguise text.
func unsafeRune(r rune) bool {
	return (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// displayWidth is the number of terminal columns s takes, as tablewriter
// counts them.
func displayWidth(s string) int { return twwidth.Width(s) }
