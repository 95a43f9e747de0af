package render

import (
	"bufio"
	"io"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

const (
	ansiBold  = "\x1b[1m"
	ansiReset = "\x1b[0m"
)

// writeText writes the report as text for a terminal: the title, the meta
// as aligned "key: value" lines, then each table under its name.
//
// When group is set the tables are grouped by sheet (see sheetLayout):
// each sheet's name is written underlined with "=" and followed by its
// tables, each under its name; a table alone on a sheet of its own follows
// the sheet heading directly. The tables placed on the Summary sheet
// follow the meta, under a "Summary" heading put before the meta.
func writeText(w io.Writer, r *funnel.Report, frames []frame, opts Options, group bool) error {
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
	bold := func(s string) string {
		if opts.Color {
			return ansiBold + s + ansiReset
		}
		return s
	}
	blank := false // whether a section was written, so the next needs a blank line
	section := func() {
		if blank {
			bw.WriteString("\n")
		}
		blank = true
	}
	sheetHeading := func(name string) {
		section()
		name = oneLine.Replace(name)
		bw.WriteString(bold(name) + "\n" + strings.Repeat("=", displayWidth(name)) + "\n")
	}
	// table writes fr, under its name when named.
	table := func(fr frame, named bool) error {
		section()
		if named {
			bw.WriteString(bold(oneLine.Replace(fr.name)) + "\n")
		}
		if len(fr.cols) == 0 {
			bw.WriteString("(no columns)\n")
			return nil
		}
		ht := humanize(fr, oneLine.Replace)
		if opts.Width > 0 {
			fitWidth(&ht, opts.Width)
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		if err := writeTextTable(bw, ht, opts); err != nil {
			return err
		}
		if fr.rows == 0 {
			bw.WriteString("(no rows)\n")
		}
		return nil
	}
	title := r.Title
	if title == "" {
		title = r.Command
	}
	if title != "" {
		bw.WriteString(bold(oneLine.Replace(title)) + "\n")
		blank = true
	}
	if len(summary) > 0 {
		sheetHeading(summarySheet)
	}
	if len(r.Meta) > 0 {
		section()
		width := 0
		for _, m := range r.Meta {
			width = max(width, displayWidth(oneLine.Replace(m.Key)))
		}
		for _, m := range r.Meta {
			key := oneLine.Replace(m.Key)
			bw.WriteString(key + ":" + strings.Repeat(" ", width-displayWidth(key)+1) + oneLine.Replace(metaText(m.Value)) + "\n")
		}
	}
	if !group {
		for _, fr := range frames {
			if err := table(fr, true); err != nil {
				return err
			}
		}
		return bw.Flush()
	}
	for _, k := range summary {
		if err := table(frames[k], true); err != nil {
			return err
		}
	}
	for _, g := range groups {
		sheetHeading(g.name)
		for _, k := range g.frames {
			if err := table(frames[k], !g.own); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

// writeTextTable draws one table with tablewriter: light box lines,
// numbers right-aligned, text left-aligned, the header as given (no case
// change).
func writeTextTable(w io.Writer, ht humanTable, opts Options) error {
	aligns := make([]tw.Align, len(ht.header))
	header := make([]any, len(ht.header))
	for j, h := range ht.header {
		aligns[j] = tw.AlignLeft
		if ht.numeric[j] {
			aligns[j] = tw.AlignRight
		}
		if opts.Color {
			h = ansiBold + h + ansiReset
		}
		header[j] = h
	}
	cfg := tablewriter.Config{
		Header: tw.CellConfig{
			Formatting: tw.CellFormatting{AutoFormat: tw.Off, AutoWrap: tw.WrapNone},
			Alignment:  tw.CellAlignment{Global: tw.AlignLeft, PerColumn: aligns},
		},
		Row: tw.CellConfig{
			Formatting: tw.CellFormatting{AutoFormat: tw.Off, AutoWrap: tw.WrapNone},
			Alignment:  tw.CellAlignment{Global: tw.AlignLeft, PerColumn: aligns},
		},
		Behavior: tw.Behavior{TrimSpace: tw.Off},
	}
	t := tablewriter.NewTable(w,
		tablewriter.WithConfig(cfg),
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)})),
	)
	t.Header(header...)
	for _, row := range ht.rows {
		cells := make([]any, len(row))
		for j, s := range row {
			cells[j] = s
		}
		if err := t.Append(cells...); err != nil {
			return err
		}
	}
	return t.Render()
}

// minTextWidth is the narrowest a text column is cut to by fitWidth.
const minTextWidth = 6

// fitWidth cuts the widest text columns, one character at a time, until
// the drawn table ("│ a │ b │": 3 characters a column plus 1) fits in
// width or every text column is down to its header's width (at least
// minTextWidth); cut values end in "…". Numbers and headers are never cut,
// so a table of many numbers can stay wider than width.
func fitWidth(ht *humanTable, width int) {
	n := len(ht.header)
	widths := make([]int, n)
	floor := make([]int, n)
	total := 1
	for j, h := range ht.header {
		widths[j] = displayWidth(h)
		for _, row := range ht.rows {
			widths[j] = max(widths[j], displayWidth(row[j]))
		}
		floor[j] = widths[j] // numbers: never cut
		if !ht.numeric[j] {
			floor[j] = min(widths[j], max(displayWidth(h), minTextWidth))
		}
		total += widths[j] + 3
	}
	cut := false
	for total > width {
		widest := -1
		for j := range widths {
			if widths[j] > floor[j] && (widest < 0 || widths[j] > widths[widest]) {
				widest = j
			}
		}
		if widest < 0 {
			break
		}
		widths[widest]--
		total--
		cut = true
	}
	if !cut {
		return
	}
	for _, row := range ht.rows {
		for j, s := range row {
			if displayWidth(s) > widths[j] {
				row[j] = truncateWidth(s, widths[j])
			}
		}
	}
}

// truncateWidth cuts s to at most width terminal columns, ending in "…".
func truncateWidth(s string, width int) string {
	var b strings.Builder
	used := 0
	for _, r := range s {
		w := displayWidth(string(r))
		if used+w > width-1 {
			break
		}
		b.WriteRune(r)
		used += w
	}
	return b.String() + "…"
}
