package ingest

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// endlessTouches is a stdin that never ends: a touches header, then
// touches of leads L1, L2, ... (each a new id, so the table and its Dict
// grow with every row), until limit bytes, past which it reports the end
// so that a broken check fails the test instead of the machine.
type endlessTouches struct {
	rows, bytes, limit int
	pending            []byte
}

func (e *endlessTouches) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(e.pending) == 0 {
			if e.bytes >= e.limit {
				break
			}
			if e.rows == 0 {
				e.pending = []byte("lead_id,occurred_at,channel\n")
			} else {
				e.pending = fmt.Appendf(e.pending[:0], "L%d,2024-01-%02d 09:00,email\n", e.rows, 1+e.rows%28)
			}
			e.rows++
		}
		k := copy(p[n:], e.pending)
		e.pending = e.pending[k:]
		n += k
		e.bytes += k
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// TestMemoryCeilingEndlessStdin: an endless stdin under a ceiling 32 MiB
// above the heap of the test fails with ErrMemory naming stdin and the
// line it reached, long before the 1 GiB the reader would give: the
// table grows by some 40 bytes a row (a code, a time, a line, the id's
// text), so the ceiling is met within a few million rows. Nothing here
// waits for time: the heap grows, the runtime collects, the check fires.
func TestMemoryCeilingEndlessStdin(t *testing.T) {
	in := &endlessTouches{limit: 1 << 30}
	ceiling := int64(heapInUse()) + 32<<20
	_, _, err := Load("-", funnel.Touches, funnel.NewDict(), Options{Stdin: in, MaxMemory: ceiling})
	var fe *FileError
	if !errors.As(err, &fe) || !errors.Is(err, ErrMemory) {
		t.Fatalf("err = %v, want a *FileError wrapping ErrMemory (read %d bytes, %d rows)", err, in.bytes, in.rows)
	}
	if fe.File != "stdin" {
		t.Errorf("the error names %q, want stdin", fe.File)
	}
	// Line: the header is line 1, touch k is line k+1; the reader has
	// written at most a block of rows past the one read.
	if fe.Line < 2 || fe.Line > in.rows {
		t.Errorf("the error names line %d, want between 2 and %d (the rows given)", fe.Line, in.rows)
	}
	if in.bytes >= in.limit {
		t.Errorf("the whole %d bytes were read before the ceiling of %d bytes stopped it", in.bytes, ceiling)
	}
	t.Logf("stopped at line %d after %d MiB of text: %v", fe.Line, in.bytes>>20, err)
}

// TestMemoryCeilingBelowHeap: a ceiling below what the process already
// holds fails at the header, before a row is read, and says so in one
// line with the flag that raises it.
func TestMemoryCeilingBelowHeap(t *testing.T) {
	in := &endlessTouches{limit: 1 << 20}
	_, _, err := Load("-", funnel.Touches, funnel.NewDict(), Options{Stdin: in, MaxMemory: 1 << 10})
	want := "stdin:1: memory ceiling reached: the heap outgrew --max-memory 1 KiB while this file was read; raise --max-memory or reduce the input"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
	// Without a ceiling the same input reads to its end.
	in = &endlessTouches{limit: 1 << 20}
	tb, _, err := Load("-", funnel.Touches, funnel.NewDict(), Options{Stdin: in})
	if err != nil {
		t.Fatal(err)
	}
	if tb.Rows < 30000 {
		t.Errorf("%d rows read from 1 MiB, want over 30,000 (some 33 bytes a row)", tb.Rows)
	}
}

func TestFormatBytes(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{
		{0, "0 B"},
		{512, "512 B"},
		{1023, "1023 B"},
		{1024, "1 KiB"},
		{1536, "1.5 KiB"},
		{64 << 20, "64 MiB"},
		{768 << 20, "768 MiB"},
		{3 << 29, "1.5 GiB"},
		{12345 << 20, "12.1 GiB"}, // 12345/1024 = 12.056
		{1 << 40, "1 TiB"},
	} {
		if got := formatBytes(c.n); got != c.want {
			t.Errorf("formatBytes(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
