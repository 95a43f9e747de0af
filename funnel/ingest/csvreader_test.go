package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// fixtureDir holds the record-reading fixtures. The text ones were written
// with Python's csv module (QUOTE_MINIMAL) from the rows below, then
// converted with iconv (UTF-16LE/BE, WINDOWS-1252) and gzip -9n; the xlsx
// ones by TestXLSXFixtures.
var fixtureDir = filepath.Join("..", "..", "testdata", "ingest", "records")

// leadsHeader and leadsRows are the data of every leads.* fixture.
var (
	leadsHeader = []string{"Lead ID", "Company", "Created", "Amount", "Notes"}
	leadsRows   = [][]string{
		{"L-001", "Café Zürich", "2024-03-05", "1200.5", `says "hi", then left`},
		{"L-002", "Acme, Inc.", "2024-03-06 14:30:00", "-42", "line one\nline two"},
		{"L-003", "Prix €uro", "2024-12-31", "0.001", ""},
	}
	// leadsLines: the header is line 1, L-002 spans lines 3-4, line 5 is
	// blank.
	leadsLines = []int{2, 3, 6}
)

// readAll reads the records left in r, copying them, with their lines; it
// fails the test on an error.
func readAll(t *testing.T, r RecordReader) (rows [][]string, lines []int) {
	t.Helper()
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, lines
		}
		if err != nil {
			t.Fatalf("Read after %d records: %v", len(rows), err)
		}
		rows = append(rows, append([]string(nil), rec...))
		lines = append(lines, r.Line())
	}
}

func TestReaderFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file       string
		delim      rune
		encoding   string
		compressed bool
		warning    string // "" for none; else the message after the file name
		lines      []int
	}{
		{"leads.csv", ',', "utf-8", false, "", leadsLines},
		{"leads_semicolon.csv", ';', "utf-8", false, "", leadsLines},
		{"leads_pipe.txt", '|', "utf-8", false, "", leadsLines},
		{"leads_tab.tsv", '\t', "utf-8", false, "", leadsLines},
		{"leads_crlf.csv", ',', "utf-8", false, "", leadsLines},
		{"leads_cr.csv", ',', "utf-8", false, "", leadsLines},
		{"leads_bom.csv", ',', "utf-8-bom", false, "", leadsLines},
		{"leads_utf16le.txt", '\t', "utf-16le", false, "", leadsLines},
		{"leads_utf16be.txt", '\t', "utf-16be", false, "", leadsLines},
		{"leads_utf16le_nobom.txt", '\t', "utf-16le", false,
			": no byte-order mark, read as UTF-16LE from its NUL bytes (set --encoding if that is wrong)", leadsLines},
		{"leads_cp1252.csv", ',', "windows-1252", false,
			": not valid UTF-8, read as Windows-1252 (set --encoding if it is another encoding)", leadsLines},
		{"leads.csv.gz", ',', "utf-8", true, "", leadsLines},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(fixtureDir, tt.file)
			r, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			want := Format{Kind: "csv", Delimiter: tt.delim, Encoding: tt.encoding, Compressed: tt.compressed}
			if got := r.Format(); got != want {
				t.Errorf("Format() = %+v, want %+v", got, want)
			}
			if r.Name() != path {
				t.Errorf("Name() = %q, want %q", r.Name(), path)
			}
			var wantWarnings []string
			if tt.warning != "" {
				wantWarnings = []string{path + tt.warning}
			}
			if got := r.Warnings(); !reflect.DeepEqual(got, wantWarnings) {
				t.Errorf("Warnings() = %q, want %q", got, wantWarnings)
			}
			if got := r.Header(); !reflect.DeepEqual(got, leadsHeader) {
				t.Errorf("Header() = %q, want %q", got, leadsHeader)
			}
			rows, lines := readAll(t, r)
			if !reflect.DeepEqual(rows, leadsRows) {
				t.Errorf("rows = %q\nwant %q", rows, leadsRows)
			}
			if !reflect.DeepEqual(lines, tt.lines) {
				t.Errorf("lines = %v, want %v", lines, tt.lines)
			}
			if err := r.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
}

// TestSameRecords checks that the CSV, its gzip (with and without the .gz
// name), stdin (plain, gzip, xlsx) and the xlsx sheet give the same header
// and records.
func TestSameRecords(t *testing.T) {
	t.Parallel()
	plain, err := os.ReadFile(filepath.Join(fixtureDir, "leads.csv"))
	if err != nil {
		t.Fatal(err)
	}
	gz, err := os.ReadFile(filepath.Join(fixtureDir, "leads.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	book, err := os.ReadFile(filepath.Join(fixtureDir, "leads.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	disguised := filepath.Join(t.TempDir(), "leads.dat") // gzip data under another name
	if err := os.WriteFile(disguised, gz, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
		opts Options
	}{
		{"csv", filepath.Join(fixtureDir, "leads.csv"), Options{}},
		{"gz", filepath.Join(fixtureDir, "leads.csv.gz"), Options{}},
		{"gzip magic", disguised, Options{}},
		{"xlsx", filepath.Join(fixtureDir, "leads.xlsx"), Options{}},
		{"xlsx#Leads", filepath.Join(fixtureDir, "leads.xlsx#Leads"), Options{}},
		{"stdin", "-", Options{Stdin: bytes.NewReader(plain)}},
		{"stdin gz", "-", Options{Stdin: bytes.NewReader(gz)}},
		{"stdin xlsx", "-", Options{Stdin: bytes.NewReader(book)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Open(tt.path, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if got := r.Header(); !reflect.DeepEqual(got, leadsHeader) {
				t.Errorf("Header() = %q, want %q", got, leadsHeader)
			}
			rows, _ := readAll(t, r)
			if !reflect.DeepEqual(rows, leadsRows) {
				t.Errorf("rows = %q\nwant %q", rows, leadsRows)
			}
			if tt.path == "-" && !strings.HasPrefix(r.Name(), "stdin") {
				t.Errorf("Name() = %q, want stdin", r.Name())
			}
		})
	}
}

func TestReaderErrors(t *testing.T) {
	t.Parallel()
	fix := func(name string) string { return filepath.Join(fixtureDir, name) }
	dir := t.TempDir()
	gz, err := os.ReadFile(fix("leads.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "cut.csv.gz")
	if err := os.WriteFile(truncated, gz[:len(gz)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		opts Options
		err  error
		msg  string
	}{
		{fix("empty.csv"), Options{}, ErrEmpty, fix("empty.csv") + ":1: empty file: no header, no rows"},
		{fix("blank.csv"), Options{}, ErrEmpty, fix("blank.csv") + ":1: empty file: only blank lines, no header"},
		{fix("image.csv"), Options{}, ErrFormat,
			fix("image.csv") + ": unreadable file: binary data (a NUL byte at offset 8), not a text file"},
		{fix("html_export.xls"), Options{}, ErrFormat, fix("html_export.xls") +
			": unreadable file: an HTML page, not CSV or xlsx (some CRMs export HTML as .xls); export as CSV"},
		{fix("nope.csv"), Options{}, fs.ErrNotExist, fix("nope.csv") + ": no such file or directory"},
		{fixtureDir, Options{}, ErrFormat, fixtureDir + ": unreadable file: a directory, not a file"},
		{truncated, Options{}, ErrFormat, truncated + ":2: unreadable file: the gzip data ends early: the file is truncated (copy or export it again)"},
		{fix("leads.csv"), Options{MaxColumns: 4}, ErrLimit,
			fix("leads.csv") + `:1: column "#5": limit exceeded (more than 4 columns; raise with --max-columns)`},
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
			assertTyped(t, err)
		})
	}
	if _, err := Open(fix("leads.csv"), Options{Encoding: "latin9"}); err == nil ||
		err.Error() != `ingest: bad text encoding: unknown encoding "latin9" (use utf-8, utf-16le, utf-16be or windows-1252)` ||
		!errors.Is(err, ErrEncoding) {
		t.Errorf("unknown encoding: %v", err)
	}
	if _, err := Open(fix("leads.csv"), Options{Delimiter: '"'}); err == nil || err.Error() != `ingest: invalid delimiter '"'` {
		t.Errorf("quote delimiter: %v", err)
	}
}

func assertTyped(t *testing.T, err error) {
	t.Helper()
	var fe *FileError
	var re *RowError
	if !errors.As(err, &fe) && !errors.As(err, &re) {
		t.Errorf("error %T (%v) is neither *FileError nor *RowError", err, err)
	}
}

// step is one Read: the record and line it returns, or the error.
type step struct {
	rec  []string
	line int
	err  string // the whole message; "" for a record
	skip int    // read this many records without checking them
}

// TestReadErrors reads text with problems in its rows; each error is
// followed by what Read returns next (the reader resynchronises at the
// next record, except after an unbalanced quote that ran over a limit).
func TestReadErrors(t *testing.T) {
	t.Parallel()
	// 70000 bytes of good rows push the bad byte past the 64 KiB that
	// encoding detection looks at.
	long := strings.Repeat("1,Ann\n", 70000/6)
	longLines := 1 + 70000/6
	tests := []struct {
		name  string
		input string
		opts  Options
		steps []step
	}{
		{"unbalanced quote", "id,name,notes\n1,Ann,ok\n2,Bob,\"never closed\n3,Cy,fine\n", Options{}, []step{
			{rec: []string{"1", "Ann", "ok"}, line: 2},
			{err: `x.csv:3: column "notes": unbalanced quote (the quoted field starting on this line is never closed)`},
			{err: "EOF"},
		}},
		{"text after closing quote", "id,name,notes\n1,\"Ann\"x,ok\n2,Bob,fine\n", Options{}, []step{
			{err: `x.csv:2: column "name": unbalanced quote ('x' after the closing quote of a quoted field; write a quote inside quotes as "")`},
			{rec: []string{"2", "Bob", "fine"}, line: 3},
		}},
		{"late invalid UTF-8", "id,name\n" + long + "2,Ren\xe9\n3,Zoë\n", Options{}, []step{
			{skip: longLines - 1},
			{err: `x.csv:` + strconv.Itoa(longLines+1) + `: column "name": bad text encoding "Ren\xe9" (invalid UTF-8 byte 0xE9 at byte 4 of the value; if the file is Windows-1252 (Excel's "CSV" on Windows), read it with --encoding windows-1252)`},
			{rec: []string{"3", "Zoë"}, line: longLines + 2},
		}},
		{"late NUL byte", "id,name\n" + long + "2,A\x00B\n3,C\n", Options{}, []step{
			{skip: longLines - 1},
			{err: `x.csv:` + strconv.Itoa(longLines+1) + `: column "name": unreadable file (a NUL byte at byte 2 of the value: binary data, not text)`},
			{rec: []string{"3", "C"}, line: longLines + 2},
		}},
		{"cell limit", "id,name\n1,abcdefg\n2,\"abc\ndefg\"\n3,ok\n", Options{MaxCellBytes: 5}, []step{
			{err: `x.csv:2: column "name": limit exceeded (a cell over 5 bytes; raise with --max-cell-bytes)`},
			{err: `x.csv:3: column "name": limit exceeded (a cell over 5 bytes; raise with --max-cell-bytes)`},
			{rec: []string{"3", "ok"}, line: 5},
		}},
		{"unbalanced quote over the cell limit", "id,notes\n1,\"abc\n" + strings.Repeat("defghijkl\n", 3) + "2,x\n", Options{MaxCellBytes: 10}, []step{
			{err: `x.csv:2: column "notes": limit exceeded (a cell over 10 bytes; raise with --max-cell-bytes; the quoted field opened on line 2 may lack its closing quote)`},
			{err: `x.csv:2: column "notes": limit exceeded (a cell over 10 bytes; raise with --max-cell-bytes; the quoted field opened on line 2 may lack its closing quote)`},
		}},
		{"column limit", "a,b,c\n1,2,3,4\n5,6,7\n", Options{MaxColumns: 3}, []step{
			{err: `x.csv:2: column "#4": limit exceeded (more than 3 columns; raise with --max-columns)`},
			{rec: []string{"5", "6", "7"}, line: 3},
		}},
		{"record limit", "a,b\n1," + strings.Repeat("x", 20) + "\n2,y\n", Options{MaxRecordSize: 16}, []step{
			{err: `x.csv:2: limit exceeded (a record over 16 bytes; raise with --max-record-bytes)`},
			{rec: []string{"2", "y"}, line: 3},
		}},
		{"record limit, line over the read buffer", "a,b\n1," + strings.Repeat("x", 200000) + "\n2,y\n", Options{MaxRecordSize: 100000}, []step{
			{err: `x.csv:2: limit exceeded (a record over 100000 bytes; raise with --max-record-bytes)`},
			{rec: []string{"2", "y"}, line: 3},
		}},
		{"record limit across lines", "a,b\n1,\"" + strings.Repeat("x\n", 20) + "\"\n2,y\n", Options{MaxRecordSize: 16}, []step{
			{err: `x.csv:2: column "b": limit exceeded (a record over 16 bytes; raise with --max-record-bytes; the quoted field opened on line 2 may lack its closing quote)`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(tt.input), "x.csv", tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range tt.steps {
				if s.skip > 0 {
					for range s.skip {
						if _, err := r.Read(); err != nil {
							t.Fatalf("step %d: %v", i, err)
						}
					}
					continue
				}
				rec, err := r.Read()
				switch {
				case s.err == "EOF":
					if err != io.EOF {
						t.Errorf("step %d: got %q, %v, want EOF", i, rec, err)
					}
				case s.err != "":
					if err == nil || err.Error() != s.err {
						t.Errorf("step %d: error %v\nwant %s", i, err, s.err)
					} else {
						assertTyped(t, err)
					}
				case err != nil:
					t.Errorf("step %d: %v", i, err)
				default:
					if !reflect.DeepEqual(rec, s.rec) || r.Line() != s.line {
						t.Errorf("step %d: %q at line %d, want %q at line %d", i, rec, r.Line(), s.rec, s.line)
					}
				}
			}
		})
	}
}

// TestParse checks the parser on edge cases against encoding/csv (with
// FieldsPerRecord = -1), the reference for RFC 4180 text, and on the
// cases where it departs from it on purpose.
func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		input  string
		opts   Options
		header []string
		rows   [][]string
		lines  []int
		differ bool // deliberately not encoding/csv's answer
	}{
		{name: "no final newline", input: "a,b\n1,2", header: []string{"a", "b"}, rows: [][]string{{"1", "2"}}, lines: []int{2}},
		{name: "CR before EOF", input: "a,b\r\n1,2\r", header: []string{"a", "b"}, rows: [][]string{{"1", "2"}}, lines: []int{2}},
		{name: "blank lines", input: "\n\na,b\n\n\r\n1,2\n\n", header: []string{"a", "b"}, rows: [][]string{{"1", "2"}}, lines: []int{6}},
		{name: "empty fields", input: "a,b,c\n,,\n", header: []string{"a", "b", "c"}, rows: [][]string{{"", "", ""}}, lines: []int{2}},
		{name: "ragged rows", input: "a,b,c\n1\n1,2,3,4\n", header: []string{"a", "b", "c"},
			rows: [][]string{{"1"}, {"1", "2", "3", "4"}}, lines: []int{2, 3}},
		{name: "quoted newlines", input: "a,b\n\"x\ny\",\"1\r\n2\r\n3\"\n\"z\",w\n", header: []string{"a", "b"},
			rows: [][]string{{"x\ny", "1\n2\n3"}, {"z", "w"}}, lines: []int{2, 6}},
		{name: "escaped quotes", input: "a\n\"\"\"q\"\"\"\n\"\"\n", header: []string{"a"}, rows: [][]string{{`"q"`}, {""}}, lines: []int{2, 3}},
		{name: "quoted delimiter", input: "a,b\n\"1,5\",2\n", header: []string{"a", "b"}, rows: [][]string{{"1,5", "2"}}, lines: []int{2}},
		{name: "spaces kept in data", input: "a,b\n 1 , 2 \n", header: []string{"a", "b"}, rows: [][]string{{" 1 ", " 2 "}}, lines: []int{2}},
		{name: "header trimmed", input: "\ufeff Lead ID \t,\"Name \"\n1,2\n", opts: Options{Delimiter: ','},
			header: []string{"Lead ID", "Name"}, rows: [][]string{{"1", "2"}}, lines: []int{2}, differ: true},
		{name: "bare quote kept", input: "a,b\n5\" screen,x\"y\n", header: []string{"a", "b"},
			rows: [][]string{{`5" screen`, `x"y`}}, lines: []int{2}, differ: true},
		{name: "delimiter override", input: "a;b,c\n1;2,3\n", opts: Options{Delimiter: ';'}, header: []string{"a", "b,c"},
			rows: [][]string{{"1", "2,3"}}, lines: []int{2}},
		{name: "multi-byte delimiter", input: "a¦b\n\"1¦\"¦2\n", opts: Options{Delimiter: '¦'}, header: []string{"a", "b"},
			rows: [][]string{{"1¦", "2"}}, lines: []int{2}},
		{name: "one column", input: "email\na@b.c\nd@e.f\n", header: []string{"email"},
			rows: [][]string{{"a@b.c"}, {"d@e.f"}}, lines: []int{2, 3}},
		{name: "duplicate headers", input: "id,id\n1,2\n", header: []string{"id", "id"}, rows: [][]string{{"1", "2"}}, lines: []int{2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(tt.input), "x.csv", tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Header(); !reflect.DeepEqual(got, tt.header) {
				t.Errorf("Header() = %q, want %q", got, tt.header)
			}
			rows, lines := readAll(t, r)
			if !reflect.DeepEqual(rows, tt.rows) || !reflect.DeepEqual(lines, tt.lines) {
				t.Errorf("rows = %q at %v, want %q at %v", rows, lines, tt.rows, tt.lines)
			}
			if tt.differ {
				return
			}
			cr := csv.NewReader(strings.NewReader(tt.input))
			cr.FieldsPerRecord = -1
			if tt.opts.Delimiter != 0 {
				cr.Comma = tt.opts.Delimiter
			}
			all, err := cr.ReadAll()
			if err != nil {
				t.Fatalf("encoding/csv: %v", err)
			}
			if !reflect.DeepEqual(all[0], tt.header) || !reflect.DeepEqual(all[1:], tt.rows) {
				t.Errorf("encoding/csv reads %q", all)
			}
		})
	}
}

// TestStdinName checks the name stdin goes by and that it is not closed.
func TestStdinName(t *testing.T) {
	t.Parallel()
	src := &closeCounter{Reader: strings.NewReader("a,b\n1,2\n")}
	r, err := Open("-", Options{Stdin: src})
	if err != nil {
		t.Fatal(err)
	}
	rows, lines := readAll(t, r)
	if r.Name() != "stdin" || !reflect.DeepEqual(rows, [][]string{{"1", "2"}}) || !reflect.DeepEqual(lines, []int{2}) {
		t.Errorf("Name() = %q, rows %q at %v", r.Name(), rows, lines)
	}
	if err := r.Close(); err != nil || src.closed {
		t.Errorf("Close: %v; stdin closed: %v", err, src.closed)
	}
}

type closeCounter struct {
	io.Reader
	closed bool
}

func (c *closeCounter) Close() error { c.closed = true; return nil }

// TestProgress checks that Options.Progress sees the whole file.
func TestProgress(t *testing.T) {
	t.Parallel()
	path := filepath.Join(fixtureDir, "leads.csv.gz")
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	var done, total int64
	r, err := Open(path, Options{Progress: func(name string, d, n int64) { done, total = d, n }})
	if err != nil {
		t.Fatal(err)
	}
	readAll(t, r)
	r.Close()
	if done != st.Size() || total != st.Size() {
		t.Errorf("progress %d of %d, want %d of %[3]d", done, total, st.Size())
	}
}

// benchFile writes a 50 MB lead export (quoted companies with commas,
// notes with "" and line breaks) into dir.
func benchFile(b *testing.B, dir string) string {
	path := filepath.Join(dir, "leads50mb.csv")
	var buf bytes.Buffer
	buf.Grow(51 << 20)
	buf.WriteString("Lead ID,Email,Company,Create Date,Amount,Page Views,Lead Source,Score,Notes\n")
	sources := []string{"Web", "Email", "Paid Search", "Trade Show", "Referral"}
	for i := 0; buf.Len() < 50<<20; i++ {
		company := "Company " + strconv.Itoa(i%997)
		if i%10 == 0 {
			company = `"Acme ` + strconv.Itoa(i%89) + `, Inc."`
		}
		notes := ""
		switch {
		case i%100 == 0:
			notes = "\"called twice\nleft a message\""
		case i%20 == 0:
			notes = `"said ""call back"" later"`
		}
		buf.WriteString("L-" + strconv.Itoa(100000+i) + ",user" + strconv.Itoa(i) + "@example.com," + company +
			",2024-0" + strconv.Itoa(1+i%9) + "-1" + strconv.Itoa(i%10) + " 14:3" + strconv.Itoa(i%6) + ":00," +
			strconv.Itoa(i%5000) + "." + strconv.Itoa(i%100) + "," + strconv.Itoa(i%37) + "," + sources[i%len(sources)] +
			"," + strconv.Itoa(i%101) + "," + notes + "\n")
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkCSVReader reads a 50 MB export with this package's reader and
// with plain encoding/csv (ReuseRecord, FieldsPerRecord = -1); the ratio of
// their ns/op is the reader's overhead.
func BenchmarkCSVReader(b *testing.B) {
	path := benchFile(b, b.TempDir())
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("ingest", func(b *testing.B) {
		b.SetBytes(st.Size())
		b.ReportAllocs()
		for range b.N {
			r, err := Open(path, Options{})
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for {
				rec, err := r.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				n += len(rec)
			}
			r.Close()
		}
	})
	b.Run("encoding_csv", func(b *testing.B) {
		b.SetBytes(st.Size())
		b.ReportAllocs()
		for range b.N {
			f, err := os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			cr := csv.NewReader(f)
			cr.ReuseRecord = true
			cr.FieldsPerRecord = -1
			n := 0
			for {
				rec, err := cr.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				n += len(rec)
			}
			f.Close()
		}
	})
}

func ExampleNewReader() {
	text := "Lead ID;Amount\nL-1;1,5\n\nL-2;\"3,75\"\n"
	r, err := NewReader(strings.NewReader(text), "leads.csv", Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%q %q\n", r.Format().Delimiter, r.Header())
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(r.Line(), rec)
	}
	// Output:
	// ';' ["Lead ID" "Amount"]
	// 2 [L-1 1,5]
	// 4 [L-2 3,75]
}
