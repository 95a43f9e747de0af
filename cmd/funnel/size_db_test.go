package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/internal/pgtest"
)

// sizeDBTypes are the declared types of the sample's columns loaded into
// PostgreSQL (text when not named).
var sizeDBTypes = map[string]string{
	"employees": "double precision", "revenue": "double precision", "target": "integer",
	"created_at": "timestamp", "mql_at": "timestamp", "sql_at": "timestamp", "won_at": "timestamp", "won": "integer",
	"entered_at": "timestamp", "closed_at": "timestamp", "amount": "numeric",
}

// TestSizeDBEqualsFiles: size --db on the default sample set (8,210
// accounts, 20,000 leads, 98,012 stage entries, 5,869 opportunities)
// loaded into PostgreSQL gives the tables, meta and warnings size gives
// on the files, numbers to 1e-9 relative, row order equal, under option
// sets that take every rule: segments of two columns with a number
// filter and a units column; a text filter (!=, another case) with a
// price file; the leads as the base with a time filter (stages and
// opportunities linked by lead); no --by with --as-of (outcomes cut);
// win rates from the ladder (no opportunities); a filter no account
// passes.
func TestSizeDBEqualsFiles(t *testing.T) {
	url := pgtest.NewDatabase(t)
	dir, _ := defaultSample(t)
	for _, f := range []string{"accounts", "leads", "stages", "opportunities"} {
		pgtest.LoadCSV(t, url, "crm."+f, filepath.Join(dir, f+".csv"), sizeDBTypes)
	}
	prices := filepath.Join(t.TempDir(), "prices.csv")
	if err := os.WriteFile(prices, []byte("region,price\nNA,50\nemea,45\n  LATAM ,30\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	all := []string{"accounts", "leads", "stages", "opportunities"}
	for _, tc := range []struct {
		tables []string
		args   []string
		asOf   string
	}{
		{all, []string{"--by", "industry,region", "--units-col", "employees", "--price", "40", "--filter", "employees>=200"}, ""},
		{[]string{"accounts", "leads"}, []string{"--by", "region", "--units", "25", "--prices", prices, "--filter", "region != 'apac' and revenue < 5e9"}, ""},
		{all, []string{"--use-leads", "--by", "seniority", "--price", "10", "--filter", "created_at >= 2025-06-01", "--min-leads", "3"}, ""},
		{all, []string{"--price", "40"}, "2026-03-31"},
		{[]string{"accounts", "leads", "stages"}, []string{"--by", "industry", "--price", "40", "--stage-order", "mql,sql,opportunity,customer"}, ""},
		{[]string{"accounts", "opportunities"}, []string{"--by", "region", "--price", "40", "--filter", "employees > 1e12"}, ""},
	} {
		name := strings.Join(tc.tables, ",") + " " + strings.Join(tc.args, " ")
		fileArgs, dbArgs := append([]string(nil), tc.args...), append([]string{"--db", url}, tc.args...)
		for _, k := range tc.tables {
			fileArgs = append(fileArgs, "--"+k, filepath.Join(dir, k+".csv"))
			dbArgs = append(dbArgs, "--db-table", k+"=crm."+k)
		}
		files, stderr, code := runCommand(t, &globalOptions{Format: "json", AsOf: tc.asOf}, newSizeCmd, nil, fileArgs...)
		if code != ExitOK {
			t.Fatalf("%s: files: exit %d: %s", name, code, stderr)
		}
		db, stderr, code := runCommand(t, &globalOptions{Format: "json", AsOf: tc.asOf}, newSizeCmd, nil, dbArgs...)
		if code != ExitOK {
			t.Fatalf("%s: database: exit %d: %s", name, code, stderr)
		}
		compareSizeReports(t, name, files, db)
	}
}

// compareSizeReports compares two JSON reports of size: the tables row
// for row (numbers to 1e-9 relative), the meta but base, source and
// pushed_down, and the warnings with the files' names read as the
// tables'.
func compareSizeReports(t *testing.T, name, files, db string) {
	t.Helper()
	var a, b struct {
		Meta     map[string]any              `json:"meta"`
		Tables   map[string][]map[string]any `json:"tables"`
		Warnings []string                    `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(files), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(db), &b); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"base", "source", "pushed_down"} {
		delete(a.Meta, k)
		delete(b.Meta, k)
	}
	if !reflect.DeepEqual(a.Meta, b.Meta) {
		t.Errorf("%s: meta differs:\nfiles    %v\ndatabase %v", name, a.Meta, b.Meta)
	}
	if len(a.Tables) != 2 || len(b.Tables) != 2 {
		t.Errorf("%s: tables %d from the files, %d from the database", name, len(a.Tables), len(b.Tables))
	}
	for tn, ra := range a.Tables {
		rb := b.Tables[tn]
		if len(ra) != len(rb) {
			t.Errorf("%s: table %s: %d rows from the files, %d from the database", name, tn, len(ra), len(rb))
			continue
		}
		for i := range ra {
			if len(ra[i]) != len(rb[i]) {
				t.Errorf("%s: table %s row %d: columns %v from the files, %v from the database", name, tn, i+1, ra[i], rb[i])
			}
			for k, va := range ra[i] {
				if !sameValue(va, rb[i][k]) {
					t.Errorf("%s: table %s row %d: %s = %v from the files, %v from the database", name, tn, i+1, k, va, rb[i][k])
				}
			}
		}
	}
	for i, w := range a.Warnings {
		for _, k := range []string{"accounts", "leads", "stages", "opportunities"} {
			w = strings.ReplaceAll(w, filepath.Join(filepath.Dir(strings.SplitN(w, ":", 2)[0]), k+".csv"), "crm."+k)
		}
		a.Warnings[i] = w
	}
	if !reflect.DeepEqual(a.Warnings, b.Warnings) {
		t.Errorf("%s: warnings differ:\nfiles    %q\ndatabase %q", name, a.Warnings, b.Warnings)
	}
}
