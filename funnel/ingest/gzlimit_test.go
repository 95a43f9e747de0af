package ingest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"github.com/funnel-analytics/funnel/internal/testfiles"
	"io"
	"strings"
	"testing"
)

func gzipped(t testing.TB, data string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(data))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// repeatedRowsGzip is gzip data of a header and mib MiB of one row
// repeated (about 330:1).
func repeatedRowsGzip(mib int) []byte {
	return testfiles.RepeatedGzip("lead_id,occurred_at,channel\n", "L1,2024-03-01 09:00,email\n", mib)
}

// readAllStdin reads data as stdin through Open and returns the records
// read and the error that ended the reading (nil at the end).
func readAllStdin(data []byte, opts Options) (int, error) {
	opts.Stdin = bytes.NewReader(data)
	return countRecords("-", opts)
}

// countRecords reads every record of path through Open and returns the records
// read and the error that ended the reading (nil at the end).
func countRecords(path string, opts Options) (int, error) {
	r, err := Open(path, opts)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	n := 0
	for {
		_, err := r.Read()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

// TestGzipLimits: the uncompressed size counts every member of the gzip
// data; the ratio is checked past 16 MiB; each error names its flag.
func TestGzipLimits(t *testing.T) {
	t.Parallel()
	member := "lead_id,visits\n" + strings.Repeat("L1,3\n", 120) // 615 bytes
	two := append(gzipped(t, member), gzipped(t, strings.Repeat("L2,4\n", 120))...)
	if n, err := readAllStdin(two, Options{MaxGzipBytes: 1215}); err != nil || n != 240 {
		t.Errorf("two members under the limit: %d rows, %v; want 240", n, err)
	}
	_, err := readAllStdin(two, Options{MaxGzipBytes: 1214})
	var fe *FileError
	if !errors.As(err, &fe) || !errors.Is(err, ErrLimit) || fe.Detail != "gzip data over 1214 bytes uncompressed; raise with --max-gzip-bytes" {
		t.Errorf("two members over the limit: %v", err)
	}

	bomb := repeatedRowsGzip(64) // 64 MiB from about 200 KB
	_, err = readAllStdin(bomb, Options{})
	if !errors.As(err, &fe) || !errors.Is(err, ErrFormat) ||
		fe.Detail != "gzip data inflating over 200:1 past its first 16 MiB: a gzip bomb, not an export; raise with --max-gzip-ratio" {
		t.Errorf("bomb: %v", err)
	}
	_, err = readAllStdin(bomb, Options{MaxGzipRatio: 2000, MaxGzipBytes: 20 << 20})
	if !errors.As(err, &fe) || fe.Detail != "gzip data over 20971520 bytes uncompressed; raise with --max-gzip-bytes" {
		t.Errorf("bomb under a raised ratio: %v", err)
	}
	// Under both raised, every row is read; the trailer is not the data's.
	if n, err := readAllStdin(bomb, Options{MaxGzipRatio: 2000}); n != 64*((1<<20)/26) || err == nil || !strings.Contains(err.Error(), "invalid checksum") {
		t.Errorf("bomb under a raised ratio and the default size: %d rows, %v; want %d and the checksum", n, err, 64*((1<<20)/26))
	}
}

// FuzzGzipMembers reads two gzip members, the second possibly cut, under
// a size limit: no panic, only the package's errors, and a read that
// succeeds inflated no more than the limit.
func FuzzGzipMembers(f *testing.F) {
	f.Add([]byte("lead_id,visits\nL1,3\n"), []byte("L2,4\n"), uint16(0), uint16(1000))
	f.Add([]byte("a,b\n1,2\n"), []byte("3,4\n5,6\n"), uint16(9), uint16(10))
	f.Add([]byte("lead_id\n"), []byte(strings.Repeat("x\n", 400)), uint16(0), uint16(100))
	f.Fuzz(func(t *testing.T, a, b []byte, cut, limit uint16) {
		data := append(gzipped(t, string(a)), gzipped(t, string(b))...)
		if cut > 0 {
			data = data[:int(cut)%len(data)]
		}
		_, err := readAllStdin(data, Options{MaxGzipBytes: int64(limit) + 1})
		var fe *FileError
		var re *RowError
		switch {
		case err == nil:
			if cut == 0 && len(a)+len(b) > int(limit)+1 {
				t.Fatalf("read %d bytes under a limit of %d", len(a)+len(b), limit+1)
			}
		case !errors.As(err, &fe) && !errors.As(err, &re):
			t.Fatalf("%T: %v", err, err)
		}
	})
}
