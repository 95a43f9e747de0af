package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestScanSheetXML(t *testing.T) {
	t.Parallel()
	// Cells written as Excel, OpenXML SDK (x: prefix) and scripts write
	// them; only formulas without a <v> count, merges are listed.
	xml := `<worksheet><sheetData>` +
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r='B1'><f>1+1</f><v>2</v></c></row>` +
		`<row r="2"><c r="A2"><f>SUM(B1:B9)&gt;0</f></c><c r="B2" t="str"><f>A1&amp;"x"</f><v>ax</v></c><c r="C2"/></row>` +
		`<row r="3"><x:c r="D3"><x:f t="shared" si="0"/></x:c><c r="E3" s="1"><v>5</v></c></row>` +
		`<row r="4"><c r="F4"><f>A1</f><v></v></c></row>` +
		`</sheetData><mergeCells count="2"><mergeCell ref="A5:A7"/><mergeCell ref="C2:D2"/></mergeCells></worksheet>`
	got, err := scanSheetXML(strings.NewReader(xml))
	if err != nil {
		t.Fatal(err)
	}
	wantFormulas := []formulaCell{{row: 2, col: 1, formula: "=SUM(B1:B9)>0"}, {row: 3, col: 4}}
	if !reflect.DeepEqual(got.formulas, wantFormulas) {
		t.Errorf("formulas %+v, want %+v", got.formulas, wantFormulas)
	}
	wantMerges := []cellRange{{ref: "A5:A7", row1: 5, col1: 1, row2: 7, col2: 1}, {ref: "C2:D2", row1: 2, col1: 3, row2: 2, col2: 4}}
	if !reflect.DeepEqual(got.merges, wantMerges) {
		t.Errorf("merges %+v, want %+v", got.merges, wantMerges)
	}
	for _, s := range []string{xml, `<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`} {
		found, err := hasFormulaOrMerge(strings.NewReader(strings.Repeat(" ", 70000) + s))
		if err != nil || found != (s == xml) {
			t.Errorf("hasFormulaOrMerge = %v, %v; want %v", found, err, s == xml)
		}
	}
}

func TestAttr(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ tag, key, want string }{
		{`c r="B2" s="1"`, "r", "B2"},
		{`c s="1" r='B2'`, "r", "B2"},
		{`c xr="X" r="C3"`, "r", "C3"}, // "xr=" is another attribute
		{`c s="1"`, "r", ""},
		{`mergeCell ref="A1:B2"/`, "ref", "A1:B2"},
	} {
		if got := attr([]byte(c.tag), c.key); got != c.want {
			t.Errorf("attr(%q, %q) = %q, want %q", c.tag, c.key, got, c.want)
		}
	}
}

// TestCheckZip checks the limits on a workbook's zip directory: the total
// size (MaxXLSXBytes) and the ratio of one part.
func TestCheckZip(t *testing.T) {
	t.Parallel()
	build := func(parts map[string][]byte) *zip.Reader {
		var buf bytes.Buffer
		z := zip.NewWriter(&buf)
		for name, body := range parts {
			w, err := z.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(body)
		}
		z.Close()
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		return zr
	}
	// 17 MiB of one byte deflates about 1000:1.
	zeros := build(map[string][]byte{"xl/styles.xml": bytes.Repeat([]byte{'a'}, 17<<20)})
	if err := checkZip(zeros, "b.xlsx", Options{}); err == nil || !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "part xl/styles.xml would inflate") {
		t.Errorf("bomb: %v", err)
	}
	small := build(map[string][]byte{"a.xml": bytes.Repeat([]byte{'a'}, 600), "b.xml": bytes.Repeat([]byte{'b'}, 600)})
	err := checkZip(small, "b.xlsx", Options{MaxXLSXBytes: 1000})
	if want := "b.xlsx: limit exceeded: workbook over 1000 bytes uncompressed; raise with --max-xlsx-bytes"; err == nil || err.Error() != want {
		t.Errorf("limit: %v, want %s", err, want)
	}
	if err := checkZip(small, "b.xlsx", Options{MaxXLSXBytes: 1200}); err != nil {
		t.Errorf("under the limit: %v", err)
	}
}

// TestXLSXSheetOddities reads a workbook with a hidden first sheet, a
// hidden row and a range merged down three rows.
func TestXLSXSheetOddities(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Notes"))
	leads, err := f.NewSheet("Leads")
	must(err)
	f.SetActiveSheet(leads) // excelize hides no active sheet
	must(f.SetSheetVisible("Notes", false))
	rows := [][]any{{"lead_id", "account", "visits"}, {"L1", "Acme", 3}, {"L2", nil, 4}, {"L3", nil, 5}, {"L4", "Initech", 1}}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		must(f.SetSheetRow("Leads", cell, &row))
	}
	must(f.MergeCell("Leads", "B2", "B4"))
	must(f.SetRowVisible("Leads", 5, false))
	path := filepath.Join(t.TempDir(), "book.xlsx")
	must(f.SaveAs(path))

	r, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var got [][]string
	for {
		rec, err := r.Read()
		if err != nil {
			break
		}
		got = append(got, append([]string(nil), rec...))
	}
	// B2:B4 merged: Acme in rows 3 and 4 too; row 5 hidden but read.
	want := [][]string{{"L1", "Acme", "3"}, {"L2", "Acme", "4"}, {"L3", "Acme", "5"}, {"L4", "Initech", "1"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows %q, want %q", got, want)
	}
	wantWarnings := []string{
		path + `: read the first visible sheet, "Leads", passing over the hidden sheet "Notes" (name a sheet with ` + path + `#SHEET)`,
		path + "#Leads: 1 hidden row is read too, the first row 5 (rows hidden or filtered out in Excel are data too; delete them to leave them out)",
		path + "#Leads: merged cells B2:B4: every row of a merged range reads its top-left value, as Excel shows it",
	}
	if !reflect.DeepEqual(r.Warnings(), wantWarnings) {
		t.Errorf("warnings\n got %q\nwant %q", r.Warnings(), wantWarnings)
	}
}

// FuzzScanSheetXML feeds the worksheet tag scanner arbitrary text: it must
// not panic, and every formula it reports lies in a valid cell.
func FuzzScanSheetXML(f *testing.F) {
	f.Add(`<row r="2"><c r="A2"><f>SUM(B1:B9)</f></c><x:c r='B2'><x:f t="shared"/></x:c></row><mergeCell ref="A5:A7"/>`)
	f.Add(`<c r="A1"><f>1</f><v>1</v></c><mergeCell ref="ZZZ0:A"/><c r=`)
	f.Fuzz(func(t *testing.T, s string) {
		sc, err := scanSheetXML(strings.NewReader(s))
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range sc.formulas {
			if u.row < 1 || u.col < 1 {
				t.Fatalf("formula at row %d, column %d", u.row, u.col)
			}
		}
		for _, m := range sc.merges {
			if m.row1 < 1 || m.col1 < 1 || m.row2 < m.row1 || m.col2 < m.col1 {
				t.Fatalf("merge %+v", m)
			}
		}
	})
}

// TestExternalRef: references to another workbook as Excel stores them
// match; a table's structured references and same-workbook sheets do not.
func TestExternalRef(t *testing.T) {
	for f, want := range map[string]bool{
		"[1]Prices!B2*2":                        true,
		"'[2]Price list'!B3*2":                  true,
		"SUM([1]!Rate,A1)":                      true,
		`'C:\x\[prices.xlsx]Sheet1'!B2`:         true,
		"Prices!B2*2":                           false,
		"SUM(Table1[Amount])":                   false,
		"[@Amount]*Table1[[#This Row],[Units]]": false,
		"A1&\"[1]\"":                            false,
	} {
		if got := externalRef.MatchString(f); got != want {
			t.Errorf("%s: %v, want %v", f, got, want)
		}
	}
}
