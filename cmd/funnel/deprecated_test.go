package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestDeprecatedAliases: each old flag name still works for one release,
// as a hidden alias: its value goes to the new flag (which reads as set,
// so a config's value yields to it), the run says on stderr which flag
// replaces it (nothing on stdout, where a script reads a table; nothing
// under -q), and help does not list it.
func TestDeprecatedAliases(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ cmd, old, new, value string }{
		{"sample", "leads", "lead-count", "100"},
		{"sample", "out", "out-dir", "dir"},
		{"sample", "months", "history-months", "18"},
		{"demo", "out", "out-dir", "dir"},
		{"velocity", "order", "stage-order", "mql,sql"},
		{"size", "order", "stage-order", "mql,sql"},
		{"attribute", "order", "markov-order", "2"},
		{"accounts", "positives", "lookalike-from", "won"},
	} {
		t.Run(tc.cmd+" --"+tc.old, func(t *testing.T) {
			t.Parallel()
			for _, quiet := range []bool{false, true} {
				args := []string{tc.cmd, "--" + tc.old, tc.value}
				want := "warning: --" + tc.old + " is deprecated and goes in the next release; use --" + tc.new + "\n"
				if quiet {
					args, want = append(args, "-q"), ""
				}
				var stdout, stderr bytes.Buffer
				root, _ := newRoot(&IOStreams{In: strings.NewReader(""), Out: &stdout, ErrOut: &stderr})
				sub, _, err := root.Find([]string{tc.cmd})
				if err != nil {
					t.Fatal(err)
				}
				var got string
				var changed bool
				sub.RunE = func(c *cobra.Command, _ []string) error {
					f := c.Flags().Lookup(tc.new)
					got, changed = f.Value.String(), f.Changed
					return nil
				}
				setArgs(root, args)
				if err := root.Execute(); err != nil {
					t.Fatalf("%q: %v", args, err)
				}
				if got != tc.value || !changed {
					t.Errorf("%q: --%s = %q (set: %v), want %q", args, tc.new, got, changed, tc.value)
				}
				if stderr.String() != want || stdout.Len() != 0 {
					t.Errorf("%q: stderr %q, want %q; stdout %q", args, stderr.String(), want, stdout.String())
				}
				if f := sub.Flags().Lookup(tc.old); !f.Hidden {
					t.Errorf("--%s is listed in help", tc.old)
				}
			}
		})
	}
}

// TestDeprecatedSampleRuns: the old sample command line of the README
// still writes the set, the options taking the old names' values.
func TestDeprecatedSampleRuns(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "exports")
	out, stderr, code := run(t, "", "sample", "--out", dir, "--leads", "20", "--months", "12", "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "warning: --leads is deprecated and goes in the next release; use --lead-count\n" +
		"warning: --months is deprecated and goes in the next release; use --history-months\n" +
		"warning: --out is deprecated and goes in the next release; use --out-dir\n"
	if !strings.HasPrefix(stderr, want) {
		t.Errorf("stderr %q, want it to start %q", stderr, want)
	}
	rep := decodeReport(t, out)
	wantNumbers(t, "meta", rep.Meta, map[string]float64{"leads": 20, "months": 12})
	if _, err := os.Stat(filepath.Join(dir, "leads.csv")); err != nil {
		t.Error(err)
	}
}
