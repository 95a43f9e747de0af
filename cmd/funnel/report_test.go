package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/funnel/config"
)

// copyMonth copies testdata/report/month into dir/sub with the given
// names (old name -> new name).
func copyMonth(t *testing.T, dir string, names map[string]string) {
	t.Helper()
	for from, to := range names {
		data, err := os.ReadFile(filepath.Join("testdata", "report", "month", from))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, to)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReportCron runs the report as cron would: settings and the output
// path from the config, --month last, twice. The workbook lands at the
// config's output pattern (its folder made on the first run), the two runs
// give the same bytes, and the inputs are untouched.
func TestReportCron(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyMonth(t, dir, map[string]string{"leads.csv": "exports/leads.csv", "touches.csv": "exports/touches.csv",
		"opportunities.csv": "exports/opportunities.csv", "stages.csv": "exports/stages.csv"})
	cfg := filepath.Join(dir, "funnel.yaml")
	if err := os.WriteFile(cfg, []byte("data: exports\nstages: [mql, sql]\nreport:\n  output: reports/funnel-{month}.xlsx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "exports", "touches.csv"))
	var books [][]byte
	for i := range 2 {
		_, stderr, code := run(t, "", "report", "--config", cfg, "--month", "last")
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		// The first run makes the folder, and says so; the second finds it.
		if made := "created folder " + filepath.Join(dir, "reports") + "\n"; strings.Contains(stderr, made) != (i == 0) {
			t.Errorf("run %d: stderr %q; want %q only on the first run", i+1, stderr, made)
		}
		// The latest timestamp is 2026-10-20, so the last complete month is September.
		out := filepath.Join(dir, "reports", "funnel-2026-09.xlsx")
		if !strings.Contains(stderr, "wrote "+out) {
			t.Errorf("stderr %q, want the path written", stderr)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		books = append(books, data)
	}
	if !bytes.Equal(books[0], books[1]) {
		t.Error("two runs on the same inputs wrote different workbooks")
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "exports", "touches.csv")); !bytes.Equal(before, after) {
		t.Error("an input changed")
	}
	// --quiet: no "wrote" line and no warnings.
	_, stderr, code := run(t, "", "report", "--config", cfg, "--month", "last", "-q")
	if code != ExitOK || stderr != "" {
		t.Errorf("-q: exit %d, stderr %q; want 0 and nothing", code, stderr)
	}
}

// TestReportMonthInputs: {month} in the config's inputs is the report's
// month; with --month last, the newest month whose files all exist.
func TestReportMonthInputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyMonth(t, dir, map[string]string{"leads.csv": "crm/2026-10/leads.csv", "stages.csv": "crm/2026-10/stages.csv"})
	// A newer month with only one of the two files: not complete, not chosen.
	copyMonth(t, dir, map[string]string{"leads.csv": "crm/2026-11/leads.csv"})
	cfg := filepath.Join(dir, "funnel.yaml")
	if err := os.WriteFile(cfg, []byte("inputs:\n  leads: crm/{month}/leads.csv\n  stages: crm/{month}/stages.csv\nstages: [mql, sql]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := run(t, "", "report", "--config", cfg, "--month", "last", "--format", "csv")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// The 2026-10 export runs to 2026-10-15 (L5 created): September is
	// its latest complete month. entered_mql: 3 in September (L1, L2, L3),
	// none in August.
	if !strings.Contains(out, "entered_mql,3,0,") {
		t.Errorf("key figures:\n%s", out)
	}
	_, stderr, code = run(t, "", "report", "--config", cfg, "--month", "2026-11")
	if code != ExitFailure || !strings.Contains(stderr, "crm/2026-11/stages.csv") {
		t.Errorf("--month 2026-11: exit %d, %q; want 1 naming the missing stages file", code, stderr)
	}
}

// TestConfigCheckBadInput: config check exits 1 and names the bad file.
func TestConfigCheckBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyMonth(t, dir, map[string]string{"leads.csv": "exports/leads.csv"})
	if err := os.WriteFile(filepath.Join(dir, "exports", "touches.csv"), []byte("lead_id,occurred_at\nL1,yesterday-ish\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "funnel.yaml")
	if err := os.WriteFile(cfg, []byte("data: exports\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := run(t, "", "config", "check", "--config", cfg, "--format", "csv", "--table", "problems")
	if code != ExitFailure || !strings.Contains(stderr, "error(s) in "+filepath.Join(dir, "exports", "touches.csv")) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(out, "yesterday-ish") {
		t.Errorf("problems table does not name the bad value:\n%s", out)
	}
}

// TestReportConfigModel: a model file named in the config is read as
// --model is, and an error says where its path came from.
func TestReportConfigModel(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "funnel.yaml")
	if err := os.WriteFile(cfg, []byte("scoring:\n  model: models/nope.json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := run(t, "", "report", "--config", cfg, "--month", "2026-10", "--data", filepath.Join("testdata", "report", "month"))
	want := "error: config scoring.model " + filepath.Join(dir, "models", "nope.json") + ": no such file or directory\n"
	if code != ExitFailure || stderr != want {
		t.Errorf("exit %d, stderr %q; want 1, %q", code, stderr, want)
	}
}

// parseReportSettings reads doc as the config conf/funnel.yaml and gives
// the report's settings with the flags of o (default global flags).
func parseReportSettings(t *testing.T, doc string, o *reportOptions) (reportSettings, error) {
	t.Helper()
	cfg, err := config.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Path = filepath.Join("conf", "funnel.yaml")
	o.g = &globalOptions{}
	return newReportSettings(cfg, o)
}

func TestReportSettingsStartFromTheCommandsDefaults(t *testing.T) {
	t.Parallel()
	// A config that sets nothing gives the report the options the
	// commands' flags give when none is set (the Shapley guard included:
	// the report once ran Shapley without it).
	cfg, err := config.Parse([]byte("scoring: {target: won_at}\n"))
	if err != nil {
		t.Fatal(err)
	}
	g := &globalOptions{}
	set, err := newReportSettings(cfg, &reportOptions{g: g})
	if err != nil {
		t.Fatal(err)
	}
	ro := set.opts
	ao, vo, fo := newAttributeOptions(g), newVelocityOptions(g), newFitOptions(g)
	fo.Target = "won_at"
	for _, o := range []interface{ parse() error }{ao, vo, fo} {
		if err := o.parse(); err != nil {
			t.Fatal(err)
		}
	}
	if ro.Attribution.Shapley.MinJourneys != attribution.DefaultShapleyMinJourneys || !reflect.DeepEqual(ro.Attribution, ao.cfg) {
		t.Errorf("attribution %+v, want attribute's defaults %+v", ro.Attribution, ao.cfg)
	}
	if !reflect.DeepEqual(ro.Velocity, vo.opts) {
		t.Errorf("velocity %+v, want velocity's defaults %+v", ro.Velocity, vo.opts)
	}
	if ro.Fit == nil || !reflect.DeepEqual(*ro.Fit, fo.cfg) {
		t.Errorf("fit %+v, want fit's defaults %+v", ro.Fit, fo.cfg)
	}
}

// TestReportRunWritesNoSharedOptions: the report goes to the config's
// report.output for the month, and the run leaves the global options as
// the flags made them (it once set -o there, and the month of the inputs).
func TestReportRunWritesNoSharedOptions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data, err := filepath.Abs(testdata("report", "month"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := writeFile(t, dir, "funnel.yaml", "data: "+data+"\nstages: [mql, sql]\nreport:\n  output: out/report-{month}.md\n")
	g := &globalOptions{ConfigPath: cfg}
	before := *g
	out, stderr, err := runParsed(t, g, newReportCmd, reportRun, "--month", "last")
	if err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	// The latest timestamp is 2026-10-20: the last complete month is September.
	written := filepath.Join(dir, "out", "report-2026-09.md")
	if out != "" || !strings.Contains(stderr, "wrote "+written+" (2026-09)") {
		t.Errorf("stdout %q, stderr %q; want the report written to %s", out, stderr, written)
	}
	if md, err := os.ReadFile(written); err != nil || !strings.Contains(string(md), "entered_mql") {
		t.Errorf("report file: %v\n%s", err, md)
	}
	after := *g
	after.io, after.cfg, after.cfgErr, after.cfgRead = nil, nil, nil, false // the streams, and the config read once
	after.read = nil                                                        // what it read, for Main's warnings on a failure
	if !reflect.DeepEqual(before, after) {
		t.Errorf("the run changed the global options:\n%+v\nwant\n%+v", after, before)
	}
}
