package ingest

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// readTrace reads data with the CSV reader and writes down every record
// (copied at once, with its line) and every error, in order, up to the
// reader's repeated error or EOF: through readView (view), or through
// Read with every line left to the general parser (not split in place),
// as the reader read before it split lines in place.
func readTrace(t *testing.T, data []byte, opts Options, view bool) []string {
	t.Helper()
	opts.knobs.noSplitInPlace = !view
	r, err := newCSVReader(bytes.NewReader(data), "t.csv", opts, nil, false)
	if err != nil {
		return []string{"open: " + err.Error()}
	}
	defer r.Close()
	trace := []string{fmt.Sprintf("header %q", r.Header())}
	var last error
	for i := 0; i < 100000; i++ {
		var rec []string
		if view {
			rec, err = r.readView()
		} else {
			rec, err = r.Read()
		}
		if err == io.EOF {
			return append(trace, "EOF")
		}
		if err != nil {
			trace = append(trace, "error: "+err.Error())
			if err == last {
				return trace
			}
			last = err
			continue
		}
		trace = append(trace, fmt.Sprintf("%d %q", r.Line(), rec))
	}
	return trace
}

// hostileCSV are texts that take every path of the reader: lines split in
// place and lines the general parser reads (quotes, limits, bad bytes).
var hostileCSV = []string{
	"a,b,c\n1,2,3\n4,5,6",
	"a,b\r\n1,2\r\n\r\n3,4\r\n",
	"a,b\n\"x,y\",\"z\"\"q\"\n\"multi\nline\",2\n",
	"a,b\n1,\"unclosed\n2,3\n",
	"a,b\n1,\"x\"y\n2,3\n",
	"a,b\nx\"y,2\n",
	"a,b\n\xC3,\xA9\n1,2\n",                    // a rune split by the delimiter
	"a,b\nok,\xFFbad\n1,2\n",                   // invalid UTF-8
	"a,b\n1,x\x00y\n2,3\n",                     // NUL
	"a,b\n1234567890123456789,2\n3,4\n",        // over MaxCellBytes 16
	"a,b\n1,2,3,4,5,6,7,8,9,10\n3,4\n",         // over MaxColumns 8
	"a,b\n" + strings.Repeat("x", 70) + ",2\n", // over MaxRecordSize 64
	"a,b\n\"" + strings.Repeat("x", 20) + "\",2\n",
	"a,b\n,\n,,\n\n\n1,\n",
	"a\rb\r1\r",
	"a;b\n1;\"2;3\"\n",
	"a,b\n1,2\r",
	"a,b,c\n12345678,abcdefgh,ijklmnopq\n1234567,\"abcdefgh\",x\n1234567\"8,abc,d\n123456789012\x00,b,c\n",
	"a,b,c\nÄÖÜäöü12,ßxx,yy\n12345678901234,é,z\n12345\xE9,a,b\n",
	"a\tb\tc\n12345678\t9\t0\nx\t\"y\"\tz\n",
}

// TestReadViewSameAsRead checks that readView, splitting lines in place,
// gives the records, lines and errors of Read through the general parser,
// over the fixtures and hostile texts, with default and small limits and
// with a multi-byte delimiter.
func TestReadViewSameAsRead(t *testing.T) {
	t.Parallel()
	var texts [][]byte
	for _, s := range hostileCSV {
		texts = append(texts, []byte(s), []byte(strings.ReplaceAll(s, ",", "§")))
	}
	var long strings.Builder // long, with errors on the way
	long.WriteString("a,b,c\n")
	for i := 0; i < 5000; i++ {
		if i%997 == 5 {
			fmt.Fprintf(&long, "%d,\"bad\"x,%d\n", i, i)
			continue
		}
		fmt.Fprintf(&long, "%d,\"q%d\",%s\n", i, i, strings.Repeat("v", i%40))
	}
	long.WriteString("1,\"open\n")
	texts = append(texts, []byte(long.String()))
	for _, name := range []string{"leads.csv", "leads_semicolon.csv", "leads_crlf.csv", "leads_utf16le.txt", "leads_cp1252.csv", "unbalanced_quote.csv", "bad_quote.csv"} {
		data, err := os.ReadFile(filepath.Join(fixtureDir, name))
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, data)
	}
	for i, data := range texts {
		for _, opts := range []Options{{}, {MaxCellBytes: 16, MaxColumns: 8, MaxRecordSize: 64}, {Delimiter: '§'}, {Encoding: "utf-8"}, {Delimiter: '\t'}, {MaxColumns: 2, MaxCellBytes: 7}} {
			if read, view := readTrace(t, data, opts, false), readTrace(t, data, opts, true); !reflect.DeepEqual(read, view) {
				t.Errorf("text %d %q, options %+v:\nRead     %q\nreadView %q", i, data, opts, read, view)
			}
		}
	}
	// Read as UTF-8, the rune split by the delimiter is two invalid
	// fields, as the general parser has always read it.
	got := readTrace(t, []byte(hostileCSV[6]), Options{Encoding: "utf-8"}, true)
	want := []string{`header ["a" "b"]`, "2 [\"\\xc3\" \"\\xa9\"]", `3 ["1" "2"]`, "EOF"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("split rune: %q, want %q", got, want)
	}
}

// FuzzReadView checks readView against Read through the general parser
// on arbitrary bytes.
//
//	go test ./funnel/ingest -run XXX -fuzz FuzzReadView -fuzztime 30s
func FuzzReadView(f *testing.F) {
	for _, s := range hostileCSV {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opts := range []Options{{}, {MaxCellBytes: 16, MaxColumns: 8, MaxRecordSize: 64}} {
			if read, view := readTrace(t, data, opts, false), readTrace(t, data, opts, true); !reflect.DeepEqual(read, view) {
				t.Fatalf("options %+v:\nRead     %q\nreadView %q", opts, read, view)
			}
		}
	})
}
