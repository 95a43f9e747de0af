package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/funnel-analytics/funnel/funnel"
)

// updateXLSX regenerates the committed xlsx fixtures:
//
//	go test ./funnel/ingest -run TestXLSXFixtures -update-xlsx-fixtures
var updateXLSX = flag.Bool("update-xlsx-fixtures", false, "rewrite testdata/ingest/records/*.xlsx")

// Excel serial dates of the fixtures (1900 system: days since 1899-12-30
// from 1900-03-01 on), worked out with Python:
// (date(2024,3,5) - date(1899,12,30)).days == 45356, and so on.
const (
	serial20240305 = 45356
	serial20240306 = 45357
	serial20241231 = 45657
	days1904Offset = 1462 // (date(1904,1,1) - date(1899,12,30)).days
)

// TestXLSXFixtures writes the workbooks under testdata when
// -update-xlsx-fixtures is set:
//
// leads.xlsx: sheet "Setup" (hidden, first), "Leads" (the data of
// leads.csv with date, currency and percentage formats), "Calc" (a formula
// with its cached value, a boolean, a time, merged cells).
// book1904.xlsx: one date in the 1904 date system.
func TestXLSXFixtures(t *testing.T) {
	t.Parallel()
	if !*updateXLSX {
		t.Skip("fixtures are committed; -update-xlsx-fixtures rewrites them")
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	style := func(f *excelize.File, s *excelize.Style) int {
		id, err := f.NewStyle(s)
		must(err)
		return id
	}
	code := func(s string) *string { return &s }

	f := excelize.NewFile()
	must(f.SetSheetName("Sheet1", "Setup"))
	must(f.SetCellValue("Setup", "A1", "not data"))
	_, err := f.NewSheet("Leads")
	must(err)
	_, err = f.NewSheet("Calc")
	must(err)
	leads, _ := f.GetSheetIndex("Leads")
	f.SetActiveSheet(leads)
	must(f.SetSheetVisible("Setup", false))

	dateBuiltin := style(f, &excelize.Style{NumFmt: 14})                       // m/d/yyyy
	dateTime := style(f, &excelize.Style{CustomNumFmt: code("m/d/yyyy h:mm")}) // shown 3/6/2024 14:30
	dateEU := style(f, &excelize.Style{CustomNumFmt: code("dd.mm.yyyy")})
	thousands := style(f, &excelize.Style{NumFmt: 4}) // #,##0.00
	twoPlaces := style(f, &excelize.Style{NumFmt: 2}) // 0.00
	timeOnly := style(f, &excelize.Style{NumFmt: 20}) // h:mm
	wrap := style(f, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true}})

	rows := [][]any{
		{"Lead ID", "Company", "Created", " Amount ", "Notes"},
		{"L-001", "Café Zürich", serial20240305, 1200.5, `says "hi", then left`},
		{"L-002", "Acme, Inc.", serial20240306 + 14.5/24, -42, "line one\nline two"},
		nil, // an empty row, skipped
		{"L-003", "Prix €uro", serial20241231, 0.001},
	}
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			must(f.SetCellValue("Leads", cell, v))
		}
	}
	must(f.SetCellStyle("Leads", "C2", "C2", dateBuiltin))
	must(f.SetCellStyle("Leads", "C3", "C3", dateTime))
	must(f.SetCellStyle("Leads", "C5", "C5", dateEU))
	must(f.SetCellStyle("Leads", "D2", "D2", thousands))
	must(f.SetCellStyle("Leads", "D5", "D5", twoPlaces))
	must(f.SetCellStyle("Leads", "E3", "E3", wrap))

	calc := [][]any{
		{"Item", "Qty", "Price", "Total", "Won", "At"},
		{"A", 3, 2.5, 7.5, true, 0.5},
		{"Merged", nil, 1.25, 2.5, false, serial20240305 + 0.75},
	}
	for i, row := range calc {
		for j, v := range row {
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			must(f.SetCellValue("Calc", cell, v))
		}
	}
	// The cached values 7.5 and 2.5 were set above; a formula keeps them.
	must(f.SetCellFormula("Calc", "D2", "B2*C2"))
	must(f.SetCellFormula("Calc", "D3", "C3*2"))
	must(f.MergeCell("Calc", "A3", "B3"))
	must(f.SetCellStyle("Calc", "F2", "F3", timeOnly))
	must(f.SaveAs(filepath.Join(fixtureDir, "leads.xlsx")))
	must(f.Close())
	// Excel stores a numeric formula result without a type; excelize marks
	// it t="str". Write it as Excel does.
	must(rewriteZip(filepath.Join(fixtureDir, "leads.xlsx"), func(name string, data []byte) []byte {
		return bytes.ReplaceAll(data, []byte(` t="str"><f>`), []byte(`><f>`))
	}))

	g := excelize.NewFile()
	yes := true
	must(g.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
	must(g.SetCellValue("Sheet1", "A1", "Created"))
	must(g.SetCellValue("Sheet1", "A2", serial20240305-days1904Offset))
	must(g.SetCellStyle("Sheet1", "A2", "A2", style(g, &excelize.Style{NumFmt: 14})))
	must(g.SaveAs(filepath.Join(fixtureDir, "book1904.xlsx")))
	must(g.Close())
	for _, name := range []string{"leads.xlsx", "book1904.xlsx"} {
		must(os.Chmod(filepath.Join(fixtureDir, name), 0o644)) // excelize writes 0755
	}
}

// rewriteZip rewrites each member of the zip file at path through edit.
func rewriteZip(path string, edit func(name string, data []byte) []byte) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range zr.File {
		rc, err := m.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m.Name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		if _, err := w.Write(edit(m.Name, data)); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

func TestXLSXReader(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path   string
		name   string
		header []string
		rows   [][]string
		lines  []int
	}{
		{
			// The first sheet, "Setup", is hidden: "Leads" is read.
			path:   "leads.xlsx",
			name:   "leads.xlsx#Leads",
			header: leadsHeader,
			rows:   leadsRows,
			lines:  []int{2, 3, 5}, // row 4 is empty
		},
		{
			path:   "leads.xlsx#Calc",
			name:   "leads.xlsx#Calc",
			header: []string{"Item", "Qty", "Price", "Total", "Won", "At"},
			rows: [][]string{
				// D2 = B2*C2 cached 7.5; TRUE reads "1"; 0.5 under h:mm is noon.
				{"A", "3", "2.5", "7.5", "1", "12:00:00"},
				// A3:B3 merged over one row: the value in A3, B3 empty
				// (only rows below a range's first are filled); 45356.75 under
				// h:mm is over a day, so the date is kept.
				{"Merged", "", "1.25", "2.5", "0", "2024-03-05 18:00:00"},
			},
			lines: []int{2, 3},
		},
		{
			path:   "leads.xlsx#setup", // sheet names match ignoring case
			name:   "leads.xlsx#Setup",
			header: []string{"not data"},
		},
		{
			path:   "book1904.xlsx",
			name:   "book1904.xlsx#Sheet1",
			header: []string{"Created"},
			rows:   [][]string{{"2024-03-05"}}, // serial 43894 in the 1904 system
			lines:  []int{2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r, err := Open(filepath.Join(fixtureDir, tt.path), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if got, want := r.Name(), filepath.Join(fixtureDir, tt.name); got != want {
				t.Errorf("Name() = %q, want %q", got, want)
			}
			if f := r.Format(); f.Kind != "xlsx" || !strings.HasSuffix(tt.name, "#"+f.Sheet) {
				t.Errorf("Format() = %+v", f)
			}
			if got := r.Header(); !reflect.DeepEqual(got, tt.header) {
				t.Errorf("Header() = %q, want %q", got, tt.header)
			}
			rows, lines := readAll(t, r)
			if !reflect.DeepEqual(rows, tt.rows) {
				t.Errorf("rows = %q, want %q", rows, tt.rows)
			}
			if !reflect.DeepEqual(lines, tt.lines) {
				t.Errorf("lines = %v, want %v", lines, tt.lines)
			}
		})
	}
}

func TestXLSXErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// A zip bomb: its directory states one sheet part of 64 MiB in 64 KiB
	// zipped. The 64 KiB are no deflate stream (0xFF starts a block of the
	// reserved type), so the limit's error, and no "corrupt input", shows
	// that the limit was decided before a byte was inflated: a check of the
	// work done, where a wall-clock bound would hold only on a fast enough
	// machine.
	bomb := filepath.Join(dir, "bomb.xlsx")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CompressedSize64: 64 << 10, UncompressedSize64: 64 << 20,
	})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(bytes.Repeat([]byte{0xFF}, 64<<10))
	zw.Close()
	if err := os.WriteFile(bomb, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.xlsx")
	if err := excelize.NewFile().SaveAs(empty); err != nil {
		t.Fatal(err)
	}
	fix := func(name string) string { return filepath.Join(fixtureDir, name) }
	tests := []struct {
		path string
		opts Options
		err  error
		msg  string
	}{
		{fix("not_xlsx.xlsx"), Options{}, ErrFormat, fix("not_xlsx.xlsx") + ": unreadable file: not an xlsx file (zip) but text; if it is a CSV export, name it .csv"},
		{fix("not_xlsx.xlsx#Leads"), Options{}, ErrFormat, fix("not_xlsx.xlsx") + ": unreadable file: not an xlsx file (zip) but text; if it is a CSV export, name it .csv"},
		{fix("leads.xlsx#Touches"), Options{}, ErrNoSheet,
			fix("leads.xlsx") + `: no such sheet: "Touches"; the sheets are "Setup" (hidden), "Leads", "Calc"`},
		{fix("leads.xlsx"), Options{MaxXLSXBytes: 2000}, ErrLimit,
			fix("leads.xlsx") + ": limit exceeded: workbook over 2000 bytes uncompressed; raise with --max-xlsx-bytes"},
		{bomb, Options{MaxXLSXBytes: 16 << 20}, ErrLimit,
			bomb + ": limit exceeded: workbook over 16777216 bytes uncompressed; raise with --max-xlsx-bytes"},
		{empty, Options{}, ErrEmpty, empty + "#Sheet1: empty file: no rows"},
		{fix("old.xls"), Options{}, ErrFormat, fix("old.xls") +
			": unreadable file: an old Excel .xls workbook or a password-protected one; save it as .xlsx (without a password) or as CSV"},
		{fix("leads.xlsx"), Options{MaxColumns: 3}, ErrLimit,
			fix("leads.xlsx#Leads") + ":1: limit exceeded (more than 3 columns; raise with --max-columns)"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			r, err := Open(tt.path, tt.opts)
			if err == nil {
				r.Close()
				t.Fatal("no error")
			}
			if !errors.Is(err, tt.err) || err.Error() != tt.msg {
				t.Errorf("error = %q, want %q (wrapping %v)", err, tt.msg, tt.err)
			}
			var fe *FileError
			var re *RowError
			if !errors.As(err, &fe) && !errors.As(err, &re) {
				t.Errorf("error %T is neither *FileError nor *RowError", err)
			}
		})
	}
}

func TestFormatCodeKind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code string
		want int
	}{
		{"General", fmtNumber},
		{"#,##0.00", fmtNumber},
		{`_("$"* #,##0.00_)`, fmtNumber},
		{"0.00E+00", fmtNumber},
		{"@", fmtNumber},
		{`0 "days"`, fmtNumber},
		{"[h]:mm:ss", fmtNumber}, // elapsed time: a duration
		{"[Red]0.00;[Blue]-0.00", fmtNumber},
		{"yyyy-mm-dd", fmtDate},
		{"dd.mm.yyyy", fmtDate},
		{"[$-409]mmmm d, yyyy;@", fmtDate},
		{"mmm-yy", fmtDate},
		{"m/d/yyyy h:mm", fmtDateTime},
		{"DD/MM/YYYY HH:MM:SS", fmtDateTime},
		{"h:mm AM/PM", fmtTime},
		{"mm:ss", fmtTime},
		{`\d0`, fmtNumber}, // an escaped d is a literal
	}
	for _, tt := range tests {
		if got := formatCodeKind(tt.code); got != tt.want {
			t.Errorf("formatCodeKind(%q) = %d, want %d", tt.code, got, tt.want)
		}
	}
}

func TestExcelTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		serial   float64
		date1904 bool
		want     string
	}{
		// Reference: Excel's own display of these serials (1900 system).
		{1, false, "1900-01-01 00:00:00"},
		{59, false, "1900-02-28 00:00:00"},
		{61, false, "1900-03-01 00:00:00"},
		{serial20240305, false, "2024-03-05 00:00:00"},
		{serial20240306 + 14.5/24, false, "2024-03-06 14:30:00"},
		{serial20240306 + 14.5/24 - 0.4/86400, false, "2024-03-06 14:30:00"}, // rounded to the second
		{serial20240305 + 86399.6/86400, false, "2024-03-06 00:00:00"},
		{0, true, "1904-01-01 00:00:00"},
		{60, true, "1904-03-01 00:00:00"},
		{serial20240305 - days1904Offset, true, "2024-03-05 00:00:00"},
	}
	for _, tt := range tests {
		got, ok := excelTime(tt.serial, tt.date1904)
		if !ok || got.Format(time.DateTime) != tt.want {
			t.Errorf("excelTime(%v, %v) = %v, %v, want %s", tt.serial, tt.date1904, got, ok, tt.want)
		}
	}
	// Day 60 is the 1900-02-29 Excel counts and shows; it stays a serial
	// (60 and 60.5), which a date column rejects. Not so in 1904.
	for _, bad := range []float64{-1, 2958466, 60, 60.5} {
		if _, ok := excelTime(bad, false); ok {
			t.Errorf("excelTime(%v) is a date", bad)
		}
	}
}

// BenchmarkXLSXReader reads a 20000-row, 8-column sheet with a date
// column, written with excelize's StreamWriter.
func BenchmarkXLSXReader(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.xlsx")
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"Lead ID", "Email", "Company", "Created", "Amount", "Views", "Source", "Score"})
	const rows = 20000
	for i := 2; i <= rows+1; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i)
		sw.SetRow(cell, []any{"L-" + strconv.Itoa(i), "user" + strconv.Itoa(i) + "@example.com", "Company " + strconv.Itoa(i%997),
			excelize.Cell{StyleID: date, Value: serial20240305 + i%300}, float64(i%5000) + 0.25, i % 37, "Web", i % 101})
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		r, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		r.Close()
		if n != rows {
			b.Fatalf("%d rows", n)
		}
	}
}

func TestXLSXTooManyUncomputedFormulas(t *testing.T) {
	t.Parallel()
	// 1,200 rows whose visits are formulas without a computed value: past
	// the 1,000 kept as row errors they would read as empty cells, so the
	// sheet is refused whole, however many bad rows --max-errors allows.
	f := excelize.NewFile()
	defer f.Close()
	sh := f.GetSheetName(0)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetCellValue(sh, "A1", "lead_id"))
	must(f.SetCellValue(sh, "B1", "visits"))
	for r := 2; r <= 1201; r++ {
		must(f.SetCellValue(sh, fmt.Sprintf("A%d", r), fmt.Sprintf("L%d", r)))
		must(f.SetCellFormula(sh, fmt.Sprintf("B%d", r), "=1+1"))
	}
	path := filepath.Join(t.TempDir(), "leads.xlsx")
	must(f.SaveAs(path))
	_, _, err := Load(path, funnel.Leads, funnel.NewDict(), Options{MaxErrors: 5000})
	if !errors.Is(err, ErrFormula) || !strings.Contains(err.Error(), "more than 1000 formula cells hold no computed value (the first at B2)") || !strings.Contains(err.Error(), "leads.xlsx#Sheet1:2") {
		t.Fatalf("error %v, want the sheet refused for its formulas without values", err)
	}
}
