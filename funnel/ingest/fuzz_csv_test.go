package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCSVReader reads arbitrary bytes: it must not panic, every error must
// be a *RowError or *FileError, and where encoding/csv reads the text
// without error (and it is plain UTF-8 text without a BOM, NUL or bare
// carriage-return line ends) the records must be encoding/csv's.
//
//	go test ./funnel/ingest -run XXX -fuzz FuzzCSVReader -fuzztime 30s
func FuzzCSVReader(f *testing.F) {
	for _, name := range []string{"leads.csv", "leads_semicolon.csv", "leads_crlf.csv", "leads_utf16le.txt",
		"leads_cp1252.csv", "unbalanced_quote.csv", "bad_quote.csv", "leads.csv.gz"} {
		data, err := os.ReadFile(filepath.Join(fixtureDir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{"", "\n", "0,00", "a\n\"", "a,b\n\"x\"\"\",y\r\n", "a\n\"x\"y\n", "a;b\n1;\"2\n3\"\n", "\xFF\xFEa\x00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// Small limits, so that they are hit.
		small := Options{MaxCellBytes: 16, MaxColumns: 8, MaxRecordSize: 64}
		if rows, _, err := fuzzRead(t, data, small); err == nil && len(rows) > 0 {
			for _, rec := range rows {
				if len(rec) > 8 {
					t.Fatalf("%d columns passed a limit of 8", len(rec))
				}
				for _, c := range rec {
					if len(c) > 16 {
						t.Fatalf("a cell of %d bytes passed a limit of 16", len(c))
					}
				}
			}
		}

		// Against encoding/csv.
		if !utf8.Valid(data) || bytes.HasPrefix(data, bomUTF8) || bytes.IndexByte(data, 0) >= 0 ||
			(bytes.IndexByte(data, '\r') >= 0 && bytes.IndexByte(data, '\n') < 0) {
			return
		}
		cr := csv.NewReader(bytes.NewReader(data))
		cr.FieldsPerRecord = -1
		want, csvErr := cr.ReadAll()
		got, skipped, err := fuzzRead(t, data, Options{Delimiter: ',', Encoding: "utf-8"})
		var fe *FileError
		if errors.As(err, &fe) && (errors.Is(err, ErrFormat) || errors.Is(err, ErrNoHeader)) {
			return // control bytes: refused as binary; values and no header row
		}
		if skipped > 0 && skipped <= len(want) {
			want = want[skipped:] // the records above the header the reader found
		}
		switch {
		case csvErr != nil:
			// Quotes inside unquoted fields are literal here, an error
			// there; nothing to compare.
		case len(want) == 0:
			if !errors.Is(err, ErrEmpty) {
				t.Fatalf("encoding/csv reads no records; got %q, %v", got, err)
			}
		case err != nil:
			t.Fatalf("encoding/csv reads %q; got error %v", want, err)
		default:
			for i, h := range want[0] {
				want[0][i] = strings.TrimFunc(h, isSpaceOrBOM)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("got %q\nencoding/csv %q", got, want)
			}
		}
	})
}

// fuzzRead reads the header and records of data, checking the type of
// every error and going on after row errors; it returns the records (the
// header first), how many records above the header the reader skipped,
// and the first error.
func fuzzRead(t *testing.T, data []byte, opts Options) ([][]string, int, error) {
	r, err := NewReader(bytes.NewReader(data), "fuzz.csv", opts)
	if err != nil {
		checkFuzzError(t, err)
		return nil, 0, err
	}
	defer r.Close()
	skipped := len(r.Skipped())
	rows := [][]string{append([]string(nil), r.Header()...)}
	var first error
	for i := 0; i < 10000; i++ {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, skipped, first
		}
		if err != nil {
			checkFuzzError(t, err)
			if err == first {
				return rows, skipped, first // the same error again: the reader stopped
			}
			if first == nil {
				first = err
			}
			continue
		}
		if r.Line() < 1 {
			t.Fatalf("Line() = %d", r.Line())
		}
		rows = append(rows, append([]string(nil), rec...))
	}
	return rows, skipped, first
}

func checkFuzzError(t *testing.T, err error) {
	t.Helper()
	var fe *FileError
	var re *RowError
	if !errors.As(err, &fe) && !errors.As(err, &re) {
		t.Fatalf("error %T is neither *FileError nor *RowError: %v", err, err)
	}
	if re != nil && re.Line < 1 {
		t.Fatalf("RowError with line %d: %v", re.Line, err)
	}
}
