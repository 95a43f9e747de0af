package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/internal/pgtest"
)

// velocityExtra are stage entries appended to the sample's: re-entries
// (X1 enters mql twice, each matched to the latest earlier prospect
// entry), a recycle (X2 goes back from sql to mql), a skip (X3 from name
// to mql), ties (X4 enters engaged and prospect at the same second; the
// ladder orders them), exact duplicates (X5's mql twice, and "MQL" at the
// same second: one stage by name), lost exits (X6 disqualified after
// sql, then closed lost: one exit; X7 lost before any rung), rows without
// an entity or a time, an entry dated 2099 (after the as-of time), and
// X10's advance from mql to sql exactly 14 days later (within --within
// 14d: the window is inclusive).
const velocityExtra = `X1,prospect,2026-03-01 09:00:00
X1,mql,2026-03-04 10:30:00
X1,prospect,2026-04-02 08:00:00
X1,mql,2026-04-20 17:45:10
X2,mql,2026-02-01 00:00:00
X2,sql,2026-02-11 12:00:00
X2,mql,2026-05-03 09:00:00
X2,sql,2026-05-10 09:00:00
X3,name,2026-01-10 00:00:00
X3,mql,2026-03-10 00:00:00
X4,engaged,2026-06-01 12:00:00
X4,prospect,2026-06-01 12:00:00
X4,mql,2026-06-01 12:00:00
X5,prospect,2026-06-05 00:00:00
X5,mql,2026-06-09 00:00:00
X5,mql,2026-06-09 00:00:00
X5,MQL,2026-06-09 00:00:00
X6,mql,2026-04-01 00:00:00
X6,sql,2026-04-03 00:00:00
X6,Disqualified,2026-04-20 00:00:00
X6,Closed Lost,2026-04-21 00:00:00
X6,mql,2026-07-01 00:00:00
X7,Closed Lost,2026-05-05 00:00:00
,mql,2026-05-05 00:00:00
X8,mql,
X9,sql,2099-01-01 00:00:00
X10,mql,2026-02-01 00:00:00
X10,sql,2026-02-15 00:00:00
`

// TestVelocityDBEqualsFiles: the sample's stage history (400 leads, 12
// months) with velocityExtra's entries, through --stages and through
// PostgreSQL (--db: transitions by window functions, cells per period and
// pair, percentile_cont), gives the same tables and meta, row for row,
// numbers to 1e-9 relative, under several option sets: the lifecycle
// ladder by month; an explicit ladder (stages off it, an extra pair)
// by ISO week with --within and --min-transitions; quarters with
// --from, --to and an alert threshold. Each option set is a parallel
// subtest.
func TestVelocityDBEqualsFiles(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	dir := t.TempDir()
	smp := smallSample(t, 400, 12)
	data, err := os.ReadFile(filepath.Join(smp, "stages.csv"))
	if err != nil {
		t.Fatal(err)
	}
	stages := filepath.Join(dir, "stages.csv")
	if err := os.WriteFile(stages, append(data, velocityExtra...), 0o644); err != nil {
		t.Fatal(err)
	}
	pgtest.LoadCSV(t, url, "crm.lead_history", stages, map[string]string{"entered_at": "timestamp"})
	// The same entries as dates (a date column: whole days, bucketed by
	// their date).
	var dates []string
	for _, line := range strings.Split(strings.TrimSpace(string(append(data, velocityExtra...))), "\n") {
		if k := strings.LastIndexByte(line, ','); k >= 0 && len(line)-k > 11 {
			line = line[:k+11]
		}
		dates = append(dates, line)
	}
	stageDates := filepath.Join(dir, "stage_dates.csv")
	if err := os.WriteFile(stageDates, []byte(strings.Join(dates, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pgtest.LoadCSV(t, url, "crm.lead_history_dates", stageDates, map[string]string{"entered_at": "date"})
	for _, tc := range []struct {
		file, table string
		args        []string
	}{
		{stages, "crm.lead_history", []string{"--min-transitions", "0"}},
		{stages, "crm.lead_history", []string{"--stage-order", "name,engaged,prospect,mql,sql,opportunity", "--pairs", "mql:opportunity", "--period", "week", "--within", "14d", "--min-transitions", "5"}},
		{stages, "crm.lead_history", []string{"--period", "quarter", "--from", "2026-01", "--to", "2026-09", "--alert-slower", "10%", "--alert-min", "2"}},
		{stages, "crm.lead_history", nil},
		{stageDates, "crm.lead_history_dates", []string{"--min-transitions", "3", "--within", "14d", "--pairs", "mql:customer"}},
		{stageDates, "crm.lead_history_dates", []string{"--period", "week", "--alert-slower", "10%", "--alert-min", "1"}},
	} {
		args, stages := tc.args, tc.file
		name := tc.table + " " + strings.Join(args, " ")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			files, stderr, code := runCommand(t, &globalOptions{Format: "json", AsOf: "2026-11-30"}, newVelocityCmd, nil, append([]string{"--stages", stages}, args...)...)
			if code != ExitOK && code != ExitAlert {
				t.Fatalf("%s: files: exit %d: %s", name, code, stderr)
			}
			db, stderr, dbCode := runCommand(t, &globalOptions{Format: "json", AsOf: "2026-11-30"}, newVelocityCmd, nil, append([]string{"--db", url, "--db-table", "stages=" + tc.table}, args...)...)
			if dbCode != code {
				t.Fatalf("%s: database: exit %d, files %d: %s", name, dbCode, code, stderr)
			}
			compareReports(t, name, files, db)
		})
	}
}

// compareReports compares two JSON reports' tables (row for row, numbers
// to 1e-9 relative) and meta (but source and pushed_down).
func compareReports(t *testing.T, name, files, db string) {
	t.Helper()
	a, b := decodeReports(t, files, db)
	delete(b.Meta, "source")
	delete(b.Meta, "pushed_down")
	if !reflect.DeepEqual(a.Meta, b.Meta) {
		t.Errorf("%s: meta differs:\nfiles    %v\ndatabase %v", name, a.Meta, b.Meta)
	}
	if len(a.Tables) != len(b.Tables) || len(a.Tables) < 3 {
		t.Errorf("%s: tables %d from the files, %d from the database", name, len(a.Tables), len(b.Tables))
	}
	if rows := compareTables(t, name, a, b, nil); rows < 20 {
		t.Errorf("%s: only %d rows compared", name, rows)
	}
}

// jsonReport is a report as --format json writes it.
type jsonReport struct {
	Meta     map[string]any              `json:"meta"`
	Tables   map[string][]map[string]any `json:"tables"`
	Warnings []string                    `json:"warnings"`
}

// decodeReports decodes the JSON reports of one run on the files and on
// the database.
func decodeReports(t *testing.T, files, db string) (a, b jsonReport) {
	t.Helper()
	if err := json.Unmarshal([]byte(files), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(db), &b); err != nil {
		t.Fatal(err)
	}
	return a, b
}

// compareTables compares the tables of a (from the files) and b (from
// the database) row for row, the same columns, each value by sameValue
// but in the columns skip names per table; it returns the rows compared.
func compareTables(t *testing.T, name string, a, b jsonReport, skip map[string][]string) int {
	t.Helper()
	rows := 0
	for tn, ra := range a.Tables {
		rb := b.Tables[tn]
		if len(ra) != len(rb) {
			t.Errorf("%s: table %s: %d rows from the files, %d from the database", name, tn, len(ra), len(rb))
			continue
		}
		for i := range ra {
			rows++
			if len(ra[i]) != len(rb[i]) {
				t.Errorf("%s: table %s row %d: columns %v from the files, %v from the database", name, tn, i+1, ra[i], rb[i])
			}
			for k, va := range ra[i] {
				if !slices.Contains(skip[tn], k) && !sameValue(va, rb[i][k]) {
					t.Errorf("%s: table %s row %d: %s = %v from the files, %v from the database", name, tn, i+1, k, va, rb[i][k])
				}
			}
		}
	}
	return rows
}

func sameValue(a, b any) bool {
	fa, okA := a.(float64)
	fb, okB := b.(float64)
	if okA && okB {
		return math.Abs(fa-fb) <= 1e-9*math.Max(1, math.Abs(fa))
	}
	return fmt.Sprint(a) == fmt.Sprint(b)
}

// TestVelocityDBErrors: a stages table that does not exist, and a time
// column of text, are one-line errors naming the table (and the column,
// its type and the role), exit 1, nothing on stdout.
func TestVelocityDBErrors(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	pgtest.Exec(t, url, `CREATE TABLE history (entity_id text, stage text, entered_at text);
INSERT INTO history VALUES ('A', 'mql', '2026-01-01')`)
	for _, tc := range []struct{ table, want string }{
		{"crm.missing", `crm.missing: database: no such table or view`},
		{"history", `history: column "entered_at" (text) cannot serve entered_at, which needs date or timestamp values`},
	} {
		out, stderr, code := runCommand(t, &globalOptions{Format: "json"}, newVelocityCmd, nil, "--db", url, "--db-table", "stages="+tc.table)
		if code != ExitFailure || out != "" || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 and %q", tc.table, code, out, stderr, tc.want)
		}
	}
}

// TestVelocityDBHostileNames: a stages table and columns named with
// quotes, semicolons and a comment marker (bound by --col) are quoted,
// not executed: the run gives the tables the file gives, and the table
// is still there.
func TestVelocityDBHostileNames(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	file := filepath.Join(t.TempDir(), "stages.csv")
	if err := os.WriteFile(file, []byte("entity_id,stage,entered_at\n"+velocityExtra), 0o644); err != nil {
		t.Fatal(err)
	}
	pgtest.LoadCSV(t, url, "crm.h", file, map[string]string{"entered_at": "timestamptz"})
	pgtest.Exec(t, url, `ALTER TABLE crm.h RENAME COLUMN entity_id TO "who""; DROP TABLE crm.h; --";
ALTER TABLE crm.h RENAME COLUMN stage TO "Stage; x";
ALTER TABLE crm.h RENAME TO "h""; DELETE FROM crm.h; --"`)
	args := []string{"--min-transitions", "0", "--stage-order", "prospect,mql,sql", "--within", "10d"}
	files, stderr, code := runCommand(t, &globalOptions{Format: "json", AsOf: "2026-11-30"}, newVelocityCmd, nil, append([]string{"--stages", file}, args...)...)
	if code != ExitOK {
		t.Fatalf("files: %s", stderr)
	}
	g := &globalOptions{Format: "json", AsOf: "2026-11-30", Cols: []string{`stages.entity_id=who"; DROP TABLE crm.h; --`, "stages.stage=Stage; x"}}
	db, stderr, code := runCommand(t, g, newVelocityCmd, nil, append([]string{"--db", url, "--db-table", `stages=crm."h""; DELETE FROM crm.h; --"`}, args...)...)
	if code != ExitOK {
		t.Fatalf("database: %s", stderr)
	}
	compareReports(t, "hostile names", files, db)
	pgtest.Exec(t, url, `SELECT count(*) FROM crm."h""; DELETE FROM crm.h; --"`)
}

// TestVelocityDBHistoryStreams: a stages table the push-down cannot read
// (a Salesforce lead history: Field / Event, Old Value, New Value, other
// fields' rows among the status changes; a HubSpot wide table of "Became
// a ... Date" columns) is streamed through the file reader instead of
// refused, and gives the file's tables and warnings (the table named
// where the file is); the meta says why it was streamed.
func TestVelocityDBHistoryStreams(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		name, csv, why string
		types          map[string]string
	}{
		{"lead_history", `Lead ID,Edit Date,Field / Event,Old Value,New Value,Edited By
00Q1,2024-03-05 14:30,Created.,,,Jane Analyst
00Q1,2024-03-09 10:02,Lead Status,Open - Not Contacted,Working - Contacted,Jane Analyst
00Q1,2024-03-21 16:45,Lead Status,Working - Contacted,MQL,Marketing Automation
00Q1,2024-04-02 09:15,Lead Owner,Marketing Queue,Tom Seller,Jane Analyst
00Q1,2024-04-02 09:16,Lead Status,MQL,SQL,Tom Seller
00Q2,2024-03-14 08:05,Created.,,,Jane Analyst
00Q2,2024-03-30 11:40,Lead Status,Open - Not Contacted,MQL,Marketing Automation
00Q2,2024-05-02 13:00,Lead Status,MQL,SQL,Tom Seller
00Q3,2024-02-29 23:59,Lead Status,Open - Not Contacted,MQL,Marketing Automation
00Q3,2024-04-15 15:20,Rating,,Hot,Tom Seller
00Q3,2024-04-16 15:20,Lead Status,MQL,SQL,Tom Seller
`, `"pushed_down": "nothing (crm.lead_history is a history (column \"Field / Event\"), read row by row)`, map[string]string{"Edit Date": "timestamp"}},
		{"wide", `Record ID,Became a Lead Date,Became a Marketing Qualified Lead Date,Became a Sales Qualified Lead Date,Became a Customer Date
101,2024-01-03,2024-01-20,2024-02-11,2024-04-02
102,2024-01-09,2024-02-01,,
103,2024-02-14,2024-02-20,2024-03-30,
104,2024-02-20,2024-03-15,2024-04-01,2024-05-20
`, `"pushed_down": "nothing (crm.wide is not a long table (entity_id, stage, entered_at))`, map[string]string{
			"Became a Lead Date": "date", "Became a Marketing Qualified Lead Date": "date", "Became a Sales Qualified Lead Date": "date", "Became a Customer Date": "date"}},
	} {
		file := filepath.Join(dir, tc.name+".csv")
		if err := os.WriteFile(file, []byte(tc.csv), 0o644); err != nil {
			t.Fatal(err)
		}
		pgtest.LoadCSV(t, url, "crm."+tc.name, file, tc.types)
		args := []string{"--min-transitions", "0"}
		files, stderr, code := runCommand(t, &globalOptions{Format: "json", AsOf: "2024-06-30"}, newVelocityCmd, nil, append([]string{"--stages", file}, args...)...)
		if code != ExitOK {
			t.Fatalf("%s, files: exit %d: %s", tc.name, code, stderr)
		}
		db, stderr, code := runCommand(t, &globalOptions{Format: "json", AsOf: "2024-06-30"}, newVelocityCmd, nil, append([]string{"--db", url, "--db-table", "stages=crm." + tc.name}, args...)...)
		if code != ExitOK {
			t.Fatalf("%s, database: exit %d: %s", tc.name, code, stderr)
		}
		if !strings.Contains(db, tc.why) {
			t.Errorf("%s: the meta does not say why the table was streamed (%s):\n%.600s", tc.name, tc.why, db)
		}
		a, b := decodeReports(t, files, strings.ReplaceAll(db, "crm."+tc.name, file))
		if rows := compareTables(t, tc.name, a, b, nil); rows < 12 {
			t.Errorf("%s: only %d rows compared", tc.name, rows)
		}
		if !reflect.DeepEqual(a.Warnings, b.Warnings) || (tc.name == "lead_history") != (len(a.Warnings) > 0) { // the history's other fields are said
			t.Errorf("%s: warnings differ:\nfiles    %q\ndatabase %q", tc.name, a.Warnings, b.Warnings)
		}
	}
}
