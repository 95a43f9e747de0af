package render

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"github.com/xuri/excelize/v2"
)

// number stands for a number cell in the tests: OOXML writes numbers
// without a type attribute, which excelize reports as CellTypeUnset.
const number = excelize.CellType(255)

func renderXLSX(t *testing.T, r *funnel.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, r, XLSX, Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func openXLSX(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestXLSXDeterministic(t *testing.T) {
	t.Parallel()
	a := renderXLSX(t, richReport())
	for range 10 { // excelize keeps some parts in maps: try several times
		if b := renderXLSX(t, richReport()); !bytes.Equal(a, b) {
			t.Fatal("two renders of the same report differ")
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if !zf.Modified.IsZero() && zf.Modified.Year() > 1980 {
			t.Errorf("zip entry %s stamped %v", zf.Name, zf.Modified)
		}
	}
	props, err := openXLSX(t, a).GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Creator != "funnel" || props.Created != fixedTime || props.Modified != fixedTime {
		t.Errorf("doc props creator %q created %q modified %q", props.Creator, props.Created, props.Modified)
	}
}

func TestXLSXSheets(t *testing.T) {
	t.Parallel()
	data := renderXLSX(t, richReport())
	f := openXLSX(t, data)
	if got := strings.Join(f.GetSheetList(), ","); got != "Summary,Channels,Velocity" {
		t.Errorf("sheets = %s", got)
	}
	for _, sheet := range []string{"Channels", "Velocity"} {
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
			t.Errorf("%s panes = %+v, want the header row frozen", sheet, panes)
		}
		id, err := f.GetCellStyle(sheet, "B1")
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.Font == nil || !st.Font.Bold {
			t.Errorf("%s header is not bold: %+v", sheet, st.Font)
		}
	}
	got := chartsPerSheet(t, data)
	want := map[string]int{"Summary": 0, "Channels": 1, "Velocity": 1}
	for sheet, n := range want {
		if got[sheet] != n {
			t.Errorf("%s has %d charts, want %d", sheet, got[sheet], n)
		}
	}
}

// TestXLSXCells checks values, types and number formats against
// richReport's planted values; formats follow the package rule by hand:
// credit holds 1e-7, too small for 2 decimals -> General; conversion_rate
// ends in _rate with values in [0, 1] -> 0.0%; p_value holds 1.2e-8 <
// 1e-4 -> 0.00E+00; median_days max 30.25 -> 5-1-1 = 3 decimals.
func TestXLSXCells(t *testing.T) {
	t.Parallel()
	f := openXLSX(t, renderXLSX(t, richReport()))
	tests := []struct {
		sheet, cell string
		value       string            // raw value
		typ         excelize.CellType // number: no t attribute and a value
		numFmt      string            // "" when not checked
	}{
		{"channels", "A1", "channel", excelize.CellTypeSharedString, ""},
		{"channels", "A2", "email", excelize.CellTypeSharedString, ""},
		{"channels", "A3", `'=HYPERLINK("http://x","click")`, excelize.CellTypeSharedString, ""},
		{"channels", "A4", "'+1+1", excelize.CellTypeSharedString, ""},
		{"channels", "A5", "'-2+3", excelize.CellTypeSharedString, ""},
		{"channels", "A6", "'@SUM(A1)", excelize.CellTypeSharedString, ""},
		{"channels", "A7", "'\t=1", excelize.CellTypeSharedString, ""},
		{"channels", "A9", "", excelize.CellTypeUnset, ""}, // string NA
		{"channels", "B2", "120", number, "#,##0"},
		{"channels", "B6", "", excelize.CellTypeUnset, "#,##0"}, // int NA
		{"channels", "C3", "-3.5", number, "General"},
		{"channels", "C5", "", excelize.CellTypeUnset, "General"}, // NaN
		{"channels", "C6", "1234.5678", number, "General"},
		{"channels", "C7", "0.0000001", number, "General"},
		{"channels", "D2", "0.0375", number, "0.0%"},
		{"channels", "E3", "0.000000012", number, "0.00E+00"},
		{"channels", "F2", "1", excelize.CellTypeBool, ""},
		{"channels", "F3", "0", excelize.CellTypeBool, ""},
		{"velocity", "C2", "12.5", number, "#,##0.000"},
		{"velocity", "D2", "40", number, "#,##0"},
		{"velocity", "C7", "", excelize.CellTypeUnset, "#,##0.000"},
		// long-layout chart data: column 4 + 2 + 10 + 1 = 17 (Q)
		{"velocity", "Q1", "chart data: Median days by transition", excelize.CellTypeSharedString, ""},
		{"velocity", "Q2", "period", excelize.CellTypeSharedString, ""},
		{"velocity", "R2", "MQL>SQL", excelize.CellTypeSharedString, ""},
		{"velocity", "S2", "SQL>Opp", excelize.CellTypeSharedString, ""},
		{"velocity", "Q5", "2024-03", excelize.CellTypeSharedString, ""},
		{"velocity", "R3", "12.5", number, "#,##0.000"},
		{"velocity", "S4", "28.75", number, "#,##0.000"},
		{"velocity", "R5", "9.5", number, "#,##0.000"},
		{"velocity", "S5", "", excelize.CellTypeUnset, ""}, // NaN in the data
		// Summary: title, command, meta (no table is placed on the Summary
		// sheet, so the meta stays on it), alerts, warnings, tables
		{"Summary", "A1", "Channel attribution (test)", excelize.CellTypeSharedString, ""},
		{"Summary", "B3", "attribute", excelize.CellTypeSharedString, ""},
		{"Summary", "A5", "rows_used", excelize.CellTypeSharedString, ""},
		{"Summary", "B5", "9103", number, "#,##0"},
		{"Summary", "B6", "-4619.77123", number, ""},
		{"Summary", "B7", "1", excelize.CellTypeBool, ""},
		{"Summary", "B8", "email, paid_search", excelize.CellTypeSharedString, ""},
		{"Summary", "B9", "'=cmd|' /C calc'!A0", excelize.CellTypeSharedString, ""},
		{"Summary", "A11", "alerts", excelize.CellTypeSharedString, ""},
		{"Summary", "A12", "MQL>SQL slower than 10 days in 2024-01", excelize.CellTypeSharedString, ""},
		{"Summary", "A14", "warnings", excelize.CellTypeSharedString, ""},
		{"Summary", "A16", `channel "organic" has no cost`, excelize.CellTypeSharedString, ""},
		{"Summary", "A19", "channels", excelize.CellTypeSharedString, ""},
		{"Summary", "C20", "6", number, ""},
	}
	for _, tc := range tests {
		v, err := f.GetCellValue(tc.sheet, tc.cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if v != tc.value {
			t.Errorf("%s!%s = %q, want %q", tc.sheet, tc.cell, v, tc.value)
		}
		typ, err := f.GetCellType(tc.sheet, tc.cell)
		if err != nil {
			t.Fatal(err)
		}
		if tc.typ == number && (typ != excelize.CellTypeUnset || v == "") {
			t.Errorf("%s!%s is not a number cell: type %v value %q", tc.sheet, tc.cell, typ, v)
		} else if tc.typ != number && typ != tc.typ {
			t.Errorf("%s!%s type = %v, want %v", tc.sheet, tc.cell, typ, tc.typ)
		}
		if formula, _ := f.GetCellFormula(tc.sheet, tc.cell); formula != "" {
			t.Errorf("%s!%s holds formula %q", tc.sheet, tc.cell, formula)
		}
		if tc.numFmt == "" {
			continue
		}
		id, err := f.GetCellStyle(tc.sheet, tc.cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.CustomNumFmt == nil || *st.CustomNumFmt != tc.numFmt {
			got := "<none>"
			if st.CustomNumFmt != nil {
				got = *st.CustomNumFmt
			}
			t.Errorf("%s!%s number format = %s, want %s", tc.sheet, tc.cell, got, tc.numFmt)
		}
	}
	ok, link, err := f.GetCellHyperLink("Summary", "A20")
	if err != nil || !ok || link != "'Velocity'!A1" {
		t.Errorf("Summary!A20 link = %v %q %v", ok, link, err)
	}
}

// TestXLSXChartRanges reads the chart parts: the long chart plots the
// pivoted block (its series named by the block's header cells), the wide
// chart the table's own columns, its series named in words as literal
// text (seriesNames), not by the header cells.
func TestXLSXChartRanges(t *testing.T) {
	t.Parallel()
	parts := zipParts(t, renderXLSX(t, richReport()))
	var all string
	for name, body := range parts {
		if strings.HasPrefix(name, "xl/charts/chart") {
			all += strings.ReplaceAll(string(body), "&#39;", "'")
		}
	}
	for _, want := range []string{
		"<f>'Velocity'!$R$2</f>", "<f>'Velocity'!$Q$3:$Q$5</f>", "<f>'Velocity'!$S$3:$S$5</f>",
		"<tx><v>Conversions</v></tx>", "<tx><v>Credit</v></tx>", "<f>'Channels'!$A$2:$A$9</f>", "<f>'Channels'!$C$2:$C$9</f>",
		"<lineChart>", "<barChart>", `<barDir val="col">`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("charts lack %s", want)
		}
	}
	if strings.Contains(all, "<f>'Channels'!$B$1</f>") {
		t.Error("the wide chart's series name is still the header cell")
	}
}

// TestXLSXChartSeriesWords: a wide chart's series are named as the plots
// name them, the shared suffix on the value axis ("First touch", "Last
// touch", axis "conversions"); a single series by its column, XML escaped.
func TestXLSXChartSeriesWords(t *testing.T) {
	t.Parallel()
	r := funnel.NewReport("attribute", "Attribution")
	r.AddTable("channels", dataframe.New(
		series.New([]string{"email", "paid"}, series.String, "channel"),
		series.New([]float64{3, 5}, series.Float, "first_touch_conversions"),
		series.New([]float64{4, 2}, series.Float, "last_touch_conversions"),
		series.New([]float64{1, 2}, series.Float, "r&d's"),
	))
	r.AddChart(funnel.Chart{Kind: funnel.BarChart, Title: "Credit", Table: "channels", X: "channel",
		Series: []string{"first_touch_conversions", "last_touch_conversions"}})
	r.AddChart(funnel.Chart{Kind: funnel.LineChart, Title: "One", Table: "channels", X: "channel", Series: []string{"r&d's"}})
	parts := zipParts(t, renderXLSX(t, r))
	c1, c2 := string(parts["xl/charts/chart1.xml"]), string(parts["xl/charts/chart2.xml"])
	for _, want := range []string{"<tx><v>First touch</v></tx>", "<tx><v>Last touch</v></tx>", "<a:t>Conversions</a:t>"} {
		if !strings.Contains(c1, want) {
			t.Errorf("chart 1 lacks %s", want)
		}
	}
	if want := "<tx><v>r&amp;d&#39;s</v></tx>"; !strings.Contains(c2, want) || strings.Contains(c1+c2, "<tx><strRef>") {
		t.Errorf("chart 2 lacks %s, or a series is still named by a reference", want)
	}
}

func TestXLSXChartErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		chart funnel.Chart
		want  string
	}{
		{funnel.Chart{Kind: funnel.LineChart, Title: "c", Table: "nope", X: "period", Series: []string{"count"}}, `chart "c": the report has no table "nope"`},
		{funnel.Chart{Kind: funnel.LineChart, Title: "c", Table: "velocity", X: "month", Series: []string{"count"}}, `table "velocity" has no column "month"`},
		{funnel.Chart{Kind: funnel.LineChart, Title: "c", Table: "velocity", X: "period", Series: []string{"transition"}}, `column "transition" of table "velocity" is not numeric`},
		{funnel.Chart{Kind: funnel.LineChart, Title: "c", Table: "velocity", X: "period"}, `chart "c": no series`},
		{funnel.Chart{Kind: funnel.LineChart, Title: "c", Table: "velocity", X: "period", SeriesBy: "transition"}, `needs a Y column`},
		// period alone does not identify a row of the long table
		{funnel.Chart{Kind: funnel.LineChart, Title: "c", Table: "velocity", X: "period", SeriesBy: "period", Y: "count"}, `rows 1 and 2 both hold period=2024-01, period=2024-01`},
	}
	for _, tc := range tests {
		r := richReport()
		r.Charts = []funnel.Chart{tc.chart}
		var buf bytes.Buffer
		err := Render(&buf, r, XLSX, Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
}

func TestSheetNames(t *testing.T) {
	t.Parallel()
	n := newSheetNamer(summarySheet)
	tests := []struct{ table, want string }{
		{"channels", "Channels"},   // as a person writes it (SheetTitle)
		{"summary", "Summary_2"},   // Summary is taken, case-insensitively
		{"Channels", "Channels_2"}, // channels is taken
		{"campaign_roi", "Campaign ROI"},
		{"a:b/c?d*e[f]g\\h", "A_b_c_d_e_f_g_h"},
		{"'quoted'", "quoted"},   // titled before the apostrophes go
		{"history", "History_2"}, // reserved by Excel
		{"a_very_long_table_name_that_goes_on_and_on", "A very long table name that goe"},       // 31 units
		{"a_very_long_table_name_that_goes_on_and_on_again", "A very long table name that g_2"}, // 29 + "_2"
		{"", "table"},
		{"日本語のテーブル", "日本語のテーブル"},
	}
	for _, tc := range tests {
		if got := n.name(tc.table); got != tc.want {
			t.Errorf("name(%q) = %q, want %q", tc.table, got, tc.want)
		}
	}
	if got := truncateUTF16("ab😀c", 3); got != "ab" { // the emoji takes 2 UTF-16 units
		t.Errorf("truncateUTF16 = %q, want %q", got, "ab")
	}
}

// TestXLSXOddTables covers an empty table, a table named like Summary and
// a table whose name is a formula.
func TestXLSXOddTables(t *testing.T) {
	t.Parallel()
	r := funnel.NewReport("x", "")
	r.AddTable("summary", dataframe.New(series.New([]int{}, series.Int, "n")))
	r.AddTable("=evil", dataframe.New(series.New([]string{"a"}, series.String, "-col")))
	r.AddChart(funnel.Chart{Kind: funnel.BarChart, Table: "summary", X: "n", Series: []string{"n"}}) // no rows: skipped
	data := renderXLSX(t, r)
	f := openXLSX(t, data)
	if got := strings.Join(f.GetSheetList(), ","); got != "Summary,Summary_2,=evil" {
		t.Errorf("sheets = %s", got)
	}
	if v, _ := f.GetCellValue("=evil", "A1"); v != "'-col" {
		t.Errorf("header = %q, want guarded", v)
	}
	// Summary: title (row 1), command (3), table list header (5), tables (6, 7)
	for cell, want := range map[string]string{"A6": "summary", "B6": "Summary_2", "A7": "'=evil", "B7": "'=evil"} {
		if v, _ := f.GetCellValue("Summary", cell); v != want {
			t.Errorf("Summary!%s = %q, want %q", cell, v, want)
		}
	}
	if n := chartsPerSheet(t, data)["summary_2"]; n != 0 {
		t.Errorf("empty table has %d charts", n)
	}
}

// zipParts returns every part of an xlsx package.
func zipParts(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[zf.Name] = b
	}
	return parts
}

type xmlRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// chartsPerSheet counts the charts of each sheet by following the
// package's relationships: workbook -> sheet -> drawing -> charts.
func chartsPerSheet(t *testing.T, data []byte) map[string]int {
	t.Helper()
	parts := zipParts(t, data)
	rels := func(name string) xmlRels {
		var r xmlRels
		if b, ok := parts[name]; ok {
			if err := xml.Unmarshal(b, &r); err != nil {
				t.Fatal(err)
			}
		}
		return r
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(parts["xl/workbook.xml"], &wb); err != nil {
		t.Fatal(err)
	}
	target := map[string]string{}
	for _, r := range rels("xl/_rels/workbook.xml.rels").Rels {
		target[r.ID] = path.Join("xl", r.Target)
	}
	counts := map[string]int{}
	for _, s := range wb.Sheets {
		sheetPath := target[s.RID]
		counts[s.Name] = 0
		for _, r := range rels(path.Join(path.Dir(sheetPath), "_rels", path.Base(sheetPath)+".rels")).Rels {
			if !strings.HasSuffix(r.Type, "/drawing") {
				continue
			}
			drawing := path.Join(path.Dir(sheetPath), r.Target)
			for _, d := range rels(path.Join(path.Dir(drawing), "_rels", path.Base(drawing)+".rels")).Rels {
				if strings.HasSuffix(d.Type, "/chart") {
					counts[s.Name]++
				}
			}
		}
	}
	return counts
}
