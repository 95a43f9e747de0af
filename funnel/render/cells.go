package render

import (
	"strconv"
	"strings"

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

// oneLine replaces tabs, carriage returns and newlines by spaces, so that
// a value stays on one line of a text table.
var oneLine = strings.NewReplacer("\r\n", " ", "\t", " ", "\r", " ", "\n", " ")

// displayWidth is the number of terminal columns s takes, as tablewriter
// counts them.
func displayWidth(s string) int { return twwidth.Width(s) }
