package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel/outfile"
)

// rawWorkbook returns an xlsx package of one sheet, "Leads", whose XML is
// sheetXML as given, and extra parts (name to body) besides.
func rawWorkbook(t testing.TB, sheetXML string, extra map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Leads" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", sheetXML},
	}
	for name, body := range extra {
		parts = append(parts, struct{ name, body string }{name, body})
	}
	for _, p := range parts {
		w, err := z.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, p.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// leadRowsXML returns the XML of a sheet of n leads under a header (rows
// 2 to n+1), with inline strings; damage, when set, rewrites the XML of
// one row (by its number) before it is joined.
func leadRowsXML(n int, damage func(row int, xml string) string) (head, rows, tail string) {
	var b strings.Builder
	for r := 1; r <= n+1; r++ {
		var row string
		if r == 1 {
			row = `<row r="1"><c r="A1" t="inlineStr"><is><t>lead_id</t></is></c><c r="B1" t="inlineStr"><is><t>visits</t></is></c></row>`
		} else {
			row = fmt.Sprintf(`<row r="%d"><c r="A%d" t="inlineStr"><is><t>L%d</t></is></c><c r="B%d"><v>%d</v></c></row>`, r, r, r, r, r%7)
		}
		if damage != nil {
			row = damage(r, row)
		}
		b.WriteString(row)
	}
	return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`,
		b.String(), `</sheetData></worksheet>`
}

// readAllXLSX opens a workbook's bytes as a file and reads every row,
// returning the rows read and the error that ended the reading (nil at
// the end).
func readAllXLSX(t *testing.T, book []byte, opts Options) (int, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := os.WriteFile(path, book, 0o644); err != nil {
		t.Fatal(err)
	}
	return countRecords(path, opts)
}

// TestXLSXDamagedSheet reads sheets whose XML is damaged after row 500:
// excelize's iterator stops there without an error; the reader must fail
// naming the row, never return the 499 leads before it as the sheet.
func TestXLSXDamagedSheet(t *testing.T) {
	t.Parallel()
	const leads = 1000 // rows 2-1001
	head, rows, tail := leadRowsXML(leads, nil)
	whole := head + rows + tail
	cut := strings.Index(whole, `<row r="501">`) + len(`<row r="501"><c r="A501" t="inlineStr"><is><t>L5`)
	_, ctrlRows, _ := leadRowsXML(leads, func(r int, x string) string {
		if r == 501 {
			return strings.Replace(x, "<t>L501", "<t>L\x01501", 1)
		}
		return x
	})
	_, ffffRows, _ := leadRowsXML(leads, func(r int, x string) string {
		if r == 700 {
			return strings.Replace(x, "<t>L700", "<t>L\uffff700", 1)
		}
		return x
	})
	_, latinRows, _ := leadRowsXML(leads, func(r int, x string) string {
		if r == 501 {
			return strings.Replace(x, "<t>L501", "<t>caf\xe9", 1)
		}
		return x
	})
	_, tagRows, _ := leadRowsXML(leads, func(r int, x string) string {
		if r == 501 {
			return strings.Replace(x, `<c r="B501">`, `<c r="B501"<`, 1)
		}
		return x
	})
	_, refRows, _ := leadRowsXML(leads, func(r int, x string) string {
		if r == 501 {
			return strings.Replace(x, "<t>L501", "<t>L&#1;501", 1)
		}
		return x
	})
	// A row number that is not one (issue 19: excelize said only
	// strconv.Atoi: parsing "x"), alone and before a control character.
	_, rowNumRows, _ := leadRowsXML(leads, func(r int, x string) string {
		switch r {
		case 501:
			return strings.Replace(x, `<row r="501">`, `<row r="x">`, 1)
		case 600:
			return strings.Replace(x, "<t>L600", "<t>L\x01600", 1)
		}
		return x
	})
	afterRow := strings.Index(whole, `<row r="501">`)
	tests := []struct {
		name   string
		xml    string
		line   int
		detail string
	}{
		{"cut in a cell", whole[:cut], 501, "the sheet's XML stops in this row, without closing its rows (no </sheetData>)"},
		{"cut between rows", whole[:afterRow], 501, "the sheet's XML stops in this row, without closing its rows (no </sheetData>)"},
		{"control character", head + ctrlRows + tail, 501, "the sheet's XML holds the character U+0001, which XML does not allow"},
		{"U+FFFF", head + ffffRows + tail, 700, "the sheet's XML holds the character U+FFFF, which XML does not allow"},
		{"Latin-1 byte", head + latinRows + tail, 501, "the sheet's XML holds the byte 0xE9, which is not UTF-8"},
		{"broken tag", head + tagRows + tail, 501, "the sheet's XML cannot be read past this row, though it holds rows up to 1001"},
		{"forbidden character reference", head + refRows + tail, 501, "the sheet's XML cannot be read past this row, though it holds rows up to 1001"},
		{"row number x", head + rowNumRows + tail, 501, `the sheet's XML holds a row numbered "x", not a whole number from 1`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			n, err := readAllXLSX(t, rawWorkbook(t, tc.xml, nil), Options{})
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("read %d rows, error %v; want a *FileError", n, err)
			}
			if fe.Line != tc.line || !errors.Is(err, ErrFormat) || !strings.HasSuffix(fe.File, "book.xlsx#Leads") {
				t.Errorf("error at %s:%d (%v), want book.xlsx#Leads:%d, ErrFormat", fe.File, fe.Line, fe.Err, tc.line)
			}
			if fe.Detail != tc.detail+damagedHint {
				t.Errorf("detail %q, want %q", fe.Detail, tc.detail+damagedHint)
			}
			if n > tc.line-1 { // rows 2 to line
				t.Errorf("%d rows returned before the error at row %d", n, tc.line)
			}
		})
	}
	t.Run("whole", func(t *testing.T) {
		n, err := readAllXLSX(t, rawWorkbook(t, whole, nil), Options{})
		if err != nil || n != leads {
			t.Errorf("read %d rows, error %v; want %d and none", n, err, leads)
		}
	})
}

// TestSheetCheckSplits feeds sheetCheck the same XML in writes of every
// size from 1 byte: what it finds must not depend on where a write ends
// (a tag, an attribute or a UTF-8 sequence cut in two).
func TestSheetCheckSplits(t *testing.T) {
	t.Parallel()
	docs := []string{
		`<sheetData><row r="1"><c r="A1"><v>1</v></c></row><x:row r="7" spans="1:2"><c/></x:row><row/></sheetData>`,
		`<sheetData><row r="1"><c><is><t>né ☃ 😀</t></is></c></row><row r="2"><c><is><t>a` + "\x02" + `</t></is></c></row></sheetData>`,
		`<sheetData><row r="3"><c><is><t>😀` + "\xf0\x9f" + `</t></is></c></row></sheetData>`,
		`<sheetData><row r="3"></row><row r="4"><c><is><t>` + strings.Repeat("x", 100) + `</t></is></c>`,
		`<sheetData><row spans="1:2" r="12"/></sheetData><rowBreaks/>`,
		// a bad row number (row 6, one past 5) before a control character
		`<sheetData><row r="5"/><row r="-2"><c><is><t>` + "\x01" + `</t></is></c></row><row r="0"/></sheetData>`,
		// a style that is not a number (cell B2); a good one and a shared
		// string index that is not one (cell C3)
		`<sheetData><row r="1"><c r="A1" s="12" t="s"><v>0</v></c></row><row r="2"><c r="B2" s="x"><v>45352</v></c></row></sheetData>`,
		`<sheetData><row r="2"><c r="B2" s="3" t="s"><v> 17 </v></c><c r="B3" t="s"/></row><row r="3"><c r="C3" t="s"><v>` + strings.Repeat("1", 40) + `x</v></c></row></sheetData>`,
	}
	type found struct {
		at        int
		detail    string
		last      int
		remainder int
	}
	for _, doc := range docs {
		var whole sheetCheck
		whole.Write([]byte(doc))
		at, detail := whole.damage()
		want := found{at, detail, whole.lastRow(), 0}
		for size := 1; size <= len(doc); size++ {
			var c sheetCheck
			for i := 0; i < len(doc); i += size {
				c.Write([]byte(doc[i:min(i+size, len(doc))]))
			}
			at, detail := c.damage()
			if got := (found{at, detail, c.lastRow(), 0}); got != want {
				t.Errorf("%q in writes of %d: %+v, want %+v", doc, size, got, want)
				break
			}
		}
	}
	// What the whole writes find, worked out by hand.
	wants := []found{{0, "", 8, 0}, {2, "the sheet's XML holds the character U+0002, which XML does not allow", 2, 0},
		{3, "the sheet's XML holds the byte 0xF0, which is not UTF-8", 3, 0},
		{4, "the sheet's XML stops in this row, without closing its rows (no </sheetData>)", 4, 0}, {0, "", 12, 0},
		{6, `the sheet's XML holds a row numbered "-2", not a whole number from 1`, 7, 0},
		{2, `the sheet's XML holds cell B2 with the style "x", not a style number (its number format, a date's, is lost)`, 2, 0},
		{3, `the sheet's XML holds cell C3, a shared string whose index is "111111111111111111111111111111111", not a number`, 3, 0}}
	for i, doc := range docs {
		var c sheetCheck
		c.Write([]byte(doc))
		at, detail := c.damage()
		if got := (found{at, detail, c.lastRow(), 0}); got != wants[i] {
			t.Errorf("%q: %+v, want %+v", doc, got, wants[i])
		}
	}
}

// BenchmarkSheetCheck runs the damage check over the 100,000-row
// worksheet of BenchmarkScanSheetXML in 64 KiB writes; MB/s is XML read.
func BenchmarkSheetCheck(b *testing.B) {
	s := []byte(benchSheetXML(100000))
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		var c sheetCheck
		for i := 0; i < len(s); i += readBufferSize {
			c.Write(s[i:min(i+readBufferSize, len(s))])
		}
		if at, _ := c.damage(); at != 0 || c.lastRow() != 100000 {
			b.Fatalf("damage at %d, last row %d", at, c.lastRow())
		}
	}
}

// TestCountSharedStrings counts <si> elements across the scanner's
// chunks, with a namespace prefix, and not "si" in text or other tags.
func TestCountSharedStrings(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(`<sst><si><t>Basis:si x</t></si><si/><x:si><x:t>si</x:t></x:si><site/><si` + "\n" + `><t>a<b</t></si>`)
	for i := range 30000 { // past the first 64 KiB chunk, at every offset
		fmt.Fprintf(&b, `<si><t>%s</t></si>`, strings.Repeat("s", i%7))
	}
	b.WriteString(`</sst>`)
	for _, limit := range []int{30004, 40000} {
		n, err := countSharedStrings(strings.NewReader(b.String()), limit)
		if err != nil || n != 30004 {
			t.Errorf("limit %d: %d strings, %v; want 30004", limit, n, err)
		}
	}
	if n, _ := countSharedStrings(strings.NewReader(b.String()), 100); n <= 100 {
		t.Errorf("limit 100: stopped at %d, want over 100", n)
	}
	// Through Open: the count, and the bytes.
	sst := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + strings.Repeat("<si><t>x</t></si>", 40) + `</sst>`
	head, rows, tail := leadRowsXML(3, nil)
	book := rawWorkbook(t, head+rows+tail, map[string]string{"xl/sharedStrings.xml": sst})
	for _, c := range []struct {
		opts   Options
		detail string
	}{
		{Options{MaxSharedStrings: 39}, "more than 39 shared strings (distinct texts); raise with --max-shared-strings"},
		{Options{MaxSharedStringsBytes: int64(len(sst)) - 1}, fmt.Sprintf("shared strings over %d bytes uncompressed; raise with --max-shared-strings-bytes", len(sst)-1)},
		{Options{MaxSharedStrings: 40, MaxSharedStringsBytes: int64(len(sst))}, ""},
	} {
		n, err := readAllXLSX(t, book, c.opts)
		var fe *FileError
		switch {
		case c.detail == "" && (err != nil || n != 3):
			t.Errorf("%+v: %d rows, %v; want 3", c.opts, n, err)
		case c.detail != "" && (!errors.As(err, &fe) || !errors.Is(err, ErrLimit) || fe.Detail != c.detail):
			t.Errorf("%+v: %v; want %q", c.opts, err, c.detail)
		}
	}
}

// TestXLSXTempFiles: excelize's temporary files (a sheet over its unzip
// size, here 100 bytes) go to a folder of the read's own, removed when
// the reader closes and when the sheet fails to read; folders of
// processes that no longer run are swept.
func TestXLSXTempFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dead := filepath.Join(tmp, xlsxTempPrefix+"2147483000-1")
	if err := os.MkdirAll(dead, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dead, "excelize-1"), []byte("x"), 0o644)
	ours := filepath.Join(tmp, fmt.Sprintf("%s%d-1", xlsxTempPrefix, os.Getpid()))
	os.MkdirAll(ours, 0o755)
	sweepXLSXTempDirs()
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Errorf("the folder of a process that is gone is left: %v", err)
	}
	if _, err := os.Stat(ours); err != nil {
		t.Errorf("the folder of a running process is removed: %v", err)
	}
	os.RemoveAll(ours)

	head, rows, tail := leadRowsXML(50, nil)
	path := filepath.Join(t.TempDir(), "book.xlsx")
	os.WriteFile(path, rawWorkbook(t, head+rows+tail, nil), 0o644)
	opts := Options{knobs: knobs{unzipXMLSizeLimit: 100}}
	r, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := r.Read(); err != nil {
			break
		}
	}
	files, _ := filepath.Glob(filepath.Join(tmp, xlsxTempPrefix+"*", "excelize-*"))
	if len(files) == 0 {
		t.Errorf("no excelize temporary file under %s while reading", tmp)
	}
	r.Close()
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
		t.Errorf("left after Close: %q", left)
	}
	// A damaged sheet fails while the header is read: nothing is left.
	os.WriteFile(path, rawWorkbook(t, head+rows[:len(rows)/2], nil), 0o644)
	if _, err := Open(path, opts); err == nil {
		t.Fatal("a sheet cut in half opened")
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
		t.Errorf("left after a failed open: %q", left)
	}
	// RemoveTempFiles removes the folders of the readers still open.
	os.WriteFile(path, rawWorkbook(t, head+rows+tail, nil), 0o644)
	r, err = Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	outfile.RemoveTempFiles()
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
		t.Errorf("left after RemoveTempFiles: %q", left)
	}
	r.Close()
}

// FuzzXLSXSheetXML reads a workbook whose sheet XML is the fuzzer's
// (damaged XML: cut, forbidden characters, broken tags), through stdin so
// that nothing goes to disk: no panic, only the package's errors, and a
// sheet whose damage sheetCheck names is never read whole.
func FuzzXLSXSheetXML(f *testing.F) {
	head, rows, tail := leadRowsXML(6, nil)
	f.Add(head + rows + tail)
	f.Add(head + rows[:len(rows)/2])
	f.Add(head + strings.Replace(rows, "<t>L5", "<t>L\x015", 1) + tail)
	f.Add(head + strings.Replace(rows, `<c r="B4">`, `<c r="B4"<`, 1) + tail)
	f.Add(head + `<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row><row r="1048577"/>` + tail)
	f.Fuzz(func(t *testing.T, sheetXML string) {
		book := rawWorkbook(t, sheetXML, nil)
		n, err := readAllStdin(book, Options{})
		var fe *FileError
		var re *RowError
		if err != nil && !errors.As(err, &fe) && !errors.As(err, &re) {
			t.Fatalf("%T: %v", err, err)
		}
		var c sheetCheck
		c.Write([]byte(sheetXML))
		if at, detail := c.damage(); at > 0 && err == nil {
			t.Fatalf("read %d rows of a sheet damaged at row %d (%s)", n, at, detail)
		}
	})
}

// TestXLSXStdinSpooled: a workbook on stdin is copied to a file in the
// read's temporary folder, not held in memory (issue 19: 2.7 GB under the
// 1 GiB limit): it reads its 50 rows, the copy is there while it reads,
// and nothing is left after Close, after a workbook over
// --max-xlsx-bytes, or after one that fails to open.
func TestXLSXStdinSpooled(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	head, rows, tail := leadRowsXML(50, nil)
	book := rawWorkbook(t, head+rows+tail, nil)
	r, err := Open("-", Options{Stdin: bytes.NewReader(book)})
	if err != nil {
		t.Fatal(err)
	}
	if copies, _ := filepath.Glob(filepath.Join(tmp, xlsxTempPrefix+"*", "stdin.xlsx")); len(copies) != 1 {
		t.Errorf("copies of stdin while reading: %q, want one", copies)
	}
	n := 0
	for {
		if _, err := r.Read(); err != nil {
			if err != io.EOF {
				t.Fatal(err)
			}
			break
		}
		n++
	}
	if n != 50 || r.Name() != "stdin#Leads" {
		t.Errorf("%s: %d rows, want stdin#Leads and 50", r.Name(), n)
	}
	r.Close()
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
		t.Errorf("left after Close: %q", left)
	}
	_, err = readAllStdin(book, Options{MaxXLSXBytes: int64(len(book)) - 1})
	var fe *FileError
	if !errors.As(err, &fe) || !errors.Is(err, ErrLimit) || fe.File != "stdin" || !strings.Contains(fe.Detail, "--max-xlsx-bytes") {
		t.Errorf("a workbook over the limit: %v", err)
	}
	if _, err := readAllStdin(book[:len(book)/2], Options{}); err == nil {
		t.Error("half a workbook on stdin opened")
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
		t.Errorf("left after failures: %q", left)
	}
}

// TestSharedStringsDamage: a shared strings part larger than excelize
// keeps in memory (here over 100 bytes) is read by excelize from a
// temporary file, dropping its XML decoder's errors; it goes through the
// damage check: whole, its 20 strings are read (lead L7 has the text
// "S7"); with U+0001 in a string, or cut before </sst>, it is an error
// naming the part. Under the limit excelize's own decoder reports the
// damage.
func TestSharedStringsDamage(t *testing.T) {
	t.Parallel()
	var sheet, sst strings.Builder
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	sheet.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>lead_id</t></is></c><c r="B1" t="inlineStr"><is><t>industry</t></is></c></row>`)
	sst.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="20" uniqueCount="20">`)
	for i := 0; i < 20; i++ {
		r := i + 2
		fmt.Fprintf(&sheet, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>L%d</t></is></c><c r="B%d" t="s"><v>%d</v></c></row>`, r, r, i, r, i)
		fmt.Fprintf(&sst, `<si><t>S%d</t></si>`, i)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	whole := sst.String() + `</sst>`
	opts := Options{knobs: knobs{unzipXMLSizeLimit: 100}}
	read := func(sstXML string, opts Options) (map[string]string, error) {
		path := filepath.Join(t.TempDir(), "book.xlsx")
		os.WriteFile(path, rawWorkbook(t, sheet.String(), map[string]string{"xl/sharedStrings.xml": sstXML}), 0o644)
		r, err := Open(path, opts)
		if err != nil {
			return nil, err
		}
		defer r.Close()
		got := map[string]string{}
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return got, nil
			}
			if err != nil {
				return got, err
			}
			got[rec[0]] = rec[1]
		}
	}
	got, err := read(whole, opts)
	if err != nil || len(got) != 20 || got["L7"] != "S7" || got["L19"] != "S19" {
		t.Fatalf("a whole part: %v, %v", got, err)
	}
	for _, c := range []struct{ name, xml, detail string }{
		{"control character", strings.Replace(whole, "S10", "S\x0110", 1),
			"the shared strings (xl/sharedStrings.xml) hold the character U+0001, which XML does not allow" + damagedHint},
		{"cut short", whole[:strings.Index(whole, "<si><t>S12")], "the shared strings (xl/sharedStrings.xml) stop before their end (no </sst>)" + damagedHint},
	} {
		_, err := read(c.xml, opts)
		var fe *FileError
		if !errors.As(err, &fe) || !errors.Is(err, ErrFormat) || fe.Detail != c.detail || !strings.HasSuffix(fe.File, "book.xlsx") {
			t.Errorf("%s: %v; want %q", c.name, err, c.detail)
		}
		if _, err := read(c.xml, Options{}); err == nil {
			t.Errorf("%s, in memory: read without an error", c.name)
		}
	}
}
