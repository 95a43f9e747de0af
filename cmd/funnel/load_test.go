package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/internal/pgtest"
)

// columnTypes returns the declared types of table's columns at url, in
// order, as "name type".
func columnTypes(t *testing.T, url, schema, table string) []string {
	t.Helper()
	return pgtest.Query[string](t, url, "SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position", schema, table)
}

// TestLoadDB: funnel load writes the sample set (3,000 leads over 18
// months) into tables typed by what the reader made of the columns; the
// commands on those tables (--db) give what they give on the files
// (attribute on the touches, velocity on the stages, accounts on four
// tables); loading again without --replace is an error naming the table
// and changes nothing; a load that fails on its third table (an existing
// stages table) leaves none of the tables it created.
func TestLoadDB(t *testing.T) {
	t.Parallel()
	dir := smallSample(t, 3000, 18)
	url := pgtest.NewDatabase(t)
	out, stderr, code := runCommand(t, &globalOptions{Format: "json", DataDir: dir}, newLoadCmd, nil, "--db", url, "--db-schema", "crm")
	if code != ExitOK {
		t.Fatalf("load: exit %d: %s", code, stderr)
	}
	for _, want := range []string{`"table": "crm.touches"`, `"rows": 29462`, `"table": "crm.stages"`, `"rows": 14504`, `"read_with": "--db-table leads=crm.leads --db-table touches=crm.touches`} {
		if !strings.Contains(out, want) {
			t.Errorf("load's report has no %s:\n%s", want, out)
		}
	}
	if got, want := strings.Join(columnTypes(t, url, "crm", "touches"), ", "),
		"lead_id text, account_id text, occurred_at timestamp with time zone, activity_type text, channel text, campaign text, converted boolean, value double precision"; got != want {
		t.Errorf("crm.touches: columns %s, want %s", got, want)
	}
	if got := strings.Join(columnTypes(t, url, "crm", "accounts"), ", "); !strings.Contains(got, "employees double precision") || !strings.Contains(got, "target boolean") {
		t.Errorf("crm.accounts: columns %s", got)
	}
	for _, tc := range []struct {
		name  string
		files []string
		args  []string
	}{
		{name: "attribute", files: []string{"touches"}, args: []string{"--models", "first_touch,linear_touch,time_decay,markov"}},
		{name: "velocity", files: []string{"stages"}},
		{name: "accounts", files: []string{"leads", "touches", "opportunities", "accounts"}, args: []string{"--lookalike"}},
	} {
		fileArgs, dbArgs := append([]string(nil), tc.args...), append([]string{"--db", url}, tc.args...)
		for _, k := range tc.files {
			fileArgs = append(fileArgs, "--"+k, filepath.Join(dir, k+".csv"))
			dbArgs = append(dbArgs, "--db-table", k+"=crm."+k)
		}
		run := func(args []string) string {
			out, _ := runNamed(t, streamedCase{cmd: tc.name}, args)
			return out
		}
		files, db := run(fileArgs), run(dbArgs)
		for _, k := range tc.files {
			files = strings.ReplaceAll(files, filepath.Join(dir, k+".csv"), "crm."+k)
		}
		a, b := decodeReports(t, files, db)
		if len(a.Tables) == 0 || len(a.Tables) != len(b.Tables) {
			t.Errorf("%s: tables %d from the files, %d from the loaded tables", tc.name, len(a.Tables), len(b.Tables))
		}
		compareTables(t, tc.name, a, b, nil)
	}

	// Again: the first table exists.
	_, stderr, code = runCommand(t, &globalOptions{Format: "json", DataDir: dir}, newLoadCmd, nil, "--db", url, "--db-schema", "crm")
	if code != ExitFailure || !strings.Contains(stderr, "crm.leads: the table exists in postgres://") || !strings.Contains(stderr, "give --replace") {
		t.Errorf("a second load: exit %d, stderr %q", code, stderr)
	}
	// A load that fails on its third table leaves nothing.
	pgtest.Exec(t, url, "CREATE SCHEMA other; CREATE TABLE other.stages (x int)")
	_, stderr, code = runCommand(t, &globalOptions{Format: "json", DataDir: dir}, newLoadCmd, nil, "--db", url, "--db-schema", "other")
	if code != ExitFailure || !strings.Contains(stderr, "other.stages: the table exists") {
		t.Errorf("a load onto other.stages: exit %d, stderr %q", code, stderr)
	}
	if cols := columnTypes(t, url, "other", "leads"); len(cols) != 0 {
		t.Errorf("the failed load left other.leads (%v)", cols)
	}
	// --replace replaces.
	_, stderr, code = runCommand(t, &globalOptions{Format: "json", DataDir: dir}, newLoadCmd, nil, "--db", url, "--db-schema", "other", "--replace")
	if code != ExitOK || len(columnTypes(t, url, "other", "stages")) != 3 {
		t.Errorf("load --replace: exit %d, stderr %q, other.stages %v", code, stderr, columnTypes(t, url, "other", "stages"))
	}
}
