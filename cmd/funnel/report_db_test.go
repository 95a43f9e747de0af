package main

import (
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
	runStreamedCases(t, dir, url, []streamedCase{
		{cmd: "report", tables: all, args: []string{"--month", "last"}},
		{cmd: "report", tables: all, args: []string{"--month", "2026-03"}},
		{cmd: "report", tables: []string{"leads", "touches"}, args: []string{"--month", "last"}},
	})
}
