package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestReportDBEqualsFiles: report --db (the tables streamed, every
// analysis in Go) gives the report the files give (as JSON: every table
// row for row, numbers to 1e-9 relative; the meta but source and
// pushed_down; the warnings with the files' names read as the tables'),
// for the latest complete month and an earlier one, with all six
// tables and with the leads and touches alone. Each case is a parallel
// subtest.
func TestReportDBEqualsFiles(t *testing.T) {
	t.Parallel()
	dir, url := streamedDBFixture(t)
	all := []string{"leads", "touches", "stages", "opportunities", "accounts", "costs"}
	for _, tc := range []struct {
		tables []string
		month  string
	}{
		{all, "last"},
		{all, "2026-03"},
		{[]string{"leads", "touches"}, "last"},
	} {
		name := strings.Join(tc.tables, ",") + " " + tc.month
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fileArgs, dbArgs := []string{"--month", tc.month}, []string{"--month", tc.month, "--db", url}
			for _, k := range tc.tables {
				fileArgs = append(fileArgs, "--"+k, filepath.Join(dir, k+".csv"))
				dbArgs = append(dbArgs, "--db-table", k+"=crm."+k)
			}
			files, stderr, code := runCommand(t, &globalOptions{Format: "json"}, newReportCmd, nil, fileArgs...)
			if code != ExitOK {
				t.Fatalf("%s: files: exit %d: %s", name, code, stderr)
			}
			db, stderr, code := runCommand(t, &globalOptions{Format: "json"}, newReportCmd, nil, dbArgs...)
			if code != ExitOK {
				t.Fatalf("%s: database: exit %d: %s", name, code, stderr)
			}
			compareStreamedReports(t, name, dir, files, db)
		})
	}
}
