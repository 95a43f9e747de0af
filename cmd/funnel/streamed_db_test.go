package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/internal/pgtest"
)

// streamedDBTypes are the declared types of the sample's columns loaded
// into PostgreSQL for the commands that stream the tables (accounts,
// report): sizeDBTypes, the touches' time, flag and value, the costs.
var streamedDBTypes = func() map[string]string {
	m := map[string]string{"occurred_at": "timestamp with time zone", "converted": "boolean", "value": "double precision", "cost": "double precision", "period": "text",
		"Registration Time": "timestamp", "Join Time": "timestamp", "Leave Time": "timestamp", "Time in Session (minutes)": "double precision"}
	for k, v := range sizeDBTypes {
		m[k] = v
	}
	return m
}()

// streamedDBFixture returns the folder of the sample set the size tests
// use (3,000 leads over 18 months) and the URL of a new database holding
// its leads, touches, stages, opportunities, accounts, costs, content
// inventory and webinar attendees as crm.leads, crm.touches, ...,
// crm.attendees (typed by streamedDBTypes; loaded once per test binary,
// copied for each test).
func streamedDBFixture(t *testing.T) (dir, url string) {
	t.Helper()
	dir = smallSample(t, 3000, 18)
	url = pgtest.Fixture(t, "streamed --db", func(t testing.TB, url string) {
		for _, f := range []string{"leads", "touches", "stages", "opportunities", "accounts", "costs", "content"} {
			pgtest.LoadCSV(t, url, "crm."+f, filepath.Join(dir, f+".csv"), streamedDBTypes)
		}
		pgtest.LoadCSV(t, url, "crm.attendees", filepath.Join(dir, "webinar_attendees.csv"), streamedDBTypes)
	})
	return dir, url
}

// TestAccountsDBEqualsFiles: accounts --db (the tables streamed, the
// analysis in Go) gives the report accounts gives on the files: every
// table row for row (numbers to 1e-9 relative), the meta but source and
// pushed_down, the warnings with the files' names read as the tables',
// for the default tables, --patterns by segment, --lookalike, --phases
// and the ABM tables of the accounts' target column with costs. Each
// option set is a parallel subtest.
func TestAccountsDBEqualsFiles(t *testing.T) {
	t.Parallel()
	dir, url := streamedDBFixture(t)
	four := []string{"leads", "touches", "opportunities", "accounts"}
	runStreamedCases(t, dir, url, []streamedCase{
		{cmd: "accounts", tables: []string{"leads", "touches"}},
		{cmd: "accounts", tables: four, args: []string{"--patterns", "--outcome", "opportunity", "--by", "industry", "--min-accounts", "3"}},
		{cmd: "accounts", tables: four, args: []string{"--lookalike", "--lookalike-from", "won", "--window", "60d"}},
		{cmd: "accounts", tables: []string{"leads", "touches", "accounts"}, args: []string{"--phases", "--min-people", "2", "--min-touches", "2"}},
		{cmd: "accounts", tables: append(four, "costs"), args: []string{"--min-target-share", "40%"}},
	})
}

// compareStreamedReports compares two JSON reports of a command run on
// the files of dir and on their tables crm.NAME: the tables row for row
// (numbers to 1e-9 relative), the meta but source and pushed_down, and
// the warnings with the files' names read as the tables'.
func compareStreamedReports(t *testing.T, name, dir, files, db string) {
	t.Helper()
	for _, k := range []string{"leads", "touches", "stages", "opportunities", "accounts", "costs", "content"} {
		files = strings.ReplaceAll(files, filepath.Join(dir, k+".csv"), "crm."+k)
	}
	files = strings.ReplaceAll(files, filepath.Join(dir, "webinar_attendees.csv"), "crm.attendees")
	a, b := decodeReports(t, files, db)
	for _, k := range []string{"source", "pushed_down"} {
		if _, ok := b.Meta[k]; !ok {
			t.Errorf("%s: no meta %s from the database", name, k)
		}
		delete(a.Meta, k)
		delete(b.Meta, k)
	}
	if !sameJSON(a.Meta, b.Meta) {
		t.Errorf("%s: meta differs:\nfiles    %v\ndatabase %v", name, a.Meta, b.Meta)
	}
	if len(a.Tables) == 0 || len(a.Tables) != len(b.Tables) {
		t.Errorf("%s: tables %d from the files, %d from the database", name, len(a.Tables), len(b.Tables))
	}
	compareTables(t, name, a, b, nil)
	if !sameJSON(toAny(a.Warnings), toAny(b.Warnings)) {
		t.Errorf("%s: warnings differ:\nfiles    %q\ndatabase %q", name, a.Warnings, b.Warnings)
	}
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}

// TestAccountsDBErrors: on tables streamed for accounts --db, an empty
// touches table, a touch time stored as text that does not read as a
// date (read as a file's: the row named), a lead_id given twice and a table that does not exist are
// one-line errors naming the table (the row and column where there is
// one), exit 1, nothing on stdout; a column named with a quote and a
// semicolon is read as a column (quoted, not executed).
func TestAccountsDBErrors(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	pgtest.Exec(t, url, `CREATE SCHEMA crm;
CREATE TABLE crm.empty (lead_id text, account_id text, occurred_at timestamptz, activity_type text);
CREATE TABLE crm.badtime (lead_id text, account_id text, occurred_at text, activity_type text);
INSERT INTO crm.badtime VALUES ('L1', 'A1', '2026-01-01 10:00', 'web_visit'), ('L2', 'A1', 'soon', 'web_visit');
CREATE TABLE crm.leads (lead_id text, account_id text);
INSERT INTO crm.leads VALUES ('L1', 'A1'), ('L2', 'A1'), ('L1', 'A2');
CREATE TABLE crm.touches (lead_id text, account_id text, occurred_at timestamptz, activity_type text, "x""; DROP TABLE crm.leads; --" text);
INSERT INTO crm.touches VALUES ('L1', 'A1', '2026-01-01 10:00Z', 'web_visit', 'a'), ('L2', 'A1', '2026-01-02 10:00Z', 'demo_request', 'b')`)
	for _, tc := range []struct {
		tables []string
		want   string
	}{
		{[]string{"touches=crm.empty"}, "crm.empty:1: no data rows: the table has no rows"},
		{[]string{"touches=crm.badtime"}, `crm.badtime:3: column "occurred_at": cannot parse "soon" as a date`},
		{[]string{"touches=crm.touches", "leads=crm.leads"}, `crm.leads:4`},
		{[]string{"touches=crm.nope"}, "crm.nope: database: no such table or view"},
	} {
		args := []string{"--db", url}
		for _, tb := range tc.tables {
			args = append(args, "--db-table", tb)
		}
		out, stderr, code := runCommand(t, &globalOptions{Format: "json"}, newAccountsCmd, nil, args...)
		if code != ExitFailure || out != "" || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1 and %q", tc.tables, code, out, stderr, tc.want)
		}
	}
	out, stderr, code := runCommand(t, &globalOptions{Format: "json"}, newAccountsCmd, nil, "--db", url, "--db-table", "touches=crm.touches")
	if code != ExitOK || !strings.Contains(out, `"accounts": [`) {
		t.Errorf("hostile column: exit %d, stderr %q, stdout %.300q", code, stderr, out)
	}
	pgtest.Exec(t, url, "SELECT 1 FROM crm.leads") // still there
}

// TestAttributeDBCosts: attribute --db with a costs table (streamed and
// read as a file is, joined by what the journeys credit) gives the
// report the files give with --costs: the event log by channel, B2B
// journeys by campaign, and time_decay, w_shaped and markov with their cost columns.
func TestAttributeDBCosts(t *testing.T) {
	t.Parallel()
	dir, url := streamedDBFixture(t)
	runStreamedCases(t, dir, url, []streamedCase{
		{cmd: "attribute", tables: []string{"touches", "costs"}, args: []string{"--models", "first_touch,linear_touch,time_decay,markov"}},
		{cmd: "attribute", tables: []string{"touches", "opportunities", "leads", "costs"}, args: []string{"--by", "campaign", "--models", "last_touch,w_shaped,markov"}},
	})
}

// TestDBDuplicateOpportunity: the opportunities a database run reads in
// Go (attribute's B2B ends, size's outcomes) go through the file reader's
// checks: an opportunity id on two different rows is the file's error
// (naming the table and row), an identical repeat is dropped with the
// file's warning, and the results equal the files'.
func TestDBDuplicateOpportunity(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	dir := t.TempDir()
	files := map[string]string{
		"touches.csv":  "lead_id,account_id,occurred_at,channel\nL1,A1,2026-01-01 10:00:00,email\nL2,A2,2026-01-02 10:00:00,web\nL3,A3,2026-01-03 10:00:00,email\n",
		"accounts.csv": "account_id,industry\nA1,Tech\nA2,Retail\nA3,Tech\n",
		"twice.csv":    "opportunity_id,account_id,created_at,closed_at,amount,won\nO1,A1,2026-01-05 00:00:00,2026-02-01 00:00:00,100,1\nO2,A2,2026-01-06 00:00:00,2026-02-02 00:00:00,50,0\nO1,A3,2026-01-07 00:00:00,2026-02-03 00:00:00,70,1\n",
		"repeat.csv":   "opportunity_id,account_id,created_at,closed_at,amount,won\nO1,A1,2026-01-05 00:00:00,2026-02-01 00:00:00,100,1\nO2,A2,2026-01-06 00:00:00,2026-02-02 00:00:00,50,0\nO1,A1,2026-01-05 00:00:00,2026-02-01 00:00:00,100,1\nO3,A3,2026-01-07 00:00:00,2026-02-03 00:00:00,70,1\n",
	}
	types := map[string]string{"occurred_at": "timestamptz", "created_at": "timestamp", "closed_at": "timestamp", "amount": "numeric", "won": "integer"}
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		pgtest.LoadCSV(t, url, "crm."+strings.TrimSuffix(name, ".csv"), path, types)
	}
	for _, tc := range []struct {
		opps string
		cmd  string
		code ExitCode
	}{
		{"twice", "attribute", ExitFailure},
		{"repeat", "attribute", ExitOK},
		{"twice", "size", ExitFailure},
		{"repeat", "size", ExitOK},
	} {
		fileArgs := []string{"--touches", filepath.Join(dir, "touches.csv"), "--opportunities", filepath.Join(dir, tc.opps+".csv")}
		dbArgs := []string{"--db", url, "--db-table", "touches=crm.touches", "--db-table", "opportunities=crm." + tc.opps}
		newCmd, extra := newAttributeCmd, []string{"--models", "first_touch,linear_touch"}
		run := func(args []string) (string, string, ExitCode) {
			g := &globalOptions{Format: "json"}
			if tc.cmd == "size" {
				return runCommand(t, g, newSizeCmd, nil, args...)
			}
			return runCommand(t, g, newCmd, nil, append(args, extra...)...)
		}
		if tc.cmd == "size" {
			fileArgs = []string{"--accounts", filepath.Join(dir, "accounts.csv"), "--opportunities", filepath.Join(dir, tc.opps+".csv"), "--by", "industry", "--price", "10"}
			dbArgs = []string{"--db", url, "--db-table", "accounts=crm.accounts", "--db-table", "opportunities=crm." + tc.opps, "--by", "industry", "--price", "10"}
		}
		fout, ferr, fcode := run(fileArgs)
		dout, derr, dcode := run(dbArgs)
		name := tc.cmd + " " + tc.opps
		if fcode != tc.code || dcode != tc.code {
			t.Fatalf("%s: exit %d from the files (%s), %d from the database (%s); want %d", name, fcode, ferr, dcode, derr, tc.code)
		}
		fromFile := strings.ReplaceAll(ferr, filepath.Join(dir, tc.opps+".csv"), "crm."+tc.opps)
		if tc.code != ExitOK {
			t.Logf("%s: %s", name, strings.TrimSpace(derr))
			if fromFile != derr || !strings.Contains(derr, "crm."+tc.opps+":4") {
				t.Errorf("%s: stderr from the files %q, from the database %q", name, fromFile, derr)
			}
			continue
		}
		for _, k := range []string{"touches", "accounts", tc.opps} {
			fout = strings.ReplaceAll(fout, filepath.Join(dir, k+".csv"), "crm."+k)
		}
		a, b := decodeReports(t, fout, dout)
		compareTables(t, name, a, b, nil)
		if !slices.Contains(b.Warnings, a.Warnings[0]) || !strings.Contains(a.Warnings[0], "crm."+tc.opps) {
			t.Errorf("%s: warnings from the files %q, from the database %q", name, a.Warnings, b.Warnings)
		}
	}
}

// TestDBRowOptionsEqualFiles: the options a push-down cannot serve (they
// need the rows) stream the tables instead, and give the files' report:
// velocity --by and --detail, fit --cv (and its model file) and size's
// --split-values with --by. Each is a parallel subtest.
func TestDBRowOptionsEqualFiles(t *testing.T) {
	t.Parallel()
	dir, url := streamedDBFixture(t)
	split := func() *globalOptions { return &globalOptions{Format: "json", SplitValues: ";"} } // --split-values with --by
	for _, c := range []streamedCase{
		{cmd: "velocity", tables: []string{"stages", "leads"}, args: []string{"--by", "region", "--from", "2026-01"}},
		{cmd: "velocity", tables: []string{"stages"}, args: []string{"--detail", "--from", "2026-06"}},
		{cmd: "fit", tables: []string{"leads", "touches"}, args: []string{"--target", "won_at", "--features", "industry", "--cv", "4"}},
		{cmd: "size", tables: []string{"accounts", "leads", "opportunities"}, args: []string{"--by", "industry", "--price", "40"}, g: split},
	} {
		t.Run(c.cmd+" "+strings.Join(c.args, " "), func(t *testing.T) {
			t.Parallel()
			if db := equalOnDB(t, c, dir, url); !strings.Contains(db, `"pushed_down": "nothing (--`) || !strings.Contains(db, `needs the`) {
				t.Errorf("%s: the meta does not say the tables were streamed:\n%.800s", c.cmd, db)
			}
		})
	}
}

// TestStreamedCommandsEqualFiles: the commands whose analyses are not
// pushed down (signals, webinar, content, nurture, speed, test) read
// their tables from a database, streamed, and give the files' report
// (the files they read beside their inputs stay files). Each is a
// parallel subtest.
func TestStreamedCommandsEqualFiles(t *testing.T) {
	t.Parallel()
	dir, url := streamedDBFixture(t)
	runStreamedCases(t, dir, url, []streamedCase{
		{cmd: "signals", tables: []string{"touches", "leads", "accounts", "opportunities", "stages"}, args: []string{"--web", beside(dir, "web_visits.csv")}},
		{cmd: "webinar", tables: []string{"attendees", "leads"}, args: []string{"--agenda", beside(dir, "agenda.csv")}},
		{cmd: "content", tables: []string{"touches", "content", "stages", "leads"}},
		{cmd: "nurture", tables: []string{"touches", "leads", "stages"}, args: []string{"--enrollments", beside(dir, "nurture.csv")}},
		{cmd: "speed", tables: []string{"touches", "stages", "leads"}, args: []string{"--sales", beside(dir, "sales_activities.csv")}},
		{cmd: "test", tables: []string{"leads", "stages"}, args: []string{"--assignments", beside(dir, "experiment.csv"), "--group", "group", "--target-stage", "sql"}},
	})
}

// streamedCase is a command run on the files of the streamed fixture's
// folder and on its tables: the inputs read, the other arguments, and the
// global options (nil: JSON).
type streamedCase struct {
	cmd    string
	tables []string // inputs: --NAME FILE from the files, --db-table NAME=crm.NAME from the database
	args   []string
	g      func() *globalOptions
}

// equalOnDB runs c on the files of dir and on the tables at url and
// compares the reports (compareStreamedReports); both must exit 0 (or 3,
// an alert, both). It returns the database's report.
func equalOnDB(t *testing.T, c streamedCase, dir, url string) string {
	t.Helper()
	fileArgs, dbArgs := append([]string(nil), c.args...), append([]string{"--db", url}, c.args...)
	for _, k := range c.tables {
		file := k + ".csv"
		if k == "attendees" {
			file = "webinar_attendees.csv"
		}
		fileArgs = append(fileArgs, "--"+k, filepath.Join(dir, file))
		dbArgs = append(dbArgs, "--db-table", k+"=crm."+k)
	}
	name := c.cmd + " " + strings.Join(c.tables, ",") + " " + strings.Join(c.args, " ")
	files, fcode := runNamed(t, c, fileArgs)
	db, dcode := runNamed(t, c, dbArgs)
	if fcode != dcode {
		t.Fatalf("%s: exit %d from the files, %d from the database", name, fcode, dcode)
	}
	compareStreamedReports(t, name, dir, files, db)
	return db
}

// runNamed runs funnel command c.cmd with args, failing t on an exit
// other than 0 or 3 (an alert); it returns stdout and the exit code.
func runNamed(t *testing.T, c streamedCase, args []string) (string, ExitCode) {
	t.Helper()
	g := &globalOptions{Format: "json"}
	if c.g != nil {
		g = c.g()
	}
	out, stderr, code := runByName(t, c.cmd, g, args...)
	if code != ExitOK && code != ExitAlert {
		t.Fatalf("%s %v: exit %d: %s", c.cmd, args, code, stderr)
	}
	return out, code
}

// runByName runs funnel command name with args (runCommand): stdout,
// stderr and the exit code.
func runByName(t *testing.T, name string, g *globalOptions, args ...string) (string, string, ExitCode) {
	t.Helper()
	switch name {
	case "accounts":
		return runCommand(t, g, newAccountsCmd, nil, args...)
	case "attribute":
		return runCommand(t, g, newAttributeCmd, nil, args...)
	case "report":
		return runCommand(t, g, newReportCmd, nil, args...)
	case "velocity":
		return runCommand(t, g, newVelocityCmd, nil, args...)
	case "fit":
		return runCommand(t, g, newFitCmd, nil, args...)
	case "size":
		return runCommand(t, g, newSizeCmd, nil, args...)
	case "score":
		return runCommand(t, g, newScoreCmd, nil, args...)
	case "signals":
		return runCommand(t, g, newSignalsCmd, nil, args...)
	case "webinar":
		return runCommand(t, g, newWebinarCmd, nil, args...)
	case "content":
		return runCommand(t, g, newContentCmd, nil, args...)
	case "nurture":
		return runCommand(t, g, newNurtureCmd, nil, args...)
	case "speed":
		return runCommand(t, g, newSpeedCmd, nil, args...)
	case "test":
		return runCommand(t, g, newTestCmd, nil, args...)
	}
	t.Fatalf("runByName: no command %q", name)
	return "", "", 0
}

// runStreamedCases runs each case as a parallel subtest of t (equalOnDB).
func runStreamedCases(t *testing.T, dir, url string, cases []streamedCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.cmd+" "+strings.Join(c.tables, ",")+" "+strings.Join(c.args, " "), func(t *testing.T) {
			t.Parallel()
			equalOnDB(t, c, dir, url)
		})
	}
}

// TestScoreDBEqualsFiles: score --db (the leads and touches streamed,
// the touches counted per lead as they come) scores every lead as the
// files do, with --decay and with --recycle-penalty (the stages too).
func TestScoreDBEqualsFiles(t *testing.T) {
	t.Parallel()
	dir, url := streamedDBFixture(t)
	model := filepath.Join(t.TempDir(), "model.json")
	if _, stderr, code := runCommand(t, &globalOptions{Format: "json"}, newFitCmd, nil, "--leads", beside(dir, "leads.csv"), "--touches", beside(dir, "touches.csv"),
		"--target", "won_at", "--features", "industry", "--model", model); code != ExitOK {
		t.Fatalf("fit: exit %d: %s", code, stderr)
	}
	for _, extra := range [][]string{nil, {"--decay", "90d"}, {"--recycle-penalty", "10"}} {
		name := "score " + strings.Join(extra, " ")
		fileArgs := append([]string{"--model", model, "--leads", beside(dir, "leads.csv"), "--touches", beside(dir, "touches.csv")}, extra...)
		dbArgs := append([]string{"--model", model, "--db", url, "--db-table", "leads=crm.leads", "--db-table", "touches=crm.touches"}, extra...)
		if len(extra) > 0 && extra[0] == "--recycle-penalty" {
			fileArgs = append(fileArgs, "--stages", beside(dir, "stages.csv"))
			dbArgs = append(dbArgs, "--db-table", "stages=crm.stages")
		}
		files, stderr, code := runCommand(t, &globalOptions{Format: "json"}, newScoreCmd, nil, fileArgs...)
		if code != ExitOK {
			t.Fatalf("%s: files: exit %d: %s", name, code, stderr)
		}
		db, stderr, code := runCommand(t, &globalOptions{Format: "json"}, newScoreCmd, nil, dbArgs...)
		if code != ExitOK {
			t.Fatalf("%s: database: exit %d: %s", name, code, stderr)
		}
		files = strings.ReplaceAll(files, model, "MODEL")
		compareStreamedReports(t, name, dir, files, strings.ReplaceAll(db, model, "MODEL"))
	}
}

func beside(dir, name string) string { return filepath.Join(dir, name) }

// TestDBEmptyTable: a table without rows is the error of an export
// without rows, naming the table (exit 1), for the commands that push
// down (attribute, velocity, fit, size) as for those that stream
// (accounts): not a NULL aggregate read, nor a table of zeros.
func TestDBEmptyTable(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	pgtest.Exec(t, url, `CREATE TABLE et (lead_id text, account_id text, occurred_at timestamptz, channel text, converted boolean, value float8);
CREATE TABLE es (entity_id text, stage text, entered_at timestamptz);
CREATE TABLE el (lead_id text, created_at timestamptz, won_at timestamptz);
CREATE TABLE ea (account_id text, industry text)`)
	for _, tc := range []struct {
		cmd, table string
		args       []string
	}{
		{"attribute", "et", []string{"--db-table", "touches=et"}},
		{"velocity", "es", []string{"--db-table", "stages=es"}},
		{"fit", "el", []string{"--db-table", "leads=el", "--target", "won_at"}},
		{"size", "ea", []string{"--db-table", "accounts=ea", "--price", "1"}},
		{"accounts", "et", []string{"--db-table", "touches=et"}},
	} {
		out, stderr, code := runByName(t, tc.cmd, &globalOptions{Format: "json"}, append([]string{"--db", url}, tc.args...)...)
		if want := "error: " + tc.table + ":1: no data rows: the table has no rows\n"; code != ExitFailure || out != "" || stderr != want {
			t.Errorf("%s on the empty %s: exit %d, stdout %q, stderr %q; want exit 1 and %q", tc.cmd, tc.table, code, out, stderr, want)
		}
	}
}

// TestDBZonelessTZ: with --tz, a time column stored without a zone is
// read as UTC wall time by the SQL of a push-down, where a file's is read
// in the zone: attribute, velocity, fit and size refuse it (exit 2,
// naming the table and column); a streamed command reads its wall time
// in the zone as from a file, and equals the files' report.
func TestDBZonelessTZ(t *testing.T) {
	t.Parallel()
	dir, url := streamedDBFixture(t) // its times are timestamps without a zone, but the touches' (timestamptz)
	berlin := func() *globalOptions { return &globalOptions{Format: "json", TZ: "Europe/Berlin"} }
	for _, c := range []streamedCase{
		{cmd: "attribute", tables: []string{"touches", "opportunities", "leads"}},
		{cmd: "velocity", tables: []string{"stages"}},
		{cmd: "fit", tables: []string{"leads", "touches"}, args: []string{"--target", "won_at"}},
		{cmd: "size", tables: []string{"accounts", "leads"}, args: []string{"--price", "1", "--filter", "employees > 5"}},
	} {
		args := append([]string{"--db", url}, c.args...)
		for _, k := range c.tables {
			args = append(args, "--db-table", k+"=crm."+k)
		}
		_, stderr, code := runByName(t, c.cmd, berlin(), args...)
		if code != ExitUsage || !strings.Contains(stderr, "--tz Europe/Berlin: crm.") || !strings.Contains(stderr, "is a timestamp without time zone, which the database reads as UTC") {
			t.Errorf("%s --tz: exit %d, stderr %q; want the usage error", c.cmd, code, stderr)
		}
	}
	// velocity --by streams the stages and leads (times without a zone
	// both): their wall times read in Berlin, as the files'.
	equalOnDB(t, streamedCase{cmd: "velocity", tables: []string{"stages", "leads"}, args: []string{"--by", "region", "--from", "2026-01"}, g: berlin}, dir, url)
}
