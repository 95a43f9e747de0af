package render

import (
	"bufio"
	"io"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
)

// mdEscape escapes the characters that would end a table cell or start
// Markdown formatting or HTML, and puts a value on one line.
var mdEscape = strings.NewReplacer(
	"\\", "\\\\", "|", "\\|", "`", "\\`", "*", "\\*", "<", "\\<", "[", "\\[", "]", "\\]",
	"\r\n", " ", "\r", " ", "\n", " ", "\t", " ",
)

// mdText makes a string value safe for a Markdown table cell: the formula
// guard, control characters as escapes (see escapeControls), then
// Markdown escaping.
func mdText(s string) string { return mdEscape.Replace(oneLine.Replace(GuardFormula(s))) }

// writeMarkdown writes the report as GitHub-flavoured Markdown: the title
// as a level-1 heading, the meta as a key/value table, then each table
// under a level-2 heading, numbers right-aligned. Cells are padded so that
// the source reads well too.
//
// When group is set the tables are grouped by sheet (see sheetLayout):
// the tables placed on the Summary sheet follow the meta, under a level-2
// "Summary" heading put before the meta; then each sheet gets a level-2
// heading and each of its tables a level-3 heading, except that a table
// alone on a sheet of its own stays under its own level-2 heading.
func writeMarkdown(w io.Writer, r *funnel.Report, frames []frame, group bool) error {
	var (
		summary []int
		groups  []sheetGroup
	)
	if group {
		var err error
		if summary, groups, err = sheetLayout(r, frames); err != nil {
			return err
		}
	}
	bw := bufio.NewWriter(w)
	sep := "" // what goes before the next block: a blank line after the first
	heading := func(level int, text string) {
		bw.WriteString(sep + strings.Repeat("#", level) + " " + mdText(text) + "\n")
		sep = "\n"
	}
	table := func(fr frame) {
		bw.WriteString(sep)
		sep = "\n"
		if len(fr.cols) == 0 {
			bw.WriteString("(no columns)\n")
			return
		}
		writeMarkdownTable(bw, humanize(fr, mdText))
		if fr.rows == 0 {
			bw.WriteString("\n(no rows)\n")
		}
	}
	title := r.Title
	if title == "" {
		title = r.Command
	}
	if title != "" {
		heading(1, title)
	}
	if len(summary) > 0 {
		heading(2, summarySheet)
	}
	if len(r.Meta) > 0 {
		meta := humanTable{header: []string{"key", "value"}, numeric: []bool{false, false}}
		for _, m := range r.Meta {
			value := metaText(m.Value)
			switch metaValue(m.Value).(type) {
			case string, []string:
				value = mdText(value)
			default: // numbers are never guarded
				value = mdEscape.Replace(value)
			}
			meta.rows = append(meta.rows, []string{mdText(m.Key), value})
		}
		bw.WriteString(sep)
		writeMarkdownTable(bw, meta)
		sep = "\n"
	}
	if !group {
		for _, fr := range frames {
			heading(2, fr.name)
			table(fr)
		}
		return bw.Flush()
	}
	for _, k := range summary {
		heading(3, frames[k].name)
		table(frames[k])
	}
	for _, g := range groups {
		heading(2, g.name)
		if g.own {
			table(frames[g.frames[0]])
			continue
		}
		for _, k := range g.frames {
			heading(3, frames[k].name)
			table(frames[k])
		}
	}
	return bw.Flush()
}

// writeMarkdownTable writes one GFM table; its cells are already escaped.
func writeMarkdownTable(bw *bufio.Writer, ht humanTable) {
	widths := make([]int, len(ht.header))
	for j, h := range ht.header {
		widths[j] = max(3, displayWidth(h))
	}
	for _, row := range ht.rows {
		for j, s := range row {
			widths[j] = max(widths[j], displayWidth(s))
		}
	}
	line := func(cells []string) {
		bw.WriteString("|")
		for j, s := range cells {
			pad := strings.Repeat(" ", widths[j]-displayWidth(s))
			if ht.numeric[j] {
				bw.WriteString(" " + pad + s + " |")
			} else {
				bw.WriteString(" " + s + pad + " |")
			}
		}
		bw.WriteString("\n")
	}
	line(ht.header)
	bw.WriteString("|")
	for j := range ht.header {
		if ht.numeric[j] {
			bw.WriteString(" " + strings.Repeat("-", widths[j]-1) + ": |")
		} else {
			bw.WriteString(" " + strings.Repeat("-", widths[j]) + " |")
		}
	}
	bw.WriteString("\n")
	for _, row := range ht.rows {
		line(row)
	}
}
