package sample_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/funnel-analytics/funnel/funnel/sample"
)

// TestWriteDirLeavesOnlyTheSet: after WriteDir the folder holds exactly the
// export set (no temporary files), each file readable by everyone, and a
// second run over it replaces the set with identical bytes.
func TestWriteDirLeavesOnlyTheSet(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := sample.Config{Leads: 50, Seed: 3}
	var first map[string][]byte
	for run := 0; run < 2; run++ {
		if _, err := sample.WriteDir(dir, cfg); err != nil {
			t.Fatal(err)
		}
		got := map[string][]byte{}
		for _, name := range sample.Files {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil || len(b) == 0 {
				t.Fatalf("run %d: %s: %d bytes, %v", run, name, len(b), err)
			}
			got[name] = b
			if first != nil && !bytes.Equal(b, first[name]) {
				t.Errorf("run 2 wrote other bytes to %s", name)
			}
		}
		first = got
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
			info, _ := e.Info()
			if info.Mode().Perm() != 0o644 {
				t.Errorf("%s: mode %v, want 0644", e.Name(), info.Mode().Perm())
			}
		}
		want := slices.Clone(sample.Files)
		slices.Sort(want)
		if !slices.Equal(names, want) {
			t.Errorf("run %d: folder holds %v, want %v", run, names, want)
		}
	}
}
