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
func writeMarkdown(w io.Writer, r *funnel.Report, frames []frame) error {
	bw := bufio.NewWriter(w)
	title := r.Title
	if title == "" {
		title = r.Command
	}
	sep := ""
	if title != "" {
		bw.WriteString("# " + mdText(title) + "\n")
		sep = "\n"
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
	for _, fr := range frames {
		bw.WriteString(sep + "## " + mdText(fr.name) + "\n\n")
		sep = "\n"
		if len(fr.cols) == 0 {
			bw.WriteString("(no columns)\n")
			continue
		}
		writeMarkdownTable(bw, humanize(fr, mdText))
		if fr.rows == 0 {
			bw.WriteString("\n(no rows)\n")
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
