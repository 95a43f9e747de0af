package ingest

import (
	"io"
	"os"
	"path/filepath"
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
