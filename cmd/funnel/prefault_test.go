package main

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

func TestHeapModelEstimate(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, size int) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	files := map[funnel.TableKind]string{
		funnel.Leads:         write("leads.csv", 1000),
		funnel.Touches:       write("touches.csv.gz", 500),          // read as 4 x 500
		funnel.Accounts:      write("book.xlsx", 300) + "#Accounts", // a sheet: read as 4 x 300
		funnel.Stages:        "-",                                   // stdin: unknown
		funnel.Opportunities: filepath.Join(dir, "missing.csv"),     // reading reports it
		funnel.Costs:         dir,                                   // not a file
		funnel.Paths:         write("paths.csv", 7000),              // not in the model
	}
	m := heapModel{funnel.Leads: 4, funnel.Touches: 0.5, funnel.Accounts: 2, funnel.Stages: 1, funnel.Opportunities: 1, funnel.Costs: 1}
	// 4 x 1000 + 0.5 x 2000 + 2 x 1200 = 7400
	if got := m.estimate(files); got != 7400 {
		t.Errorf("estimate = %d, want 7400", got)
	}
	if got := heapModel(nil).estimate(files); got != 0 {
		t.Errorf("no model: estimate = %d, want 0", got)
	}
}

// TestHeapModels: every row of the generated table names a command that
// reads each input of its row (an input flag of that name), with a figure
// a run could hold: more than 0 and less than 64 bytes a byte (the
// largest measured is score's leads, about 9).
func TestHeapModels(t *testing.T) {
	if len(heapModels) == 0 {
		t.Fatal("heapModels is empty")
	}
	root := newRootCmd(&IOStreams{})
	for name, model := range heapModels {
		cmd, _, err := root.Find([]string{name})
		if err != nil || cmd == root {
			t.Errorf("heapModels[%q]: no such command", name)
			continue
		}
		for kind, per := range model {
			if cmd.Flags().Lookup(kind.String()) == nil {
				t.Errorf("heapModels[%q]: the command has no --%s", name, kind)
			}
			if !(per > 0 && per < 64) {
				t.Errorf("heapModels[%q][%s] = %g, want in (0, 64)", name, kind, per)
			}
		}
	}
}

// TestNoGodebugDefaults: the Makefile links the binary with
// -X=runtime.godebugDefault=madvdontneed=0, which replaces the default the
// go command would set from go.mod's godebug lines or the main package's
// //go:debug directives; so there must be none, or the Makefile must list
// them too.
func TestNoGodebugDefaults(t *testing.T) {
	mod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(mod), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "godebug") {
			t.Errorf("go.mod: %q: the Makefile's -X=runtime.godebugDefault would drop it", line)
		}
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "\n//go:"+"debug ") || strings.HasPrefix(string(b), "//go:"+"debug ") {
			t.Errorf("%s: a //go:%s directive: the Makefile's -X=runtime.godebugDefault would drop it", f, "debug")
		}
	}
}

func TestPrefault(t *testing.T) {
	t.Setenv("FUNNEL_PREFAULT", "0")
	if got := prefault(64<<20, 0); got != 0 {
		t.Errorf("FUNNEL_PREFAULT=0: prefault backed %d bytes", got)
	}
	t.Setenv("FUNNEL_PREFAULT", "")
	if got := prefault(prefaultMin-1, 0); got != 0 {
		t.Errorf("below prefaultMin: prefault backed %d bytes", got)
	}
	if runtime.GOOS != "linux" {
		return
	}
	const n = 48 << 20
	got := prefault(n, 0)
	if got == 0 && !populate(make([]byte, 1<<20)) {
		t.Skip("the kernel has no MADV_POPULATE_WRITE")
	}
	if got != n {
		t.Fatalf("prefault backed %d bytes, want %d", got, n)
	}
	defer func() { prefaulted = false }()
	// The block went back to the heap: free, or handed back to the kernel.
	s := []metrics.Sample{{Name: "/memory/classes/heap/free:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	if free := s[0].Value.Uint64() + s[1].Value.Uint64(); free < n {
		t.Errorf("after prefault the heap holds %d free bytes, want at least %d", free, n)
	}
	if again := prefault(n, 0); again != 0 {
		t.Errorf("a second prefault backed %d bytes, want 0 (once a process)", again)
	}
}
