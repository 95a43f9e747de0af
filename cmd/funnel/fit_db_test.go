package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel/sample"
	"github.com/funnel-analytics/funnel/internal/pgtest"
)

// fitDBFixture returns the sample's leads (1,500 leads over 12 months)
// and touches with every seventh lead's employees blank, every eleventh
// lead's industry blank and edge touches added (fitDBFiles: made once per
// test binary, only to be read), and the URL of a new database holding
// them as crm.lead, marketing.activities and crm.lead_history (the
// sample's stages; times as timestamps, employees a number, won an
// integer; loaded once, copied for each test).
func fitDBFixture(t *testing.T) (leads, touches, url string) {
	t.Helper()
	dir, _ := sharedSet(t, "fit --db fixture", func(dir string) (*sample.Truth, error) {
		fitDBFiles(t, dir)
		return nil, nil
	})
	leads, touches = filepath.Join(dir, "leads.csv"), filepath.Join(dir, "touches.csv")
	url = pgtest.Fixture(t, "fit --db", func(t testing.TB, url string) {
		ts := "timestamp"
		pgtest.LoadCSV(t, url, "crm.lead", leads, map[string]string{"created_at": ts, "mql_at": ts, "sql_at": ts, "won_at": ts, "employees": "double precision", "won": "integer"})
		pgtest.LoadCSV(t, url, "marketing.activities", touches, map[string]string{"occurred_at": ts, "converted": "integer", "value": "double precision"})
		pgtest.LoadCSV(t, url, "crm.lead_history", filepath.Join(dir, "stages.csv"), map[string]string{"entered_at": ts})
	})
	return leads, touches, url
}

// fitDBFiles writes leads.csv and touches.csv of fitDBFixture into dir:
// the sample's (1,500 leads, 12 months) with every seventh lead's
// employees blank and every eleventh lead's industry blank, and touches
// at the edges of the rules added.
func fitDBFiles(t *testing.T, dir string) {
	t.Helper()
	smp := smallSample(t, 1500, 12)
	in, err := os.Open(filepath.Join(smp, "leads.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(in).ReadAll()
	in.Close()
	if err != nil {
		t.Fatal(err)
	}
	emp, ind := slices.Index(rows[0], "employees"), slices.Index(rows[0], "industry")
	if emp < 0 || ind < 0 {
		t.Fatalf("leads.csv has no employees or industry: %v", rows[0])
	}
	for i := 1; i < len(rows); i++ {
		if i%7 == 0 {
			rows[i][emp] = ""
		}
		if i%11 == 0 {
			rows[i][ind] = ""
		}
	}
	out, err := os.Create(filepath.Join(dir, "leads.csv"))
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(out)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	// Touches at the edges of the rules: at a won lead's conversion
	// (not counted), exactly --window 90d before it (counted) and a
	// second earlier (not), of a lead not in the leads, without a type,
	// without a time.
	var won []string
	wonAt := slices.Index(rows[0], "won_at")
	for _, r := range rows[1:] {
		if r[wonAt] != "" {
			won = r
			break
		}
	}
	at, err := time.Parse(time.DateTime, won[wonAt])
	if err != nil {
		t.Fatal(err)
	}
	edge := func(d time.Duration) string { return at.Add(-d).Format(time.DateTime) }
	extra := strings.Join([]string{
		won[0] + ",," + edge(0) + ",demo_request,direct,,0,",
		won[0] + ",," + edge(90*24*time.Hour) + ",demo_request,direct,,0,",
		won[0] + ",," + edge(90*24*time.Hour+time.Second) + ",pricing_page_view,direct,,0,",
		"L9999999,," + edge(time.Hour) + ",demo_request,direct,,0,",
		won[0] + ",," + edge(time.Hour) + ",,direct,,0,",
		won[0] + ",,,demo_request,direct,,0,",
	}, "\n") + "\n"
	data, err := os.ReadFile(filepath.Join(smp, "touches.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "touches.csv"), append(data, extra...), 0o644); err != nil {
		t.Fatal(err)
	}
	// The stage history as the sample writes it, with a row whose stage
	// is spelled with other case and spaces (the target all the same) for
	// a lead that never reached sql, a day after its creation.
	stages, err := os.ReadFile(filepath.Join(smp, "stages.csv"))
	if err != nil {
		t.Fatal(err)
	}
	sqlAt, created := slices.Index(rows[0], "sql_at"), slices.Index(rows[0], "created_at")
	for _, r := range rows[1:] {
		if r[sqlAt] == "" && r[created] != "" {
			at, err := time.Parse(time.DateTime, r[created])
			if err != nil {
				t.Fatal(err)
			}
			stages = append(stages, r[0]+", SQL ,"+at.Add(24*time.Hour).Format(time.DateTime)+"\n"...)
			break
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "stages.csv"), stages, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestFitDBEqualsFiles: the sample's leads (with blank employees and
// industries) and touches, through --leads/--touches and through
// PostgreSQL (--db: touch counts, terms and groups in SQL, the
// regression on the groups), give the same report: coefficients, SEs,
// log-likelihood, AIC, every table and meta value (numbers to 1e-9
// relative), for plain counts of a timestamp target with cutoffs,
// --window, --transform binary and log1p, --features with a categorical
// and a numeric with blanks (dropped, and as a missing indicator), an
// --as-of, --activity-types, --min-level-count, --decay, and a 0/1
// target without a time; and the same model file but for its
// fingerprint (of the rows in their order). Each option set is a
// parallel subtest.
func TestFitDBEqualsFiles(t *testing.T) {
	t.Parallel()
	leads, touches, url := fitDBFixture(t)
	for _, tc := range []struct {
		asOf string
		args []string
	}{
		{"", []string{"--target", "won_at"}},
		{"", []string{"--target", "won_at", "--window", "90d"}},
		{"", []string{"--target", "won_at", "--transform", "binary"}},
		{"", []string{"--target", "won_at", "--features", "industry,employees"}},
		{"", []string{"--target", "won_at", "--features", "industry,employees", "--missing", "indicator", "--transform", "log1p", "--window", "120d"}},
		{"2026-06-01", []string{"--target", "sql_at", "--features", "industry,lead_source", "--min-level-count", "40"}},
		{"", []string{"--target", "won_at", "--activity-types", "demo_request,webinar_attended,pricing_page_view,no_such_type", "--window", "180d"}},
		{"2026-09-01", []string{"--target", "won_at", "--decay", "30d", "--features", "seniority"}},
		{"", []string{"--target", "won", "--features", "industry", "--missing", "zero"}},
		{"", []string{"--target-stage", "sql"}},
		{"2026-09-01", []string{"--target-stage", "Customer", "--window", "120d", "--features", "industry"}},
	} {
		args := tc.args
		name := tc.asOf + " " + strings.Join(args, " ")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			fileModel, dbModel := filepath.Join(dir, "f.json"), filepath.Join(dir, "d.json")
			fileArgs := []string{"--leads", leads, "--touches", touches, "--model", fileModel}
			dbArgs := []string{"--db", url, "--db-table", "leads=crm.lead", "--db-table", "touches=marketing.activities", "--model", dbModel}
			if slices.Contains(args, "--target-stage") {
				fileArgs = append(fileArgs, "--stages", filepath.Join(filepath.Dir(leads), "stages.csv"))
				dbArgs = append(dbArgs, "--db-table", "stages=crm.lead_history")
			}
			files, stderr, code := runCommand(t, &globalOptions{Format: "json", AsOf: tc.asOf}, newFitCmd, nil, append(fileArgs, args...)...)
			if code != ExitOK {
				t.Fatalf("%s: files: exit %d: %s", name, code, stderr)
			}
			db, stderr, dbCode := runCommand(t, &globalOptions{Format: "json", AsOf: tc.asOf}, newFitCmd, nil, append(dbArgs, args...)...)
			if dbCode != code {
				t.Fatalf("%s: database: exit %d: %s", name, dbCode, stderr)
			}
			// Warnings name the leads and stages by their file or table.
			files = strings.ReplaceAll(files, filepath.Join(filepath.Dir(leads), "stages.csv"), "crm.lead_history")
			compareFitReports(t, name, strings.ReplaceAll(files, leads, "crm.lead"), db)
			compareModels(t, name, fileModel, dbModel)
		})
	}
}

// tieSplit are the columns of the fit's tables that depend on how tied
// scores at a bin's edge are split, which is by the leads' row order in
// a file and by FitGroups' layout (groups interleaved, positives spread) from a database: they are
// compared by their totals.
var tieSplit = map[string][]string{"calibration": {"observed_rate"}, "lift": {"positives", "rate", "lift", "cumulative_gain", "cumulative_lift"}}

// compareFitReports compares two fit reports: meta (but source,
// pushed_down and model_file), warnings, and every table row for row,
// numbers to 1e-9 relative, the tieSplit columns by their totals
// (positives, and observed_rate weighted by count).
func compareFitReports(t *testing.T, name, files, db string) {
	t.Helper()
	a, b := decodeReports(t, files, db)
	for _, k := range []string{"source", "pushed_down", "model_file"} {
		delete(a.Meta, k)
		delete(b.Meta, k)
	}
	if !sameJSON(a.Meta, b.Meta) {
		t.Errorf("%s: meta differs:\nfiles    %v\ndatabase %v", name, a.Meta, b.Meta)
	}
	if !slices.Equal(a.Warnings, b.Warnings) {
		t.Errorf("%s: warnings differ:\nfiles    %q\ndatabase %q", name, a.Warnings, b.Warnings)
	}
	if len(a.Tables) != len(b.Tables) || a.Tables["coefficients"] == nil {
		t.Errorf("%s: tables %d from the files, %d from the database", name, len(a.Tables), len(b.Tables))
	}
	compareTables(t, name, a, b, tieSplit)
	for tn, ra := range a.Tables {
		rb := b.Tables[tn]
		if len(ra) != len(rb) {
			continue
		}
		var totals [2]float64
		for i := range ra {
			for j, r := range [2]map[string]any{ra[i], rb[i]} {
				switch tn {
				case "calibration":
					totals[j] += r["observed_rate"].(float64) * r["count"].(float64)
				case "lift":
					totals[j] += r["positives"].(float64)
				}
			}
		}
		if !sameValue(totals[0], totals[1]) {
			t.Errorf("%s: table %s: %v positives from the files, %v from the database", name, tn, totals[0], totals[1])
		}
	}
}

// compareModels compares two model files, numbers to 1e-9 relative, but
// for their data fingerprints (of the design rows in their order).
func compareModels(t *testing.T, name, files, db string) {
	t.Helper()
	var a, b map[string]any
	for path, m := range map[string]*map[string]any{files: &a, db: &b} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, m); err != nil {
			t.Fatal(err)
		}
		delete(*m, "data_fingerprint")
	}
	if !sameJSON(a, b) {
		t.Errorf("%s: model files differ:\nfiles    %v\ndatabase %v", name, a, b)
	}
}

// sameJSON compares decoded JSON values, numbers by sameValue.
func sameJSON(a, b any) bool {
	switch va := a.(type) {
	case map[string]any:
		vb, ok := b.(map[string]any)
		if !ok || len(va) != len(vb) {
			return false
		}
		for k := range va {
			if !sameJSON(va[k], vb[k]) {
				return false
			}
		}
		return true
	case []any:
		vb, ok := b.([]any)
		if !ok || len(va) != len(vb) {
			return false
		}
		for i := range va {
			if !sameJSON(va[i], vb[i]) {
				return false
			}
		}
		return true
	}
	return sameValue(a, b)
}

// TestFitDBErrors: a leads table that does not exist, a 0/1 target
// holding 2, a lead_id given twice (with touches), a text target without
// --positive, a feature the table lacks, a target stage no row of the
// history names (the names it holds listed) and a target stage without
// a stages table are one-line errors naming the table (and the column),
// exit 1 (2 for the missing stages table, a usage error), nothing on
// stdout, no model file.
func TestFitDBErrors(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	pgtest.Exec(t, url, `CREATE SCHEMA crm;
CREATE TABLE crm.lead (lead_id text, created_at timestamptz, won integer, stage text);
INSERT INTO crm.lead VALUES ('A', '2026-01-01', 0, 'mql'), ('B', '2026-01-02', 1, 'sql'), ('C', '2026-01-03', 2, 'sql'), ('A', '2026-01-04', 0, 'mql');
CREATE TABLE crm.touch (lead_id text, occurred_at timestamptz, activity_type text);
INSERT INTO crm.touch VALUES ('A', '2025-12-01', 'web_visit');
CREATE TABLE crm.hist (entity_id text, stage text, entered_at timestamptz);
INSERT INTO crm.hist VALUES ('B', 'sql', '2026-01-05'), ('B', 'mql', '2026-01-04'), ('B', 'mql', '2026-01-03');
CREATE TABLE crm.lead2 AS SELECT * FROM crm.lead WHERE won <> 2 AND created_at <> '2026-01-04'`)
	model := filepath.Join(t.TempDir(), "m.json")
	for _, tc := range []struct {
		tables   []string
		positive []string
		args     []string
		want     string
	}{
		{[]string{"leads=crm.nope"}, nil, []string{"--target", "won"}, `crm.nope: database: no such table or view`},
		{[]string{"leads=crm.lead"}, nil, []string{"--target", "won"}, `crm.lead, column "won": target value 2 is not 0 or 1`},
		{[]string{"leads=crm.lead", "touches=crm.touch"}, []string{"sql"}, []string{"--target", "stage"}, `lead_id "A" appears twice (or more) in crm.lead`},
		{[]string{"leads=crm.lead"}, nil, []string{"--target", "stage"}, `target column "stage" of crm.lead holds text; give --positive VALUE`},
		{[]string{"leads=crm.lead"}, nil, []string{"--target", "won", "--features", "industry"}, `crm.lead has no column "industry" for --features`},
		{[]string{"leads=crm.lead2", "stages=crm.hist"}, nil, []string{"--target-stage", "won"}, `no lead of crm.hist reached stage "won" (stages seen: mql, sql)`},
	} {
		args := []string{"--db", url, "--model", model}
		for _, tb := range tc.tables {
			args = append(args, "--db-table", tb)
		}
		out, stderr, code := runCommand(t, &globalOptions{Format: "json", Positive: tc.positive}, newFitCmd, nil, append(args, tc.args...)...)
		if code != ExitFailure || out != "" || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1 and %q", tc.args, code, out, stderr, tc.want)
		}
		if _, err := os.Stat(model); err == nil {
			t.Errorf("%v: the model file was written", tc.args)
		}
	}
	out, stderr, code := runCommand(t, &globalOptions{Format: "json"}, newFitCmd, nil, "--db", url, "--model", model, "--db-table", "leads=crm.lead2", "--target-stage", "won")
	if code != ExitUsage || out != "" || !strings.HasSuffix(stderr, ": name the stages table with --db-table stages=schema.table\n") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("--target-stage without stages: exit %d, stdout %q, stderr %q; want exit 2 and the stages table asked for", code, out, stderr)
	}
}

// TestFitDBHostileNames: a leads table and columns named with quotes,
// semicolons and a comment marker (bound by --col and --features) are
// quoted, not executed: the fit equals the file's, and the table is
// still there.
func TestFitDBHostileNames(t *testing.T) {
	t.Parallel()
	leads, touches, url := fitDBFixture(t)
	id, ind := `who"; DROP TABLE crm.lead; --`, `Industry; x`
	pgtest.Exec(t, url, `ALTER TABLE crm.lead RENAME COLUMN lead_id TO "who""; DROP TABLE crm.lead; --";
ALTER TABLE crm.lead RENAME COLUMN industry TO "Industry; x";
ALTER TABLE crm.lead RENAME TO "l""; DELETE FROM crm.lead; --"`)
	// The same names in the file's header.
	in, err := os.Open(leads)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(in).ReadAll()
	in.Close()
	if err != nil {
		t.Fatal(err)
	}
	rows[0][slices.Index(rows[0], "lead_id")], rows[0][slices.Index(rows[0], "industry")] = id, ind
	hostile := filepath.Join(t.TempDir(), "leads.csv")
	out, err := os.Create(hostile)
	if err != nil {
		t.Fatal(err)
	}
	if err := csv.NewWriter(out).WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	out.Close()
	args := []string{"--target", "won_at", "--features", ind, "--window", "90d"}
	g := func() *globalOptions { return &globalOptions{Format: "json", Cols: []string{"leads.lead_id=" + id}} }
	files, stderr, code := runCommand(t, g(), newFitCmd, nil, append([]string{"--leads", hostile, "--touches", touches}, args...)...)
	if code != ExitOK {
		t.Fatalf("files: %s", stderr)
	}
	db, stderr, code := runCommand(t, g(), newFitCmd, nil, append([]string{"--db", url, "--db-table", `leads=crm."l""; DELETE FROM crm.lead; --"`, "--db-table", "touches=marketing.activities"}, args...)...)
	if code != ExitOK {
		t.Fatalf("database: %s", stderr)
	}
	name, _ := json.Marshal(`crm."l""; DELETE FROM crm.lead; --"`)
	compareFitReports(t, "hostile names", strings.ReplaceAll(files, hostile, string(name[1:len(name)-1])), db)
	pgtest.Exec(t, url, `SELECT count(*) FROM crm."l""; DELETE FROM crm.lead; --"`)
}
