package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/xuri/excelize/v2"
)

// Chart placement on a table's sheet: charts stack to the right of the
// sheet's widest table, one column apart, each at the first row of its
// table or below the chart above it; pivoted chart data goes to the right
// of them, one block of columns per chart, from its table's first row.
const (
	chartWidth  = 600 // pixels
	chartHeight = 320 // pixels
	chartCols   = 10  // default-width (64 px) columns a chart spans, plus one
	chartRows   = 18  // 20 px rows a chart spans, plus two
)

// axisFont is the tick label font: excelize's default grey is too light
// to read.
var axisFont = excelize.Font{Color: "595959", Size: 9}

// writeCharts adds a native chart for every chart spec next to its table
// (placed by places): the charts of the Summary sheet's tables when
// summary is set, the others otherwise.
func writeCharts(f *excelize.File, st *xlStyles, charts []funnel.Chart, frames []frame, places []tablePlace, summary bool) error {
	index := make(map[string]int, len(frames))
	for k, fr := range frames {
		index[fr.name] = k
	}
	for _, ch := range charts {
		k, ok := index[ch.Table]
		if !ok {
			if summary {
				continue // reported by the first pass
			}
			return fmt.Errorf("render: chart %q: the report has no table %q", chartTitle(ch), ch.Table)
		}
		fr := &frames[k]
		place := places[k]
		if (place.sheet == summarySheet) != summary || fr.rows == 0 {
			continue // another pass, or nothing to draw
		}
		sheet, sh := place.sheet, place.state
		var (
			series []excelize.ChartSeries
			yCol   *column
			axis   string // the value axis title of a wide chart without YTitle, as the plots have it
			err    error
		)
		if ch.SeriesBy != "" {
			if sh.dataCol == 0 {
				sh.dataCol = sh.width + 2 + chartCols + 1
			}
			var used int
			series, yCol, used, err = pivotSeries(f, st, sheet, fr, ch, sh.dataCol, place.top)
			sh.dataCol += used + 1
		} else {
			series, yCol, axis, err = wideSeries(sheet, fr, ch, place.header)
		}
		if err != nil {
			return err
		}
		colorSeries(series, ch.Kind)
		typ := excelize.Line
		switch ch.Kind {
		case funnel.LineChart:
		case funnel.BarChart:
			typ = excelize.Col
		default:
			return fmt.Errorf("render: chart %q: unknown chart kind %d", chartTitle(ch), int(ch.Kind))
		}
		noVary := false
		spec := &excelize.Chart{
			Type:         typ,
			Series:       series,
			Title:        excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: chartTitle(ch)}}},
			Legend:       excelize.ChartLegend{Position: "bottom"},
			Dimension:    excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
			VaryColors:   &noVary,
			ShowBlanksAs: "gap",
			XAxis:        excelize.ChartAxis{Font: axisFont},
			YAxis:        excelize.ChartAxis{MajorGridLines: true, Font: axisFont},
		}
		if ch.XTitle != "" {
			spec.XAxis.Title = excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: axisTitle(ch.XTitle)}}}
		}
		if ch.YTitle != "" {
			axis = ch.YTitle
		}
		axis, _ = valueAxisTitle(axis, chartColumns(fr, ch))
		if axis != "" {
			spec.YAxis.Title = excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: axis}}}
		}
		if code := axisFormat(yCol); code != "" {
			spec.YAxis.NumFmt = excelize.ChartNumFmt{CustomNumFmt: code}
		}
		anchor := cellName(sh.width+2, max(place.top, sh.chartRow))
		if place.below {
			anchor = cellName(1, place.header+fr.rows+2+place.charts*chartRows)
			places[k].charts++
		}
		if err := f.AddChart(sheet, anchor, spec); err != nil {
			return fmt.Errorf("render: chart %q: %w", chartTitle(ch), err)
		}
		if ch.SeriesBy == "" {
			if err := literalSeriesNames(f, series); err != nil {
				return fmt.Errorf("render: chart %q: %w", chartTitle(ch), err)
			}
		}
		if !place.below {
			sh.chartRow = max(place.top, sh.chartRow) + chartRows
		}
	}
	return nil
}

// colorSeries gives each series a colour of the plots' palette
// (seriesColors), so that no two series of a chart share one as the
// spreadsheet's theme colours do past six: lines and markers for line
// charts, the fill for bar charts.
func colorSeries(series []excelize.ChartSeries, kind funnel.ChartKind) {
	for s := range series {
		c := seriesColors[s%len(seriesColors)]
		r, g, b, _ := c.RGBA()
		hex := fmt.Sprintf("%02X%02X%02X", r>>8, g>>8, b>>8)
		fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{hex}}
		if kind == funnel.LineChart {
			series[s].Line = excelize.LineOptions{Width: 1.75, Fill: fill}
			series[s].Marker = excelize.ChartMarker{Symbol: "circle", Size: 5, Fill: fill}
			continue
		}
		series[s].Fill = fill
	}
}

// axisFormat is the value axis number format for column c: whole
// percentages for fractions, "#,##0" for whole numbers, "" (automatic)
// otherwise, since tick values need fewer decimals than the data.
func axisFormat(c *column) string {
	switch numberFormat(c) {
	case "0.0%":
		return "0%"
	case "#,##0":
		return "#,##0"
	}
	return ""
}

// axisTitle writes an axis title as a person reads it: words, not a
// column name, the first a capital ("mean days" and "mean_days" ->
// "Mean days").
func axisTitle(s string) string {
	s = strings.ReplaceAll(s, "_", " ")
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// valueAxisTitle is the value axis title of a chart of the value columns
// cols: title as axisTitle writes it, followed by the unit the columns
// share, if any: their currency ("Expected revenue (EUR)",
// Report.Currencies) or "%" for fractions the workbook shows as
// percentages and for percent points ("Share (%)"). percent reports
// fractions, whose axis the plots label in percent. An empty title stays
// empty; no unit is guessed.
func valueAxisTitle(title string, cols []*column) (string, bool) {
	if title == "" || len(cols) == 0 {
		return title, false
	}
	unit, percent := "", false
	for k, c := range cols {
		u, p := c.currency, false
		if u == "" {
			switch numberFormat(c) {
			case "0.0%":
				u, p = "%", true
			case `0.0"%"`:
				u = "%"
			}
		}
		if k > 0 && (u != unit || p != percent) {
			return axisTitle(title), false
		}
		unit, percent = u, p
	}
	if unit == "" || strings.Contains(title, "("+unit+")") {
		return axisTitle(title), false
	}
	return axisTitle(title) + " (" + unit + ")", percent
}

// chartColumns returns the value columns of ch over fr: its Series, or
// its Y in a long layout; nil when one is missing (an error reported
// where the chart is read).
func chartColumns(fr *frame, ch funnel.Chart) []*column {
	names := ch.Series
	if ch.SeriesBy != "" {
		names = []string{ch.Y}
	}
	var cols []*column
	for _, name := range names {
		j, err := findColumn(fr, ch, name, true)
		if err != nil {
			return nil
		}
		cols = append(cols, &fr.cols[j])
	}
	return cols
}

// chartTitle is the chart's title, or its table's name when it has none.
func chartTitle(ch funnel.Chart) string {
	if ch.Title != "" {
		return ch.Title
	}
	return ch.Table
}

// findColumn returns the index of the column called name in fr; numeric
// requires a number column.
func findColumn(fr *frame, ch funnel.Chart, name string, numeric bool) (int, error) {
	for j := range fr.cols {
		if fr.cols[j].name == name {
			if numeric && !fr.cols[j].numeric() {
				return 0, fmt.Errorf("render: chart %q: column %q of table %q is not numeric", chartTitle(ch), name, fr.name)
			}
			return j, nil
		}
	}
	return 0, fmt.Errorf("render: chart %q: table %q has no column %q", chartTitle(ch), fr.name, name)
}

// absRange is the absolute reference of rows from..to of 1-based column col.
func absRange(sheet string, col, from, to int) string {
	c := colName(col)
	return sheetRef(sheet) + "$" + c + "$" + strconv.Itoa(from) + ":$" + c + "$" + strconv.Itoa(to)
}

// absCell is the absolute reference of one cell.
func absCell(sheet string, col, row int) string {
	return sheetRef(sheet) + "$" + colName(col) + "$" + strconv.Itoa(row)
}

// wideSeries charts the table in place, its header at row header: one
// series per Series column, named in words as the plots name it
// (seriesNames: "First touch", not first_touch_conversions), and the value
// axis title the plots give the chart ("conversions"; "" with one series,
// whose name is its column's). The names are literal text, not references
// to the header cells: literalSeriesNames writes them so after AddChart.
func wideSeries(sheet string, fr *frame, ch funnel.Chart, header int) ([]excelize.ChartSeries, *column, string, error) {
	if len(ch.Series) == 0 {
		return nil, nil, "", fmt.Errorf("render: chart %q: no series (set Series, or SeriesBy and Y)", chartTitle(ch))
	}
	xi, err := findColumn(fr, ch, ch.X, false)
	if err != nil {
		return nil, nil, "", err
	}
	names, axis := seriesNames(ch.Series)
	if len(names) == 1 {
		axis = ""
	}
	cats := absRange(sheet, xi+1, header+1, header+fr.rows)
	var series []excelize.ChartSeries
	var first *column
	for k, name := range ch.Series {
		si, err := findColumn(fr, ch, name, true)
		if err != nil {
			return nil, nil, "", err
		}
		if first == nil {
			first = &fr.cols[si]
		}
		series = append(series, excelize.ChartSeries{
			Name:       names[k],
			Categories: cats,
			Values:     absRange(sheet, si+1, header+1, header+fr.rows),
		})
	}
	return series, first, axis, nil
}

// literalSeriesNames rewrites the series names of the chart AddChart has
// just added (the workbook's last chart part) from references into text:
// excelize writes every name as a reference, <tx><strRef><f>NAME,
// which a spreadsheet would read as a formula; a literal name is
// <tx><v>NAME</v></tx>, as Excel writes a typed-in series name.
func literalSeriesNames(f *excelize.File, series []excelize.ChartSeries) error {
	n := 0
	f.Pkg.Range(func(k, _ any) bool {
		if strings.HasPrefix(k.(string), "xl/charts/chart") {
			n++
		}
		return true
	})
	part := "xl/charts/chart" + strconv.Itoa(n) + ".xml"
	v, ok := f.Pkg.Load(part)
	if !ok {
		return fmt.Errorf("no chart part %s", part)
	}
	x := v.([]byte)
	for _, s := range series {
		var esc bytes.Buffer
		if err := xml.EscapeText(&esc, []byte(s.Name)); err != nil {
			return err
		}
		ref := []byte("<tx><strRef><f>" + esc.String() + "</f></strRef></tx>")
		k := bytes.Index(x, ref)
		if k < 0 {
			return fmt.Errorf("%s: no series named %q", part, s.Name)
		}
		lit := []byte("<tx><v>" + esc.String() + "</v></tx>")
		x = append(x[:k:k], append(lit, x[k+len(ref):]...)...)
	}
	f.Pkg.Store(part, x)
	return nil
}

// valueKey identifies row i of c among its column's values (NA included).
func valueKey(c *column, i int) string {
	if c.na[i] {
		return "NA"
	}
	return "v" + rawCell(c, i)
}

// valueLabel names row i of c in a header cell.
func valueLabel(c *column, i int) string {
	if c.na[i] {
		return "NA"
	}
	return rawCell(c, i) // guarded when a string
}

// longPivot is a long-layout chart's table seen wide: one slot per
// distinct X value and one per distinct SeriesBy value (NA included), each
// in order of first appearance, and the table row that holds each (X,
// series) pair. The xlsx and plot renderers both draw from it.
type longPivot struct {
	x, by, y *column
	xRows    []int          // first table row of each X value
	sRows    []int          // first table row of each series
	cells    map[[2]int]int // (X slot, series slot) -> table row
}

// row returns the table row of X slot a and series slot b, and whether
// the table has one.
func (p *longPivot) row(a, b int) (int, bool) {
	i, ok := p.cells[[2]int{a, b}]
	return i, ok
}

// pivotLong reads ch's long layout (X, SeriesBy, numeric Y) over fr; two
// rows with the same X and series value are an error naming both.
func pivotLong(fr *frame, ch funnel.Chart) (*longPivot, error) {
	xi, err := findColumn(fr, ch, ch.X, false)
	if err != nil {
		return nil, err
	}
	bi, err := findColumn(fr, ch, ch.SeriesBy, false)
	if err != nil {
		return nil, err
	}
	if ch.Y == "" {
		return nil, fmt.Errorf("render: chart %q: SeriesBy %q needs a Y column", chartTitle(ch), ch.SeriesBy)
	}
	yi, err := findColumn(fr, ch, ch.Y, true)
	if err != nil {
		return nil, err
	}
	p := &longPivot{x: &fr.cols[xi], by: &fr.cols[bi], y: &fr.cols[yi], cells: map[[2]int]int{}}
	xIndex, sIndex := map[string]int{}, map[string]int{}
	for i := range fr.rows {
		xk, sk := valueKey(p.x, i), valueKey(p.by, i)
		a, ok := xIndex[xk]
		if !ok {
			a = len(p.xRows)
			xIndex[xk] = a
			p.xRows = append(p.xRows, i)
		}
		b, ok := sIndex[sk]
		if !ok {
			b = len(p.sRows)
			sIndex[sk] = b
			p.sRows = append(p.sRows, i)
		}
		if prev, dup := p.cells[[2]int{a, b}]; dup {
			return nil, fmt.Errorf("render: chart %q: table %q rows %d and %d both hold %s=%s, %s=%s",
				chartTitle(ch), fr.name, prev+1, i+1, ch.X, valueLabel(p.x, i), ch.SeriesBy, valueLabel(p.by, i))
		}
		p.cells[[2]int{a, b}] = i
	}
	return p, nil
}

// pivotSeries writes the long table's chart data pivoted, from column
// col0 and row top of the sheet: a "chart data" label, a header row (X,
// then one column per series in order of first appearance), then one row
// per X value in order of first appearance. It returns the series over
// that block and the number of columns used.
func pivotSeries(f *excelize.File, st *xlStyles, sheet string, fr *frame, ch funnel.Chart, col0, top int) ([]excelize.ChartSeries, *column, int, error) {
	p, err := pivotLong(fr, ch)
	if err != nil {
		return nil, nil, 0, err
	}
	xc, bc, yc := p.x, p.by, p.y
	xRows, sRows := p.xRows, p.sRows
	label := "chart data: " + chartTitle(ch)
	if err := f.SetCellStr(sheet, cellName(col0, top), GuardFormula(label)); err != nil {
		return nil, nil, 0, err
	}
	if err := f.SetCellStyle(sheet, cellName(col0, top), cellName(col0, top), st.label); err != nil {
		return nil, nil, 0, err
	}
	headRow, firstRow := top+1, top+2
	lastRow := firstRow + len(xRows) - 1
	if err := f.SetCellStr(sheet, cellName(col0, headRow), GuardFormula(ch.X)); err != nil {
		return nil, nil, 0, err
	}
	width := displayWidth(ch.X)
	for a, i := range xRows {
		if err := setCell(f, sheet, cellName(col0, firstRow+a), xlValue(xc, i)); err != nil {
			return nil, nil, 0, err
		}
		width = max(width, displayWidth(valueLabel(xc, i)))
	}
	if err := f.SetColWidth(sheet, colName(col0), colName(col0), colWidth(width)); err != nil {
		return nil, nil, 0, err
	}
	cats := absRange(sheet, col0, firstRow, lastRow)
	yCode := xlsxFormat(yc)
	yStyle := 0
	if yCode != "" {
		if yStyle, err = st.numFmt(yCode); err != nil {
			return nil, nil, 0, err
		}
	}
	series := make([]excelize.ChartSeries, len(sRows))
	for b, i := range sRows {
		col := col0 + 1 + b
		name := valueLabel(bc, i)
		if err := f.SetCellStr(sheet, cellName(col, headRow), name); err != nil {
			return nil, nil, 0, err
		}
		for a := range xRows {
			if row, ok := p.row(a, b); ok {
				if err := setCell(f, sheet, cellName(col, firstRow+a), xlValue(yc, row)); err != nil {
					return nil, nil, 0, err
				}
			}
		}
		if yStyle != 0 {
			if err := f.SetCellStyle(sheet, cellName(col, firstRow), cellName(col, lastRow), yStyle); err != nil {
				return nil, nil, 0, err
			}
		}
		width := displayWidth(name)
		for a := range xRows {
			if row, ok := p.row(a, b); ok && !yc.na[row] {
				if yc.kind == kindInt {
					width = max(width, shownWidth(float64(yc.ints[row]), yCode))
				} else {
					width = max(width, shownWidth(yc.floats[row], yCode))
				}
			}
		}
		if err := f.SetColWidth(sheet, colName(col), colName(col), colWidth(width+1)); err != nil {
			return nil, nil, 0, err
		}
		series[b] = excelize.ChartSeries{
			Name:       absCell(sheet, col, headRow),
			Categories: cats,
			Values:     absRange(sheet, col, firstRow, lastRow),
		}
	}
	if err := f.SetCellStyle(sheet, cellName(col0, headRow), cellName(col0, headRow), st.header); err != nil {
		return nil, nil, 0, err
	}
	if err := f.SetCellStyle(sheet, cellName(col0+1, headRow), cellName(col0+len(sRows), headRow), st.headerRight); err != nil {
		return nil, nil, 0, err
	}
	return series, yc, 1 + len(sRows), nil
}
