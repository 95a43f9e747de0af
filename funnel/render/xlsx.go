package render

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/xuri/excelize/v2"
)

const (
	summarySheet = "Summary"
	// aboutSheet holds the meta of a report that places tables on the
	// Summary sheet.
	aboutSheet = "About"
	// fixedTime stamps the workbook's document properties, so that the
	// same report always gives the same bytes.
	fixedTime = "2000-01-01T00:00:00Z"
	// fontFamily is the workbook's default font, named in styles that set
	// a font so that they do not fall back to another.
	fontFamily = "Calibri"
)

// xlStyles holds the workbook's cell style IDs.
type xlStyles struct {
	f           *excelize.File
	header      int // header cells of text columns
	headerRight int // header cells of number columns, aligned with them
	title       int
	label       int
	link        int
	tableTitle  int // title rows of stacked tables, 0 until first used
	numFmts     map[string]int
}

func newXLStyles(f *excelize.File) (*xlStyles, error) {
	st := &xlStyles{f: f, numFmts: map[string]int{}}
	var err error
	if st.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Family: fontFamily, Size: 11},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "center"},
	}); err != nil {
		return nil, err
	}
	if st.headerRight, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Family: fontFamily, Size: 11},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "center", Horizontal: "right"},
	}); err != nil {
		return nil, err
	}
	if st.title, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: fontFamily, Size: 14}}); err != nil {
		return nil, err
	}
	if st.label, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: fontFamily, Size: 11}}); err != nil {
		return nil, err
	}
	if st.link, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "0563C1", Underline: "single", Family: fontFamily, Size: 11}}); err != nil {
		return nil, err
	}
	return st, nil
}

// titleStyle returns the style ID of a stacked table's title row, made on
// first use so that workbooks without stacked tables keep their bytes.
func (st *xlStyles) titleStyle() (int, error) {
	if st.tableTitle == 0 {
		id, err := st.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: fontFamily, Size: 12}})
		if err != nil {
			return 0, err
		}
		st.tableTitle = id
	}
	return st.tableTitle, nil
}

// numFmt returns the style ID of a number format code.
func (st *xlStyles) numFmt(code string) (int, error) {
	if id, ok := st.numFmts[code]; ok {
		return id, nil
	}
	c := code
	id, err := st.f.NewStyle(&excelize.Style{CustomNumFmt: &c})
	if err != nil {
		return 0, fmt.Errorf("render: number format %q: %w", code, err)
	}
	st.numFmts[code] = id
	return id, nil
}

// isFractionName reports whether a column holds fractions shown as
// percentages in xlsx: its name ends in _rate or _share.
func isFractionName(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, "_rate") || strings.HasSuffix(n, "_share")
}

// xlsxFormat returns the number format code of a numeric column, "" for
// others; see the package documentation for the rule. A column of
// amounts in a known currency is written with it (currencyFormat).
func xlsxFormat(c *column) string {
	return currencyFormat(numberFormat(c), c.currency)
}

// currencyFormat puts the currency's ISO code before the amounts of a
// thousands-grouped format code ("[$EUR] #,##0.00", shown "EUR 1,200.50"):
// the code, not a symbol, since "$" names a dozen currencies. Other
// codes, and an empty currency, leave code as it is.
func currencyFormat(code, currency string) string {
	if currency == "" || !strings.HasPrefix(code, "#,##0") {
		return code
	}
	return "[$" + currency + "] " + code
}

// numberFormat is the number format code of a numeric column without its
// currency.
func numberFormat(c *column) string {
	switch c.kind {
	case kindInt:
		return "#,##0"
	case kindFloat:
	default:
		return ""
	}
	m, whole := magnitude(c.floats)
	if isPValueName(c.name) {
		for _, v := range c.floats {
			if a := math.Abs(v); a > 0 && a < 1e-4 {
				return "0.00E+00"
			}
		}
		return "0.0000"
	}
	if isFractionName(c.name) && m <= 1 {
		return "0.0%"
	}
	if isPctName(c.name) {
		return `0.0"%"`
	}
	if whole {
		return "#,##0"
	}
	d := max(2, decimalsFor(m, 5, 4))
	for _, v := range c.floats {
		if v != 0 && !math.IsNaN(v) && !math.IsInf(v, 0) && strings.Trim(strconv.FormatFloat(v, 'f', d, 64), "-0.") == "" {
			return "General"
		}
	}
	return "#,##0." + strings.Repeat("0", d)
}

// unitFormats are the number formats of funnel.Report.RowUnits.
var unitFormats = map[funnel.Unit]string{
	funnel.UnitCount:    "#,##0",
	funnel.UnitFraction: "0.0%",
	funnel.UnitMoney:    "#,##0",
	funnel.UnitDays:     "#,##0.0",
}

// rowFormat is the number format of row i of the number column c: its
// row's unit's (see funnel.Report.RowUnits), else the column's code. A
// column of percentage points (_pct) keeps its own whatever the row.
func rowFormat(fr *frame, c *column, i int, code string) string {
	if fr.units == nil || !c.numeric() || isPctName(c.name) {
		return code
	}
	if u, ok := unitFormats[fr.units[i]]; ok {
		if fr.units[i] == funnel.UnitMoney {
			return currencyFormat(u, fr.moneyRows)
		}
		return u
	}
	return code
}

// setRowFormats styles the cells of number column c (at column col, its
// first row at row first) whose row has a unit with the unit's format.
func setRowFormats(f *excelize.File, st *xlStyles, sheet string, fr *frame, c *column, col, first int, code string) error {
	for i := range fr.units {
		rc := rowFormat(fr, c, i, code)
		if rc == code {
			continue
		}
		id, err := st.numFmt(rc)
		if err != nil {
			return err
		}
		cell := cellName(col, first+i)
		if err := f.SetCellStyle(sheet, cell, cell, id); err != nil {
			return err
		}
	}
	return nil
}

// isPctName reports whether a column holds percentages as numbers of
// percent (change_pct = 21.4 for 21.4%): its name ends in _pct.
func isPctName(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), "_pct")
}

// shownWidth estimates the characters Excel shows for v in format code.
func shownWidth(v float64, code string) int {
	if cur, rest, ok := strings.Cut(code, "] "); ok && strings.HasPrefix(cur, "[$") && !math.IsNaN(v) {
		return len(cur) - 1 + shownWidth(v, rest) // "[$EUR" -> "EUR "
	}
	switch {
	case math.IsNaN(v):
		return 0
	case math.IsInf(v, 0):
		return 4
	case code == "0.0%":
		return len(strconv.FormatFloat(v*100, 'f', 1, 64)) + 1
	case code == `0.0"%"`:
		return len(strconv.FormatFloat(v, 'f', 1, 64)) + 1
	case code == "0.00E+00":
		return 9
	case code == "General":
		return min(11, len(strconv.FormatFloat(v, 'g', -1, 64)))
	}
	d := 0
	if i := strings.IndexByte(code, '.'); i >= 0 {
		d = len(code) - i - 1
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', d, 64)
	intDigits := len(s)
	if d > 0 {
		intDigits -= d + 1
	}
	n := len(s)
	if strings.HasPrefix(code, "#,##0") {
		n += (intDigits - 1) / 3
	}
	if v < 0 {
		n++
	}
	return n
}

// colWidth turns a content width in characters into an Excel column
// width, clamped to 8..60.
func colWidth(chars int) float64 { return float64(max(8, min(chars+2, 60))) }

// maxBesideCols is the widest table whose charts stand beside it: the
// charts of a wider table go under it, where a reader sees them, instead
// of dozens of columns to the right.
const maxBesideCols = 12

// wideForCharts reports whether fr's charts go under it (maxBesideCols).
func wideForCharts(fr frame) bool { return len(fr.cols) > maxBesideCols }

// chartCount returns the number of charts drawn from each frame.
func chartCount(charts []funnel.Chart, frames []frame) []int {
	n := make([]int, len(frames))
	for _, ch := range charts {
		for k := range frames {
			if frames[k].name == ch.Table {
				n[k]++
			}
		}
	}
	return n
}

// tablePlace is where a table lands in the workbook.
type tablePlace struct {
	below  bool // its charts go under it (wideForCharts), not beside
	charts int  // charts placed under it so far
	sheet  string
	top    int         // its first row: its title row, or its header row when alone on its sheet
	header int         // its header row
	state  *sheetState // what is placed on its sheet
}

// sheetState tracks what is placed on one sheet, for its charts.
type sheetState struct {
	width    int // columns of the sheet's widest table: charts go to the right of it
	chartRow int // first row below the charts placed so far, 0 before the first
	dataCol  int // next free column for pivoted chart data, 0 until first used
}

// stackGap is the number of blank rows after a table stacked on a sheet.
const stackGap = 2

// writeXLSX writes the report as a workbook: a Summary sheet, then the
// sheets of Report.Sheets and one sheet for each other table, in order of
// first appearance, with their charts.
func writeXLSX(w io.Writer, r *funnel.Report, frames []frame) error {
	summary, groups, err := sheetLayout(r, frames)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newXLStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", summarySheet); err != nil {
		return err
	}
	namer := newSheetNamer(summarySheet, aboutSheet)
	about := "" // the About sheet, when the meta does not fit on the Summary sheet
	if len(summary) > 0 {
		about = aboutSheet
	}
	places := make([]tablePlace, len(frames))
	for _, g := range groups {
		sheet := namer.name(g.name)
		if _, err := f.NewSheet(sheet); err != nil {
			return fmt.Errorf("render: sheet %q: %w", sheet, err)
		}
		state := &sheetState{}
		if len(g.frames) == 1 {
			k := g.frames[0]
			places[k] = tablePlace{sheet: sheet, top: 1, header: 1, state: state, below: wideForCharts(frames[k])}
			state.width = len(frames[k].cols)
			if err := writeTableSheet(f, st, sheet, frames[k]); err != nil {
				return err
			}
			continue
		}
		if err := writeStackedSheet(f, st, sheet, frames, g.frames, places, state, chartCount(r.Charts, frames)); err != nil {
			return err
		}
	}
	// The Summary sheet's tables are placed by writeSummary, and their
	// charts drawn after it.
	for _, k := range summary {
		places[k].sheet = summarySheet
	}
	if err := writeCharts(f, st, r.Charts, frames, places, false); err != nil {
		return err
	}
	if err := writeSummary(f, st, r, frames, summary, places, about); err != nil {
		return err
	}
	if err := writeCharts(f, st, r.Charts, frames, places, true); err != nil {
		return err
	}
	title := r.Title
	if title == "" {
		title = r.Command
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          title,
		Subject:        r.Command,
		Creator:        "funnel",
		LastModifiedBy: "funnel",
		Created:        fixedTime,
		Modified:       fixedTime,
	}); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	if err := cacheChartValues(f); err != nil {
		return err
	}
	// excelize adds the image content types from a map, in random order:
	// sort them so that the same report gives the same bytes.
	if ct := f.ContentTypes; ct != nil {
		sort.Slice(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
	}
	_, err = f.WriteTo(w)
	return err
}

// cellName returns the A1 name of (col, row), both 1-based.
func cellName(col, row int) string {
	s, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		panic("render: " + err.Error()) // coordinates are computed, never user input
	}
	return s
}

// colName returns the letters of 1-based column col.
func colName(col int) string {
	s, err := excelize.ColumnNumberToName(col)
	if err != nil {
		panic("render: " + err.Error())
	}
	return s
}

// xlValue is the value written for row i of c: nil for NA, a guarded
// string, an int, a float64 (infinities as the strings "Inf" and "-Inf",
// which Excel cannot hold as numbers) or a bool.
func xlValue(c *column, i int) any {
	if c.na[i] {
		return nil
	}
	switch c.kind {
	case kindString:
		return GuardFormula(c.strs[i])
	case kindInt:
		return c.ints[i]
	case kindFloat:
		v := c.floats[i]
		switch {
		case math.IsInf(v, 1):
			return "Inf"
		case math.IsInf(v, -1):
			return "-Inf"
		}
		return v
	case kindBool:
		return c.bools[i]
	}
	return nil
}

// setCell writes a value: strings always as strings (never formulas).
func setCell(f *excelize.File, sheet, cell string, v any) error {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return f.SetCellStr(sheet, cell, x)
	case int:
		return f.SetCellInt(sheet, cell, int64(x))
	case int64:
		return f.SetCellInt(sheet, cell, x)
	case float64:
		return f.SetCellFloat(sheet, cell, x, -1, 64)
	case bool:
		return f.SetCellBool(sheet, cell, x)
	}
	return fmt.Errorf("render: cell %s: unsupported value %T", cell, v)
}

// writeTableSheet writes a table alone on its sheet: a bold, frozen,
// filterable header row, then the rows, with number formats and column
// widths.
func writeTableSheet(f *excelize.File, st *xlStyles, sheet string, fr frame) error {
	if len(fr.cols) == 0 {
		return f.SetCellStr(sheet, "A1", "(no columns)")
	}
	widths, err := writeTableCells(f, st, sheet, fr, 1, 3) // room for the filter button
	if err != nil {
		return err
	}
	if err := setColWidths(f, sheet, widths); err != nil {
		return err
	}
	last := len(fr.cols)
	if err := f.AutoFilter(sheet, "A1:"+cellName(last, max(fr.rows+1, 1)), nil); err != nil {
		return err
	}
	if err := setPrintLayout(f, sheet); err != nil {
		return err
	}
	return f.SetPanes(sheet, &excelize.Panes{
		Freeze:      true,
		YSplit:      1,
		TopLeftCell: "A2",
		ActivePane:  "bottomLeft",
		Selection:   []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	})
}

// writeStackedSheet writes the tables ks of frames one under another on
// sheet, each as a title row, a header row and its rows, followed by
// stackGap blank rows, and records where each landed in places. Column
// widths fit the widest content of all of them; there is no frozen pane
// nor filter, which fit a single table only.
//
// The charts of a table too wide for charts beside it (wideForCharts) get
// room under it: chartRows rows each.
func writeStackedSheet(f *excelize.File, st *xlStyles, sheet string, frames []frame, ks []int, places []tablePlace, state *sheetState, charts []int) error {
	var widths []int
	row := 1
	for _, k := range ks {
		fr := frames[k]
		below := wideForCharts(fr) && charts[k] > 0
		places[k] = tablePlace{sheet: sheet, top: row, header: row + 1, state: state, below: below}
		w, err := writeTitledTable(f, st, sheet, fr, row)
		if err != nil {
			return err
		}
		widths = maxWidths(widths, w)
		if !below {
			state.width = max(state.width, len(fr.cols))
		}
		row += 2 + fr.rows + stackGap
		if below {
			row += charts[k] * chartRows // room for its charts under it
		}
	}
	if err := setColWidths(f, sheet, widths); err != nil {
		return err
	}
	return setPrintLayout(f, sheet)
}

// writeTitledTable writes fr's title (tableTitle of its name) in bold at
// row top, then its header and rows under it; it returns the content
// width of each column.
func writeTitledTable(f *excelize.File, st *xlStyles, sheet string, fr frame, top int) ([]int, error) {
	id, err := st.titleStyle()
	if err != nil {
		return nil, err
	}
	cell := cellName(1, top)
	if err := f.SetCellStr(sheet, cell, GuardFormula(tableTitle(fr.name))); err != nil {
		return nil, err
	}
	if err := f.SetCellStyle(sheet, cell, cell, id); err != nil {
		return nil, err
	}
	if len(fr.cols) == 0 {
		return nil, f.SetCellStr(sheet, cellName(1, top+1), "(no columns)")
	}
	return writeTableCells(f, st, sheet, fr, top+1, 1)
}

// writeTableCells writes fr's bold header row at row header and its rows
// under it, with number formats, and returns the content width of each
// column in characters (pad added to the header's). fr has columns.
func writeTableCells(f *excelize.File, st *xlStyles, sheet string, fr frame, header, pad int) ([]int, error) {
	last := len(fr.cols)
	widths := make([]int, last)
	for j := range fr.cols {
		c := &fr.cols[j]
		if err := f.SetCellStr(sheet, cellName(j+1, header), GuardFormula(c.name)); err != nil {
			return nil, err
		}
		for i := range fr.rows {
			if err := setCell(f, sheet, cellName(j+1, header+1+i), xlValue(c, i)); err != nil {
				return nil, err
			}
		}
		width := displayWidth(c.name) + pad
		code := xlsxFormat(c)
		for i := range fr.rows {
			switch {
			case c.na[i]:
			case c.kind == kindString:
				width = max(width, displayWidth(GuardFormula(c.strs[i])))
			case c.kind == kindInt:
				width = max(width, shownWidth(float64(c.ints[i]), rowFormat(&fr, c, i, code)))
			case c.kind == kindFloat:
				width = max(width, shownWidth(c.floats[i], rowFormat(&fr, c, i, code)))
			case c.kind == kindBool:
				width = max(width, 5)
			}
		}
		widths[j] = width
		if code != "" && fr.rows > 0 {
			id, err := st.numFmt(code)
			if err != nil {
				return nil, err
			}
			if err := f.SetCellStyle(sheet, cellName(j+1, header+1), cellName(j+1, header+fr.rows), id); err != nil {
				return nil, err
			}
		}
		if err := setRowFormats(f, st, sheet, &fr, c, j+1, header+1, code); err != nil {
			return nil, err
		}
	}
	if err := f.SetCellStyle(sheet, cellName(1, header), cellName(last, header), st.header); err != nil {
		return nil, err
	}
	for j := range fr.cols {
		if fr.cols[j].numeric() {
			if err := f.SetCellStyle(sheet, cellName(j+1, header), cellName(j+1, header), st.headerRight); err != nil {
				return nil, err
			}
		}
	}
	return widths, nil
}

// maxWidths returns the column-wise maximum of a and b, as long as the
// longer of them.
func maxWidths(a, b []int) []int {
	if len(b) > len(a) {
		a, b = b, a
	}
	out := append([]int(nil), a...)
	for j, w := range b {
		out[j] = max(out[j], w)
	}
	return out
}

// setColWidths sets the width of columns A, B, ... to fit content widths
// in characters (see colWidth).
func setColWidths(f *excelize.File, sheet string, widths []int) error {
	for j, w := range widths {
		if err := f.SetColWidth(sheet, colName(j+1), colName(j+1), colWidth(w)); err != nil {
			return err
		}
	}
	return nil
}

// setPrintLayout prints a sheet in landscape, one page wide.
func setPrintLayout(f *excelize.File, sheet string) error {
	landscape, one, auto, fit := "landscape", 1, 0, true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &auto})
}

// writeSummary fills the Summary sheet: the title, the alerts, the tables
// summary placed on it (recorded in places), the warnings and a list of
// every table linked to where it landed. The meta (command and settings)
// goes under the title when no table is placed on the Summary sheet, else
// to an About sheet at the end, so that the key figures open the workbook.
func writeSummary(f *excelize.File, st *xlStyles, r *funnel.Report, frames []frame, summary []int, places []tablePlace, about string) error {
	w := &summaryWriter{f: f, st: st, sheet: summarySheet, widthA: 10, widthB: 10, row: 3}
	title := r.Title
	if title == "" {
		title = r.Command
	}
	if err := w.title(title); err != nil {
		return err
	}
	if about == "" {
		if err := w.meta(r); err != nil {
			return err
		}
	}
	if err := w.list("alerts", r.Alerts); err != nil {
		return err
	}
	state, tableWidths, err := w.tables(frames, summary, places)
	if err != nil {
		return err
	}
	if err := w.list("warnings", r.Warnings); err != nil {
		return err
	}
	if err := w.index(frames, places, state); err != nil {
		return err
	}
	if err := w.setWidths(tableWidths); err != nil {
		return err
	}
	if about != "" {
		if err := writeAbout(f, st, r, about); err != nil {
			return err
		}
	}
	if len(summary) > 0 {
		return setSummaryPrint(f, r.Charts, frames, summary, state.width)
	}
	return nil
}

// writeAbout writes the About sheet: what the report is and how it was
// made (the command and the meta as key/value rows).
func writeAbout(f *excelize.File, st *xlStyles, r *funnel.Report, sheet string) error {
	if _, err := f.NewSheet(sheet); err != nil {
		return fmt.Errorf("render: sheet %q: %w", sheet, err)
	}
	w := &summaryWriter{f: f, st: st, sheet: sheet, widthA: 10, widthB: 10, row: 3}
	if err := w.title("About this report"); err != nil {
		return err
	}
	if err := w.meta(r); err != nil {
		return err
	}
	return w.setWidths(nil)
}

// summaryWriter writes the Summary or About sheet top down: row is the
// next row to write, widthA and widthB the widest text of columns A and B
// so far.
type summaryWriter struct {
	f              *excelize.File
	st             *xlStyles
	sheet          string
	widthA, widthB int
	row            int
	gap            int // blank rows before the next section
}

// title writes the sheet's title in A1.
func (w *summaryWriter) title(s string) error {
	if err := w.f.SetCellStr(w.sheet, "A1", GuardFormula(s)); err != nil {
		return err
	}
	return w.f.SetCellStyle(w.sheet, "A1", "A1", w.st.title)
}

// meta writes the command and the meta as key/value rows.
func (w *summaryWriter) meta(r *funnel.Report) error {
	if err := w.keyValue("command", r.Command); err != nil {
		return err
	}
	for _, m := range r.Meta {
		if err := w.keyValue(m.Key, m.Value); err != nil {
			return err
		}
	}
	return nil
}

// keyValue writes a meta row: the key in A, the value in B as its type
// shows (numbers as numbers, lists joined, NaN and Inf as text).
func (w *summaryWriter) keyValue(key string, v any) error {
	sh := w.sheet
	f := w.f
	key = GuardFormula(key)
	w.widthA = max(w.widthA, displayWidth(key))
	if err := f.SetCellStr(sh, cellName(1, w.row), key); err != nil {
		return err
	}
	cell := cellName(2, w.row)
	var code string
	switch x := metaValue(v).(type) {
	case nil:
	case string:
		w.widthB = max(w.widthB, displayWidth(GuardFormula(x)))
		if err := f.SetCellStr(sh, cell, GuardFormula(x)); err != nil {
			return err
		}
	case []string:
		s := GuardFormula(strings.Join(x, ", "))
		w.widthB = max(w.widthB, displayWidth(s))
		if err := f.SetCellStr(sh, cell, s); err != nil {
			return err
		}
	case bool:
		if err := f.SetCellBool(sh, cell, x); err != nil {
			return err
		}
	case int64:
		code = "#,##0"
		w.widthB = max(w.widthB, shownWidth(float64(x), code))
		if err := f.SetCellInt(sh, cell, x); err != nil {
			return err
		}
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			if err := f.SetCellStr(sh, cell, metaText(x)); err != nil {
				return err
			}
			break
		}
		code = "General"
		w.widthB = max(w.widthB, len(metaText(x)))
		if err := f.SetCellFloat(sh, cell, x, -1, 64); err != nil {
			return err
		}
	}
	if code != "" {
		id, err := w.st.numFmt(code)
		if err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, cell, cell, id); err != nil {
			return err
		}
	}
	w.row++
	return nil
}

// list writes a labelled list (warnings, alerts) after a blank row, one
// item a row; an empty list writes nothing.
func (w *summaryWriter) list(name string, items []string) error {
	sh := w.sheet
	if len(items) == 0 {
		return nil
	}
	w.row++
	if err := w.f.SetCellStr(sh, cellName(1, w.row), name); err != nil {
		return err
	}
	if err := w.f.SetCellStyle(sh, cellName(1, w.row), cellName(1, w.row), w.st.label); err != nil {
		return err
	}
	w.row++
	for _, s := range items {
		if err := w.f.SetCellStr(sh, cellName(1, w.row), GuardFormula(s)); err != nil {
			return err
		}
		w.row++
	}
	return nil
}

// tables writes the tables placed on the Summary sheet, stacked, records
// where each landed, and returns the sheet's block state and the widest
// cell of each column.
func (w *summaryWriter) tables(frames []frame, summary []int, places []tablePlace) (*sheetState, []int, error) {
	sh := w.sheet
	w.gap = 1
	var tableWidths []int
	state := &sheetState{width: 2}
	for _, k := range summary {
		w.row += w.gap
		places[k] = tablePlace{sheet: sh, top: w.row, header: w.row + 1, state: state}
		cw, err := writeTitledTable(w.f, w.st, sh, frames[k], w.row)
		if err != nil {
			return nil, nil, err
		}
		tableWidths = maxWidths(tableWidths, cw)
		state.width = max(state.width, len(frames[k].cols))
		w.row += 2 + frames[k].rows
		w.gap = stackGap
	}
	return state, tableWidths, nil
}

// index lists every table (table, sheet, rows), each name a link to where
// the table landed.
func (w *summaryWriter) index(frames []frame, places []tablePlace, state *sheetState) error {
	sh := w.sheet
	if len(frames) == 0 {
		return nil
	}
	f := w.f
	state.width = max(state.width, 3)
	w.row += w.gap
	for j, h := range []string{"table", "sheet", "rows"} {
		if err := f.SetCellStr(sh, cellName(j+1, w.row), h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sh, cellName(1, w.row), cellName(3, w.row), w.st.header); err != nil {
		return err
	}
	w.row++
	for k, fr := range frames {
		name := GuardFormula(fr.name)
		p := places[k]
		w.widthA = max(w.widthA, displayWidth(name))
		w.widthB = max(w.widthB, displayWidth(p.sheet))
		row := w.row
		if err := f.SetCellStr(sh, cellName(1, row), name); err != nil {
			return err
		}
		if err := f.SetCellHyperLink(sh, cellName(1, row), sheetRef(p.sheet)+"A"+strconv.Itoa(p.top), "Location"); err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, cellName(1, row), cellName(1, row), w.st.link); err != nil {
			return err
		}
		if err := f.SetCellStr(sh, cellName(2, row), GuardFormula(p.sheet)); err != nil {
			return err
		}
		if err := f.SetCellInt(sh, cellName(3, row), int64(fr.rows)); err != nil {
			return err
		}
		w.row++
	}
	return nil
}

// setWidths sets the column widths: A and B fit the meta, the index and
// the tables' first two columns (B at most 80), the others the tables.
func (w *summaryWriter) setWidths(tableWidths []int) error {
	sh := w.sheet
	widthA, widthB := w.widthA, w.widthB
	if len(tableWidths) > 0 {
		widthA = max(widthA, tableWidths[0])
	}
	if len(tableWidths) > 1 {
		widthB = max(widthB, tableWidths[1])
	}
	if err := w.f.SetColWidth(sh, "A", "A", colWidth(widthA)); err != nil {
		return err
	}
	if err := w.f.SetColWidth(sh, "B", "B", float64(max(10, min(widthB+2, 80)))); err != nil {
		return err
	}
	for j := 2; j < len(tableWidths); j++ {
		if err := w.f.SetColWidth(sh, colName(j+1), colName(j+1), colWidth(tableWidths[j])); err != nil {
			return err
		}
	}
	return nil
}

// setSummaryPrint prints a Summary sheet that holds tables as the table
// sheets print, over columns A to the last of its widest block (width
// columns) or of its charts: without a print area the long warnings, which
// overflow far to the right, would shrink the page to nothing.
func setSummaryPrint(f *excelize.File, charts []funnel.Chart, frames []frame, summary []int, width int) error {
	last := width
	for _, ch := range charts {
		for _, k := range summary {
			if ch.Table == frames[k].name && frames[k].rows > 0 {
				last = width + 1 + chartCols
			}
		}
	}
	if err := setPrintLayout(f, summarySheet); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Area",
		RefersTo: sheetRef(summarySheet) + "$A:$" + colName(last),
		Scope:    summarySheet,
	})
}
