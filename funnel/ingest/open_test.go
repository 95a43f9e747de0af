package ingest

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestOpenGrowingFile: a file that an export is still writing is read up
// to its size at the open, never into the half row appended meanwhile,
// with a warning that it changed; a file rewritten in place (the same
// size, a new modification time) is warned about too; a file that stays
// as it was is not. The writes happen in the Progress hook, after the
// reader's first read: no timing.
func TestOpenGrowingFile(t *testing.T) {
	t.Parallel()
	const text = "lead_id,created_at\nL1,2024-01-01\nL2,2024-01-02\n" // 47 bytes
	cases := []struct {
		name  string
		write func(f *os.File) // what the exporter does while the file is read
		warn  string           // "" for no warning
	}{
		{"appended half a row", func(f *os.File) { f.WriteAt([]byte("L3,2024-01-0"), 47) },
			"its size went from 47 to 59 bytes"},
		{"rewritten in place", func(f *os.File) {
			f.WriteAt([]byte("L9"), 33)
			f.Sync()
			os.Chtimes(f.Name(), time.Time{}, time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC))
		}, "it was modified at 2030-01-02 03:04:05.000 UTC"},
		{"unchanged", func(*os.File) {}, ""},
	}
	for _, c := range cases {
		path := filepath.Join(t.TempDir(), "leads.csv")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(path, time.Time{}, time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC))
		w, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		written := false
		opts := Options{Progress: func(string, int64, int64) {
			if !written {
				written = true
				c.write(w)
			}
		}}
		r, err := Open(path, opts)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			ids = append(ids, rec[0]+"|"+rec[1])
		}
		// The first read took the 47 bytes, then the hook wrote: without
		// the limit the next read would return "L3,2024-01-0" as a row.
		want := "L1|2024-01-01 L2|2024-01-02"
		if got := strings.Join(ids, " "); got != want || !written {
			t.Errorf("%s: read %q (hook ran: %v), want %q", c.name, got, written, want)
		}
		warnings := strings.Join(r.Warnings(), "\n")
		switch {
		case c.warn == "" && warnings != "":
			t.Errorf("%s: warnings %q, want none", c.name, warnings)
		case c.warn != "" && (!strings.Contains(warnings, path+": the file changed while it was read ("+c.warn+")") ||
			!strings.Contains(warnings, "the 47 bytes it had when opened were read")):
			t.Errorf("%s: warnings %q, want one saying %q", c.name, warnings, c.warn)
		}
		r.Close()
		w.Close()
	}
}

// TestExcelRowCap: a CSV of exactly 1,048,576 lines, header included
// (Excel's last row, as Excel saves a sheet it cut there), and a sheet
// whose last row is row 1,048,576 are read whole with a warning that the
// export was probably cut; one line fewer or more is no warning. The
// files are generated in a temporary folder.
func TestExcelRowCap(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	readAll := func(path string) (rows, last int, warnings string) {
		t.Helper()
		r, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		for {
			if _, err := r.Read(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatal(err)
			}
			rows++
		}
		return rows, r.Line(), strings.Join(r.Warnings(), "\n")
	}
	const warning = ": the last row is row 1,048,576, Excel's last: the export was probably cut there"
	// The three files are the first lines of one text: end[n] is where
	// its line n ends (for the three n).
	var b []byte
	end := map[int]int{}
	b = append(b, "lead_id,visits\n"...)
	for i := 2; i <= excelMaxRows+1; i++ {
		b = strconv.AppendInt(append(b, 'L'), int64(i), 10)
		b = append(strconv.AppendInt(append(b, ','), int64(i%7), 10), '\n')
		if i >= excelMaxRows-1 {
			end[i] = len(b)
		}
	}
	for _, lines := range []int{excelMaxRows - 1, excelMaxRows, excelMaxRows + 1} {
		path := filepath.Join(dir, fmt.Sprintf("leads%d.csv", lines))
		if err := os.WriteFile(path, b[:end[lines]], 0o644); err != nil {
			t.Fatal(err)
		}
		rows, last, warnings := readAll(path)
		if rows != lines-1 || last != lines || strings.Contains(warnings, warning) != (lines == excelMaxRows) {
			t.Errorf("%d lines: %d rows, last line %d, warnings %q", lines, rows, last, warnings)
		}
		if lines == excelMaxRows && !strings.Contains(warnings, path+warning) {
			t.Errorf("%d lines: warnings %q, want %q", lines, warnings, path+warning)
		}
	}
	// Sheets of three leads and a last one on row 1,048,575 or 1,048,576
	// (the rows between empty, which excelize passes over).
	for _, last := range []int{excelMaxRows - 1, excelMaxRows} {
		head, rows, tail := leadRowsXML(3, nil)
		rows += fmt.Sprintf(`<row r="%d"><c r="A%d" t="inlineStr"><is><t>LAST</t></is></c><c r="B%d"><v>1</v></c></row>`, last, last, last)
		path := filepath.Join(dir, fmt.Sprintf("leads%d.xlsx", last))
		if err := os.WriteFile(path, rawWorkbook(t, head+rows+tail, nil), 0o644); err != nil {
			t.Fatal(err)
		}
		n, line, warnings := readAll(path)
		if n != 4 || line != last || strings.Contains(warnings, warning) != (last == excelMaxRows) {
			t.Errorf("sheet ending on row %d: %d rows, last line %d, warnings %q", last, n, line, warnings)
		}
		if last == excelMaxRows && !strings.Contains(warnings, path+"#Leads"+warning) {
			t.Errorf("sheet ending on row %d: warnings %q", last, warnings)
		}
	}
}
