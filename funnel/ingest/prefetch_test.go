package ingest

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// loadDigest loads data as input kind, with or without the prefetcher
// (with it whatever the number of CPUs), and prints everything the load gives: the error, the warnings, and
// every value of every column with its line.
func loadDigest(t *testing.T, data []byte, kind funnel.TableKind, opts Options, prefetch bool) string {
	t.Helper()
	opts.knobs.noPrefetch, opts.knobs.prefetch1CPU = !prefetch, prefetch
	r, err := NewReader(bytes.NewReader(data), "in.csv", opts)
	if err != nil {
		return "open: " + err.Error()
	}
	defer r.Close()
	dict := funnel.NewDict()
	tb, warnings, err := LoadFrom(r, kind, dict, opts)
	var b strings.Builder
	fmt.Fprintf(&b, "err %v\nwarnings %q\n", err, warnings)
	if tb == nil {
		return b.String()
	}
	fmt.Fprintf(&b, "rows %d lines %v\n", tb.Rows, tb.Lines)
	for _, c := range tb.Columns {
		fmt.Fprintf(&b, "%s %v missing %d:", c.Name, c.Kind, c.Missing)
		for i := 0; i < tb.Rows; i++ {
			switch c.Kind {
			case funnel.KindText:
				fmt.Fprintf(&b, " %q", dict.String(c.Codes[i]))
			case funnel.KindNumber:
				fmt.Fprintf(&b, " %v", c.Nums[i])
			case funnel.KindBool:
				fmt.Fprintf(&b, " %v", c.Bools[i])
			case funnel.KindTime:
				fmt.Fprintf(&b, " %d", c.Times[i])
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestPrefetchReadsWhatTheReaderReads(t *testing.T) {
	t.Parallel()
	// Every CSV of testdata (the hostile corpus included), as each input
	// kind, with small limits and max-errors 0 to 2, and records long
	// enough to fill several batches: the same table, warnings and error
	// with the records read ahead on another goroutine as without.
	// A file whose bytes another has already given (the cases share
	// inputs) is read once.
	var inputs [][]byte
	seen := map[string]bool{}
	err := filepath.WalkDir(filepath.Join("..", "..", "testdata"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if ext := strings.ToLower(filepath.Ext(path)); ext != ".csv" && ext != ".tsv" && ext != ".txt" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err == nil && len(data) < 1<<20 && !seen[string(data)] {
			seen[string(data)] = true
			inputs = append(inputs, data)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var many strings.Builder // three blocks of records, a bad row among them
	many.WriteString("lead_id,occurred_at,activity_type,channel\n")
	for i := 0; many.Len() < 3*prefetchBlockBytes; i++ {
		if i == 5000 {
			many.WriteString("L9,\"unbalanced,web,ads\n")
		}
		fmt.Fprintf(&many, "L%d,2024-01-%02d 10:00,web,\"ads, paid\"\n", i%700, 1+i%28)
	}
	inputs = append(inputs, []byte(many.String()))
	if len(inputs) < 50 {
		t.Fatalf("only %d inputs found", len(inputs))
	}
	for k, kind := range funnel.TableKinds {
		t.Run(kind.String(), func(t *testing.T) {
			t.Parallel()
			opts := Options{MaxErrors: k % 3}
			if k%2 == 1 {
				opts.MaxCellBytes, opts.MaxRecordSize = 256, 4096
			}
			for n, data := range inputs {
				with, without := loadDigest(t, data, kind, opts, true), loadDigest(t, data, kind, opts, false)
				if with != without {
					t.Fatalf("input %d as %s: prefetched\n%.2000s\nread in line\n%.2000s", n, kind, with, without)
				}
			}
		})
	}
}

func TestPrefetchSmallBlocks(t *testing.T) {
	t.Parallel()
	// Blocks of a few bytes cut records at every place: a line that ends
	// a block or does not fit in it, a quoted field over lines that runs
	// past the block, lines longer than a block, CRLF, blank lines, a bad
	// row, the last line without a newline. Every testdata file is read
	// too. The same table, warnings and error as without the prefetcher.
	var b strings.Builder
	b.WriteString("lead_id,occurred_at,activity_type,channel\r\n")
	for i := range 300 {
		switch i % 7 {
		case 0:
			fmt.Fprintf(&b, "L%d,2024-01-%02d 10:00,\"web\nform, \"\"long\"\"\",ads\r\n", i, 1+i%28)
		case 1:
			b.WriteString("\n\r\n")
		case 2:
			fmt.Fprintf(&b, "L%d,2024-02-%02d,%s,email\n", i, 1+i%28, strings.Repeat("x", i%90))
		case 3:
			fmt.Fprintf(&b, "L%d,not a date,\"unbalanced,web\n", i)
		default:
			fmt.Fprintf(&b, "L%d,2024-03-%02d 08:00:00,web,paid\n", i, 1+i%28)
		}
	}
	b.WriteString("L9,2024-04-01,web,last")
	inputs := [][]byte{[]byte(b.String())}
	_ = filepath.WalkDir(filepath.Join("..", "..", "testdata", "bad"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".csv") {
			if data, err := os.ReadFile(path); err == nil && len(data) < 1<<16 {
				inputs = append(inputs, data)
			}
		}
		return nil
	})
	for _, size := range []int{1, 2, 7, 31, 64, 200} {
		for n, data := range inputs {
			for k, opts := range []Options{{MaxErrors: 1000}, {}, {MaxErrors: 1000, MaxCellBytes: 40, MaxRecordSize: 100}} {
				opts.knobs.blockBytes = size
				with, without := loadDigest(t, data, funnel.Touches, opts, true), loadDigest(t, data, funnel.Touches, opts, false)
				if with != without {
					t.Fatalf("blocks of %d, input %d, options %d: prefetched\n%.3000s\nread in line\n%.3000s", size, n, k, with, without)
				}
			}
		}
	}
}
