package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
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

// TestSizeDBEqualsFiles: size --db on a sample set (3,000 leads over 18
// months: 1,239 accounts, 14,504 stage entries, 867 opportunities;
// sizeDBFixture) loaded into PostgreSQL gives the tables, meta and
// warnings size gives on the files, numbers to 1e-9 relative, row order
// equal, under option sets that take every rule: segments of two columns
// with a number filter and a units column; a text filter (!=, another
// case) with a price file; the leads as the base with a time filter
// (stages and opportunities linked by lead); no --by with --as-of
// (outcomes cut); win rates from the ladder (no opportunities); a filter
// no account passes. Each option set is a parallel subtest.
func TestSizeDBEqualsFiles(t *testing.T) {
	t.Parallel()
	dir, url := sizeDBFixture(t)
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
		t.Run(name, func(t *testing.T) {
			t.Parallel()
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
		})
	}
}

// sizeDBFixture returns the folder of the sample set of
// TestSizeDBEqualsFiles (3,000 leads, 18 months, seed 1) and the URL of
// a new database holding its accounts, leads, stages and opportunities
// as crm.accounts, crm.leads, ... typed by sizeDBTypes (loaded once per
// test binary, copied for each test).
func sizeDBFixture(t *testing.T) (dir, url string) {
	t.Helper()
	dir = smallSample(t, 3000, 18)
	url = pgtest.Fixture(t, "size --db", func(t testing.TB, url string) {
		for _, f := range []string{"accounts", "leads", "stages", "opportunities"} {
			pgtest.LoadCSV(t, url, "crm."+f, filepath.Join(dir, f+".csv"), sizeDBTypes)
		}
	})
	return dir, url
}

// compareSizeReports compares two JSON reports of size: the tables row
// for row (numbers to 1e-9 relative), the meta but base, source and
// pushed_down, and the warnings with the files' names read as the
// tables'.
func compareSizeReports(t *testing.T, name, files, db string) {
	t.Helper()
	a, b := decodeReports(t, files, db)
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
	compareTables(t, name, a, b, nil)
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

// sizeHostile is a small set where every link rule of size matters: an
// account without an id, a target without units, a lead without an account and
// one whose account is not a base row, a stage entity and a closed opportunity that
// match nothing, an opportunity linked through its lead when its
// account is not a base row, and one whose account and lead are of
// different accounts (the account wins), an account whose only stage
// entry is a lost stage (an exit, no stage reached).
var sizeHostile = map[string]string{
	"accounts":      "account_id,industry,employees\nA1,Tech,100\nA2,Tech,\nA4,Retail,50\nA3,Retail,300\n,Retail,10\n",
	"leads":         "lead_id,account_id\nL1,A1\nL2,A3\nL3,\nL4,A3\nL5,A9\n",
	"stages":        "entity_id,stage,entered_at\nL1,mql,2026-01-01\nL1,sql,2026-01-05\nA3,mql,2026-01-02\nL2,customer,2026-02-01\nL4,sql,2026-02-01\nX9,sql,2026-01-01\nA2,Closed Lost,2026-01-03\n",
	"opportunities": "opportunity_id,account_id,lead_id,stage,won\nO1,A1,,Closed Won,1\nO2,,L2,Closed Lost,0\nO3,A9,L4,Closed Won,1\nO4,A9,,Closed Lost,0\nO5,A3,,Negotiation,\nO6,A2,L2,Closed Lost,0\n",
}

// TestSizeDBLinks: on sizeHostile, size --db gives what the files give,
// and the counts worked out by hand. Tech: rows A1 (100) and A2 (no
// units): 2 accounts, 100 units, lead L1, L1's furthest stage sql, O1
// won, O6 lost (its account A2, not its lead's). Retail: A4 (50), A3 (300) and the row without an id (10): 3 accounts, 360 units; leads L2
// and L4; furthest customer (L2) on A3; O2 lost
// (through L2) and O3 won (A9 is no account: through L4). X9 and O4 match
// nothing.
func TestSizeDBLinks(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	dir := t.TempDir()
	fileArgs := []string{"--by", "industry", "--units-col", "employees", "--price", "10", "--stage-order", "mql,sql,customer"}
	dbArgs := append([]string{"--db", url}, fileArgs...)
	for k, data := range sizeHostile {
		path := filepath.Join(dir, k+".csv")
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		pgtest.LoadCSV(t, url, "crm."+k, path, map[string]string{"employees": "integer", "entered_at": "date", "won": "boolean"})
		fileArgs = append(fileArgs, "--"+k, path)
		dbArgs = append(dbArgs, "--db-table", k+"=crm."+k)
	}
	files, stderr, code := runCommand(t, &globalOptions{Format: "json"}, newSizeCmd, nil, fileArgs...)
	if code != ExitOK {
		t.Fatalf("files: exit %d: %s", code, stderr)
	}
	db, stderr, code := runCommand(t, &globalOptions{Format: "json"}, newSizeCmd, nil, dbArgs...)
	if code != ExitOK {
		t.Fatalf("database: exit %d: %s", code, stderr)
	}
	compareSizeReports(t, "links", files, db)
	var rep struct {
		Tables   map[string][]map[string]any `json:"tables"`
		Warnings []string                    `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(db), &rep); err != nil {
		t.Fatal(err)
	}
	want := map[string][]float64{ // accounts, units, reached mql, sql, customer, won, lost, leads, market_size
		"Retail": {3, 360, 1, 1, 1, 1, 1, 2, 3600},
		"Tech":   {2, 100, 1, 1, 0, 1, 1, 1, 1000},
		"total":  {5, 460, 2, 2, 1, 2, 2, 3, 4600},
	}
	cols := []string{"accounts", "units", "reached_mql", "reached_sql", "reached_customer", "won", "lost", "leads", "market_size"}
	for _, row := range rep.Tables["market"] {
		w, ok := want[row["industry"].(string)]
		if !ok {
			t.Errorf("segment %v", row["industry"])
			continue
		}
		for i, c := range cols {
			if row[c] != w[i] {
				t.Errorf("%s %s = %v, want %v", row["industry"], c, row[c], w[i])
			}
		}
	}
	for _, w := range []string{"crm.accounts: 1 target accounts without employees count 0 units",
		"crm.stages: 1 entities match no account or lead of crm.accounts: left out of reached",
		"crm.opportunities: 1 closed opportunities match no account of crm.accounts: left out of win rates"} {
		if !slices.Contains(rep.Warnings, w) {
			t.Errorf("warnings %q: want %q", rep.Warnings, w)
		}
	}
}

// TestSizeDBErrors: ids on more than one row of the accounts (or the
// leads) table, which the file readers refuse, are an error naming the
// table, the column and the first such id (exit 1, nothing on stdout),
// also where --split-values with --by streams the table through the file
// reader (the file's error, naming the row); a run without
// the accounts or leads table is a usage error.
func TestSizeDBErrors(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	pgtest.Exec(t, url, `CREATE TABLE acc (account_id text, region text);
INSERT INTO acc VALUES ('A1', 'EMEA'), ('A2', 'NA'), ('A1', 'NA'), ('A3', NULL), ('A3', NULL);
CREATE TABLE lead (lead_id text, account_id text);
INSERT INTO lead VALUES ('L1', 'A2'), ('L1', 'A2')`)
	for _, tc := range []struct {
		args []string
		code ExitCode
		want string
	}{
		{[]string{"--db-table", "accounts=acc"}, ExitFailure, `acc: column "account_id": 2 ids on more than one row (the first: "A1"); each id must be on one row`},
		{[]string{"--db-table", "leads=lead", "--use-leads"}, ExitFailure, `lead: column "lead_id": 1 ids on more than one row (the first: "L1")`},
		{[]string{"--db-table", "accounts=acc", "--by", "region", "--split-values", ";"}, ExitFailure, `acc:4: column "account_id": duplicate id "A1" (also on line 2, with other values`},
		{[]string{"--db-table", "stages=acc"}, ExitUsage, "name the accounts table with --db-table accounts=schema.table"},
	} {
		args := append([]string{"size", "--db", url, "--price", "10"}, tc.args...)
		out, stderr, code := run(t, "", args...)
		if code != tc.code || out != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", tc.args, code, out, stderr, tc.code, tc.want)
		}
	}
}
