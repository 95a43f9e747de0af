package render

import (
	"bytes"
	"encoding/xml"
	"math"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"github.com/xuri/excelize/v2"
)

// sheetsDir holds the expected md and table output of sheetsReport.
var sheetsDir = filepath.Join("testdata", "golden")

// sheetsReport is a monthly-report-like layout: 4 tables over 3 sheets,
// Summary included. In report order: key_figures (Summary), model_health
// (Scoring), velocity (Velocity, alone), calibration (Scoring again), so
// sheet order and stacking order both follow first appearance. Each table
// has a chart: wide bars on key_figures and model_health, long lines
// (pivoted data) on velocity and calibration.
func sheetsReport() *funnel.Report {
	r := funnel.NewReport("report", "Monthly funnel report (test)")
	r.AddMeta("month", "2024-03")
	r.AddMeta("leads", 1250)
	r.Warnf("2 touches had no channel")

	r.AddTable("key_figures", dataframe.New(
		series.New([]string{"leads", "mql_rate", "won"}, series.String, "metric"),
		series.New([]float64{1250, 0.18, 42}, series.Float, "month"),
		series.New([]float64{1100, 0.2, 42}, series.Float, "previous"),
		series.New([]float64{150, -0.02, 0}, series.Float, "delta"),
		series.New([]string{"▲", "▼", "="}, series.String, "trend"), // "=" is guarded
	))
	r.AddTable("model_health", dataframe.New(
		series.New([]string{"auc", "brier", "log_loss"}, series.String, "metric"),
		series.New([]float64{0.8123, 0.1532, 0.4467}, series.Float, "value"),
	))
	r.AddTable("velocity", dataframe.New(
		series.New([]string{"2024-01", "2024-01", "2024-02", "2024-02"}, series.String, "period"),
		series.New([]string{"MQL>SQL", "SQL>Opp", "MQL>SQL", "SQL>Opp"}, series.String, "transition"),
		series.New([]float64{12.5, 30.25, 10, 28.75}, series.Float, "median_days"),
		series.New([]int{40, 18, 52, 21}, series.Int, "count"),
	))
	r.AddTable("calibration", dataframe.New(
		series.New([]string{"low", "low", "mid", "mid", "high", "high"}, series.String, "bin"),
		series.New([]string{"predicted", "observed", "predicted", "observed", "predicted", "observed"}, series.String, "source"),
		series.New([]float64{0.05, 0.04, 0.2, 0.22, 0.6, math.NaN()}, series.Float, "conversion_rate"),
	))
	r.SetSheet("key_figures", "Summary")
	r.SetSheet("model_health", "Scoring")
	r.SetSheet("velocity", "Velocity")
	r.SetSheet("calibration", "Scoring")

	r.AddChart(funnel.Chart{Kind: funnel.BarChart, Title: "Month and previous", Table: "key_figures",
		X: "metric", Series: []string{"month", "previous"}})
	r.AddChart(funnel.Chart{Kind: funnel.BarChart, Title: "Model health", Table: "model_health",
		X: "metric", Series: []string{"value"}})
	r.AddChart(funnel.Chart{Kind: funnel.LineChart, Title: "Median days", Table: "velocity",
		X: "period", SeriesBy: "transition", Y: "median_days"})
	r.AddChart(funnel.Chart{Kind: funnel.LineChart, Title: "Calibration", Table: "calibration",
		X: "bin", SeriesBy: "source", Y: "conversion_rate"})
	return r
}

// The positions below are worked out by hand from the layout rules:
//
// Summary: title A1, command row 3, meta rows 4-5, a blank row, the
// warnings label row 7 and its item row 8; one blank row; key_figures
// title row 10, header 11, rows 12-14; two blank rows; the table list
// header row 17 and rows 18-21. Its widest block is key_figures (5
// columns), so its chart sits in column 5+2 = 7 (G) at row 10.
//
// Scoring: model_health title row 1, header 2, rows 3-5, blank 6-7;
// calibration title row 8 (1+2+3+2), header 9, rows 10-15. Widest table 3
// columns: charts in column 3+2 = 5 (E), model_health's at row 1,
// calibration's at row max(8, 1+18) = 19; calibration's pivoted data from
// column 3+2+10+1 = 16 (P) at its table's row 8.
//
// Velocity: the single-table layout: header row 1, chart at column 4+2 = 6
// (F) row 1, pivoted data from column 4+2+10+1 = 17 (Q).
func TestSheetsXLSXCells(t *testing.T) {
	t.Parallel()
	data := renderXLSX(t, sheetsReport())
	f := openXLSX(t, data)
	if got := strings.Join(f.GetSheetList(), ","); got != "Summary,Scoring,Velocity,About" {
		t.Errorf("sheets = %s, want Summary,Scoring,Velocity,About", got)
	}
	tests := []struct {
		sheet, cell string
		value       string // raw value
		numFmt      string // "" when not checked
	}{
		// Summary: the title, the key figures first, the warnings, the
		// tables; the meta is on the About sheet.
		{"Summary", "A1", "Monthly funnel report (test)", ""},
		{"Summary", "A3", "", ""},
		{"Summary", "A4", "Key figures", ""},
		{"Summary", "A5", "metric", ""},
		{"Summary", "E5", "trend", ""},
		{"Summary", "A6", "leads", ""},
		{"Summary", "B6", "1250", "#,##0.00"}, // max 1250: 5-1-3 = 1 decimal, at least 2
		{"Summary", "C6", "1100", "#,##0.00"},
		{"Summary", "E6", "▲", ""},
		{"Summary", "D7", "-0.02", "#,##0.00"},
		{"Summary", "E8", "'=", ""}, // formula guard
		{"Summary", "A9", "", ""},
		{"Summary", "A10", "warnings", ""},
		{"Summary", "A11", "2 touches had no channel", ""},
		{"Summary", "A13", "", ""},
		{"Summary", "A14", "table", ""},
		{"Summary", "A15", "key_figures", ""},
		{"Summary", "B15", "Summary", ""},
		{"Summary", "C15", "3", ""},
		{"Summary", "A16", "model_health", ""},
		{"Summary", "B16", "Scoring", ""},
		{"Summary", "A17", "velocity", ""},
		{"Summary", "B17", "Velocity", ""},
		{"Summary", "A18", "calibration", ""},
		{"Summary", "B18", "Scoring", ""},
		{"Summary", "C18", "6", ""},
		{"About", "A1", "About this report", ""},
		{"About", "B3", "report", ""},
		{"About", "A4", "month", ""},
		{"About", "B5", "1250", ""},
		{"Scoring", "A1", "Model health", ""},
		{"Scoring", "A2", "metric", ""},
		{"Scoring", "B2", "value", ""},
		{"Scoring", "A3", "auc", ""},
		{"Scoring", "B3", "0.8123", "#,##0.0000"}, // max 0.8123: 5-1+1 = 5 decimals, at most 4
		{"Scoring", "A5", "log_loss", ""},
		{"Scoring", "A6", "", ""},
		{"Scoring", "A7", "", ""},
		{"Scoring", "A8", "Calibration", ""},
		{"Scoring", "C9", "conversion_rate", ""},
		{"Scoring", "A10", "low", ""},
		{"Scoring", "C10", "0.05", "0.0%"}, // _rate in [0, 1]
		{"Scoring", "A15", "high", ""},
		{"Scoring", "C15", "", "0.0%"}, // NaN: an empty cell
		{"Scoring", "A16", "", ""},
		{"Scoring", "P8", "chart data: Calibration", ""},
		{"Scoring", "P9", "bin", ""},
		{"Scoring", "Q9", "predicted", ""},
		{"Scoring", "R9", "observed", ""},
		{"Scoring", "P12", "high", ""},
		{"Scoring", "Q12", "0.6", "0.0%"},
		{"Scoring", "R11", "0.22", "0.0%"},
		{"Scoring", "R12", "", ""},
		{"Velocity", "A1", "period", ""},
		{"Velocity", "C2", "12.5", ""},
		{"Velocity", "Q1", "chart data: Median days", ""},
		{"Velocity", "R2", "MQL>SQL", ""},
	}
	for _, tc := range tests {
		v, err := f.GetCellValue(tc.sheet, tc.cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if v != tc.value {
			t.Errorf("%s!%s = %q, want %q", tc.sheet, tc.cell, v, tc.value)
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
			t.Errorf("%s!%s number format = %v, want %s", tc.sheet, tc.cell, st.CustomNumFmt, tc.numFmt)
		}
	}

	// Title and header rows are bold; the title is not the header style.
	for _, tc := range []struct {
		sheet, cell string
		size        float64
	}{
		{"Scoring", "A1", 12}, {"Scoring", "A8", 12}, {"Summary", "A4", 12},
		{"Scoring", "A2", 11}, {"Scoring", "C9", 11}, {"Summary", "A5", 11},
	} {
		id, err := f.GetCellStyle(tc.sheet, tc.cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.Font == nil || !st.Font.Bold || st.Font.Size != tc.size {
			t.Errorf("%s!%s font = %+v, want bold %g", tc.sheet, tc.cell, st.Font, tc.size)
		}
	}

	// Links go to the sheet, and to the title row of a stacked table.
	for cell, want := range map[string]string{
		"A15": "'Summary'!A4", "A16": "'Scoring'!A1", "A17": "'Velocity'!A1", "A18": "'Scoring'!A8",
	} {
		ok, link, err := f.GetCellHyperLink("Summary", cell)
		if err != nil || !ok || link != want {
			t.Errorf("Summary!%s link = %v %q %v, want %q", cell, ok, link, err, want)
		}
	}

	// Column widths are the widest over the stacked tables (colWidth adds
	// 2, at least 8): Scoring A from model_health ("log_loss", 8 chars),
	// B from calibration ("predicted", 9), C from calibration's header
	// ("conversion_rate" + 1 for bold, 16).
	for _, tc := range []struct {
		sheet, col string
		want       float64
	}{
		{"Scoring", "A", 10}, {"Scoring", "B", 11}, {"Scoring", "C", 18},
		{"Summary", "C", 11}, // key_figures "previous" + 1 = 9
	} {
		got, err := f.GetColWidth(tc.sheet, tc.col)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("%s column %s width = %g, want %g", tc.sheet, tc.col, got, tc.want)
		}
	}

	// The Summary prints over its widest table (5 columns) and the chart
	// beside it (1 + chartCols = 11 columns): A to 16 (P).
	var area []string
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Area" {
			area = append(area, dn.Scope+" "+dn.RefersTo)
		}
	}
	if got := strings.Join(area, ";"); got != "Summary 'Summary'!$A:$P" {
		t.Errorf("print areas = %q, want Summary 'Summary'!$A:$P", got)
	}

	// Freeze panes and the filter stay on the single-table sheet only.
	for _, tc := range []struct {
		sheet  string
		frozen bool
	}{{"Velocity", true}, {"Scoring", false}, {"Summary", false}} {
		panes, err := f.GetPanes(tc.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if panes.Freeze != tc.frozen {
			t.Errorf("%s frozen = %v, want %v", tc.sheet, panes.Freeze, tc.frozen)
		}
		if got := strings.Contains(string(sheetPart(t, data, tc.sheet)), "<autoFilter"); got != tc.frozen {
			t.Errorf("%s autofilter = %v, want %v", tc.sheet, got, tc.frozen)
		}
	}
}

// TestSheetsXLSXCharts checks where the charts land (positions worked out
// above TestSheetsXLSXCells) and the ranges they plot.
func TestSheetsXLSXCharts(t *testing.T) {
	t.Parallel()
	data := renderXLSX(t, sheetsReport())
	anchors := chartAnchors(t, data)
	tests := []struct {
		sheet      string
		from       [][2]int // 1-based (column, row) of each chart's top left
		tableCols  int      // columns the charts must stay right of
		dataCol    int      // first column of pivoted data the charts must stay left of; 0 if none
		chartBelow bool     // each chart starts below the one before
	}{
		{"Summary", [][2]int{{7, 4}}, 5, 0, false},
		{"Scoring", [][2]int{{5, 1}, {5, 19}}, 3, 16, true},
		{"Velocity", [][2]int{{6, 1}}, 4, 17, false},
	}
	for _, tc := range tests {
		got := anchors[tc.sheet]
		if len(got) != len(tc.from) {
			t.Errorf("%s has %d charts, want %d", tc.sheet, len(got), len(tc.from))
			continue
		}
		for i, a := range got {
			if a.from != tc.from[i] {
				t.Errorf("%s chart %d at %v, want %v", tc.sheet, i+1, a.from, tc.from[i])
			}
			if a.from[0] <= tc.tableCols {
				t.Errorf("%s chart %d starts in column %d, over the tables' %d columns", tc.sheet, i+1, a.from[0], tc.tableCols)
			}
			if tc.dataCol > 0 && a.to[0] >= tc.dataCol {
				t.Errorf("%s chart %d ends in column %d, over the chart data from column %d", tc.sheet, i+1, a.to[0], tc.dataCol)
			}
			if i > 0 && tc.chartBelow && a.from[1] <= got[i-1].to[1] {
				t.Errorf("%s chart %d starts at row %d, over chart %d ending at row %d", tc.sheet, i+1, a.from[1], i, got[i-1].to[1])
			}
		}
	}
	var all string
	for name, body := range zipParts(t, data) {
		if strings.HasPrefix(name, "xl/charts/chart") {
			all += strings.ReplaceAll(string(body), "&#39;", "'")
		}
	}
	for _, want := range []string{
		// key_figures: header row 11, rows 12-14
		"<tx><v>Month</v></tx>", "<tx><v>Previous</v></tx>", "<f>'Summary'!$A$6:$A$8</f>", "<f>'Summary'!$C$6:$C$8</f>",
		// model_health: header row 2, rows 3-5
		"<tx><v>value</v></tx>", "<f>'Scoring'!$A$3:$A$5</f>", "<f>'Scoring'!$B$3:$B$5</f>",
		// calibration pivot from P8: header row 9, 3 bins in rows 10-12
		"<f>'Scoring'!$Q$9</f>", "<f>'Scoring'!$P$10:$P$12</f>", "<f>'Scoring'!$R$10:$R$12</f>",
		// velocity pivot from Q1: header row 2, 2 periods in rows 3-4
		"<f>'Velocity'!$R$2</f>", "<f>'Velocity'!$Q$3:$Q$4</f>",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("charts lack %s", want)
		}
	}
}

func TestSheetsDeterministic(t *testing.T) {
	t.Parallel()
	for _, f := range []Format{XLSX, Markdown, Table} {
		a := render(t, sheetsReport(), f, Options{})
		for range 5 { // excelize keeps some parts in maps: try several times
			if b := render(t, sheetsReport(), f, Options{}); a != b {
				t.Fatalf("%s: two renders of the same report differ", f)
			}
		}
	}
}

// TestSheetsGolden checks the grouped md and table output; the files were
// read line by line against the layout rules (writeMarkdown, writeText).
func TestSheetsGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file   string
		format Format
		opts   Options
	}{
		{"sheets.md", Markdown, Options{}},
		{"sheets.txt", Table, Options{}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			got := render(t, sheetsReport(), tc.format, tc.opts)
			file := filepath.Join(sheetsDir, tc.file)
			if *update {
				if err := os.MkdirAll(sheetsDir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test ./funnel/render -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", tc.file, got, want)
			}
		})
	}
}

// TestSheetsPresentationOnly: json, csv and tsv ignore the sheets, and md
// and table output of one named table are not grouped.
func TestSheetsPresentationOnly(t *testing.T) {
	t.Parallel()
	plain := func() *funnel.Report {
		r := sheetsReport()
		r.Sheets = nil
		return r
	}
	tests := []struct {
		format Format
		opts   Options
	}{
		{JSON, Options{}}, {CSV, Options{}}, {TSV, Options{Table: "calibration"}},
		{Markdown, Options{Table: "calibration"}}, {Table, Options{Table: "model_health"}},
	}
	for _, tc := range tests {
		if got, want := render(t, sheetsReport(), tc.format, tc.opts), render(t, plain(), tc.format, tc.opts); got != want {
			t.Errorf("%s %+v: output with sheets differs:\n%s\n--- without\n%s", tc.format, tc.opts, got, want)
		}
	}
	// Grouping changes md: the plain report has no sheet headings.
	if md := render(t, plain(), Markdown, Options{}); strings.Contains(md, "## Scoring") || !strings.Contains(md, "## calibration\n") {
		t.Errorf("plain md:\n%s", md)
	}
}

func TestSheetsErrors(t *testing.T) {
	t.Parallel()
	r := sheetsReport()
	r.Sheets["churn"] = "Accounts" // set directly, bypassing SetSheet
	for _, f := range []Format{XLSX, Markdown, Table} {
		var buf bytes.Buffer
		err := Render(&buf, r, f, Options{})
		want := `render: the report report places table "churn" on sheet "Accounts", but has no such table`
		if err == nil || err.Error() != want {
			t.Errorf("%s: error %v, want %q", f, err, want)
		}
	}
	defer func() {
		if p := recover(); p != "funnel: SetSheet: no table churn" {
			t.Errorf("SetSheet panic = %v", p)
		}
	}()
	sheetsReport().SetSheet("churn", "Accounts")
}

// TestSheetsLayout covers grouping rules beyond sheetsReport: tables
// without a sheet keep their own, names compare case-insensitively, an
// empty sheet undoes an assignment, and a sheet named like a table's own
// sheet gets a suffix.
func TestSheetsLayout(t *testing.T) {
	t.Parallel()
	table := func(name string) dataframe.DataFrame {
		return dataframe.New(series.New([]int{1, 2}, series.Int, name+"_n"))
	}
	tests := []struct {
		name   string
		tables []string
		sheets [][2]string // SetSheet calls, in order
		want   string      // sheet list
		first  int         // Summary row of the first table in the list
		links  []string    // Summary list links, in table order
	}{
		// Summary: title row 1, command row 3, a blank row, the list
		// header row 5, the tables from row 6.
		{"no sheets", []string{"a", "b"}, nil, "Summary,A,B", 6, []string{"'A'!A1", "'B'!A1"}},
		// Summary: b's title row 4, header 5, rows 6-7, blank 8-9, list
		// header 10, tables from 11; the meta goes to About. Funnel: a at
		// row 1 (title, header, 2 rows, 2 blank), c at row 7.
		{"case-insensitive", []string{"a", "b", "c"}, [][2]string{{"a", "Funnel"}, {"c", "FUNNEL"}, {"b", "summary"}},
			"Summary,Funnel,About", 11, []string{"'Funnel'!A1", "'Summary'!A4", "'Funnel'!A7"}},
		{"undone", []string{"a", "b"}, [][2]string{{"a", "X"}, {"b", "X"}, {"a", ""}},
			"Summary,A,X", 6, []string{"'A'!A1", "'X'!A1"}},
		{"clash", []string{"x", "y", "z"}, [][2]string{{"y", "x"}, {"z", "x"}},
			"Summary,X,X_2", 6, []string{"'X'!A1", "'X_2'!A1", "'X_2'!A7"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := funnel.NewReport("t", "")
			for _, n := range tc.tables {
				r.AddTable(n, table(n))
			}
			for _, s := range tc.sheets {
				r.SetSheet(s[0], s[1])
			}
			f := openXLSX(t, renderXLSX(t, r))
			if got := strings.Join(f.GetSheetList(), ","); got != tc.want {
				t.Errorf("sheets = %s, want %s", got, tc.want)
			}
			for i, want := range tc.links {
				cell := cellName(1, tc.first+i)
				ok, link, err := f.GetCellHyperLink("Summary", cell)
				if err != nil || !ok || link != want {
					t.Errorf("Summary!%s link = %v %q %v, want %q", cell, ok, link, err, want)
				}
			}
		})
	}
}

func TestTableTitle(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, want string }{
		{"top_leads", "Top leads"},
		{"model_health", "Model health"},
		{"auc", "AUC"},
		{"campaign_roi", "Campaign ROI"},
		{"_x", " X"},
		{"élan_rate", "Élan rate"},
		{"=evil", "=evil"}, // GuardFormula comes after
		{"", ""},
	}
	for _, tc := range tests {
		if got := tableTitle(tc.name); got != tc.want {
			t.Errorf("tableTitle(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// sheetPaths returns the package part of each sheet, by name.
func sheetPaths(t *testing.T, parts map[string][]byte) map[string]string {
	t.Helper()
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(parts["xl/workbook.xml"], &wb); err != nil {
		t.Fatal(err)
	}
	var rels xmlRels
	if err := xml.Unmarshal(parts["xl/_rels/workbook.xml.rels"], &rels); err != nil {
		t.Fatal(err)
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		target[r.ID] = path.Join("xl", r.Target)
	}
	out := map[string]string{}
	for _, s := range wb.Sheets {
		out[s.Name] = target[s.RID]
	}
	return out
}

// sheetPart returns the XML of the named sheet.
func sheetPart(t *testing.T, data []byte, sheet string) []byte {
	t.Helper()
	parts := zipParts(t, data)
	return parts[sheetPaths(t, parts)[sheet]]
}

// anchor is a drawing's cell span, 1-based (column, row).
type anchor struct{ from, to [2]int }

// chartAnchors returns the anchors of each sheet's drawings, in drawing
// order (the order the charts were added).
func chartAnchors(t *testing.T, data []byte) map[string][]anchor {
	t.Helper()
	parts := zipParts(t, data)
	relsOf := func(name string) xmlRels {
		var r xmlRels
		if b, ok := parts[path.Join(path.Dir(name), "_rels", path.Base(name)+".rels")]; ok {
			if err := xml.Unmarshal(b, &r); err != nil {
				t.Fatal(err)
			}
		}
		return r
	}
	type cell struct {
		Col int `xml:"col"`
		Row int `xml:"row"`
	}
	var out = map[string][]anchor{}
	for sheet, sheetPath := range sheetPaths(t, parts) {
		for _, r := range relsOf(sheetPath).Rels {
			if !strings.HasSuffix(r.Type, "/drawing") {
				continue
			}
			var d struct {
				Anchors []struct {
					From cell `xml:"from"`
					To   cell `xml:"to"`
				} `xml:"twoCellAnchor"`
			}
			if err := xml.Unmarshal(parts[path.Join(path.Dir(sheetPath), r.Target)], &d); err != nil {
				t.Fatal(err)
			}
			for _, a := range d.Anchors {
				out[sheet] = append(out[sheet], anchor{
					from: [2]int{a.From.Col + 1, a.From.Row + 1},
					to:   [2]int{a.To.Col + 1, a.To.Row + 1},
				})
			}
		}
	}
	return out
}

// FuzzSheetName places two tables on a sheet with an arbitrary name: the
// workbook always writes, has the Summary and that one sheet, and the
// table list links to it.
func FuzzSheetName(f *testing.F) {
	for _, s := range []string{"Scoring", "summary", "a:b/c", "'q'", "", " ", "History", strings.Repeat("x", 40), "日本語", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		r := funnel.NewReport("fuzz", "")
		r.AddTable("a", dataframe.New(series.New([]int{1}, series.Int, "n")))
		r.AddTable("b", dataframe.New(series.New([]string{"x", "y"}, series.String, "s")))
		r.SetSheet("a", s)
		r.SetSheet("b", s)
		var buf bytes.Buffer
		if err := Render(&buf, r, XLSX, Options{}); err != nil {
			t.Fatalf("sheet %q: %v", s, err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatalf("sheet %q: %v", s, err)
		}
		defer x.Close()
		list := x.GetSheetList()
		sheet := list[len(list)-1]
		switch {
		case s == "":
			if len(list) != 3 {
				t.Fatalf("sheet %q: sheets %q, want Summary, a, b", s, list)
			}
			return
		case strings.EqualFold(s, summarySheet):
			sheet = summarySheet
			if len(list) != 2 || list[1] != aboutSheet {
				t.Fatalf("sheet %q: sheets %q, want Summary and About", s, list)
			}
		case len(list) != 2:
			t.Fatalf("sheet %q: sheets %q, want Summary and one", s, list)
		}
		// a's title row is 1 (on Summary: 4, after the title and a blank
		// row: the meta is on About); b's follows a's title, header, 1 row
		// and 2 blank rows.
		top := 1
		if sheet == summarySheet {
			top = 4
		}
		rows, err := x.GetRows(summarySheet)
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range []string{"A" + strconv.Itoa(top), "A" + strconv.Itoa(top+5)} {
			cell := cellName(1, len(rows)-1+i) // the list's last two rows
			ok, link, err := x.GetCellHyperLink(summarySheet, cell)
			if err != nil || !ok || link != sheetRef(sheet)+want {
				t.Fatalf("sheet %q: Summary!%s link %v %q %v, want %q", s, cell, ok, link, err, sheetRef(sheet)+want)
			}
		}
	})
}
