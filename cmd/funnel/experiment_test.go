package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/experiment"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/funnel/sample"
)

func TestTestFlags(t *testing.T) {
	t.Parallel()
	testFlags(t, newTestCmd, []flagCase[*testOptions]{
		{name: "defaults", args: []string{"--group", "group", "--target-stage", "sql"}, check: func(t *testing.T, o *testOptions) {
			c := o.opts
			if c.Group != "group" || c.TargetStage != "sql" || c.Target != "" || c.Unit != experiment.UnitLead || c.MDE != (experiment.MDE{Value: 0.10, Relative: true}) ||
				c.Power != 0.8 || c.Alpha != 0.05 || c.Control != "" || c.Date != "" {
				t.Errorf("defaults %+v", c)
			}
		}},
		{name: "set", args: []string{"--group", " Test Group ", "--target", "Converted", "--control", "Holdout", "--unit", "account",
			"--date", "Assigned", "--mde", "2pp", "--power", "0.9", "--alpha", "0.01"}, global: globalOptions{Positive: []string{"Yes"}},
			check: func(t *testing.T, o *testOptions) {
				c := o.opts
				if c.Group != "Test Group" || c.Target != "Converted" || c.Positive != "Yes" || c.Control != "Holdout" || c.Unit != experiment.UnitAccount ||
					c.Date != "Assigned" || c.MDE != (experiment.MDE{Value: 0.02}) || c.Power != 0.9 || c.Alpha != 0.01 {
					t.Errorf("set %+v", c)
				}
			}},
		{name: "absolute mde", args: []string{"--group", "g", "--target", "won", "--mde", "0.02"}, check: func(t *testing.T, o *testOptions) {
			if o.opts.MDE != (experiment.MDE{Value: 0.02}) {
				t.Errorf("mde %+v", o.opts.MDE)
			}
		}},
		{name: "no group", args: []string{"--target", "won"}, code: ExitUsage},
		{name: "no outcome", args: []string{"--group", "g"}, code: ExitUsage},
		{name: "two outcomes", args: []string{"--group", "g", "--target", "won", "--target-stage", "sql"}, code: ExitUsage},
		{name: "bare mde", args: []string{"--group", "g", "--target", "won", "--mde", "10"}, code: ExitUsage},
		{name: "power 1.2", args: []string{"--group", "g", "--target", "won", "--power", "1.2"}, code: ExitUsage},
		{name: "alpha 0", args: []string{"--group", "g", "--target", "won", "--alpha", "0"}, code: ExitUsage},
		{name: "unit", args: []string{"--group", "g", "--target", "won", "--unit", "team"}, code: ExitUsage},
	})
}

// TestTestRunSample runs `funnel test --data DIR --group group --target
// sql_at --mde 25%` on the default sample and checks it against
// truth.json's experiment (the counts per arm the planting wrote) and R
// for those counts (control 156 of 1542, treatment 198 of 1558):
// prop.test(c(198, 156), c(1558, 1542), correct = FALSE)$p.value =
// 0.0232894743729335; power.prop.test(p1 = 156/1542, p2 = 156/1542 *
// 1.25, power = .8)$n = 2473.93, so 2474 per arm; the smallest arm, 1542,
// is under it: peeking. The demo's planted_test row holds the planted
// uplift in the interval found.
func TestTestRunSample(t *testing.T) {
	t.Parallel()
	dir, truth := defaultSample(t)
	et := truth.Experiment
	if et.Arms["control"] != (sample.ExperimentArm{Units: 1542, Conversions: 156}) || et.Arms["treatment"] != (sample.ExperimentArm{Units: 1558, Conversions: 198}) {
		t.Fatalf("the sample's test changed: %+v; work the reference values out again", et.Arms)
	}
	rep := runJSON(t, &globalOptions{DataDir: dir}, newTestCmd, testRun, "--group", "group", "--target", "sql_at", "--mde", "25%")
	wantNumbers(t, "control", rep.row(t, "test_arms", "arm", "control"), map[string]float64{"units": 1542, "conversions": 156, "rate": 156.0 / 1542})
	wantNumbers(t, "treatment", rep.row(t, "test_arms", "arm", "treatment"), map[string]float64{"units": 1558, "conversions": 198, "rate": 198.0 / 1558})
	up := rep.row(t, "test_uplift", "arm", "treatment")
	wantNumbers(t, "uplift", up, map[string]float64{"uplift": 198.0/1558 - 156.0/1542, "ratio": (198.0 / 1558) / (156.0 / 1542), "p_value": 0.0232894743729335})
	if up["test"] != "z" || up["significant"] != true {
		t.Errorf("uplift row %v", up)
	}
	wantNumbers(t, "meta", rep.Meta, map[string]float64{"required_per_arm": 2474, "information_fraction": 1542.0 / 2474})
	if rep.Meta["peeking"] != true || !strings.Contains(strings.Join(rep.Warnings, "\n"), "peeking: the test is read before its planned size: arm control has 1542 of the 2474 leads per arm") {
		t.Errorf("peeking %v, warnings %q", rep.Meta["peeking"], rep.Warnings)
	}

	files, err := ingest.FindExports(dir)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := ingest.LoadDataset(files, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	demo, full := funnel.NewReport("demo", ""), funnel.NewReport("demo", "")
	if err := demoExperiment(demo, full, ds, truth, dir); err != nil {
		t.Fatal(err)
	}
	df, ok := demo.Table("planted_test")
	if !ok || df.Col("covered").Records()[0] != "true" || df.Col("planted_uplift").Float()[0] != et.Uplift {
		t.Errorf("planted_test %v", df)
	}
	if _, ok := full.Table("test_" + experiment.TableUplift); !ok {
		t.Error("the demo's full report has no test_test_uplift table")
	}
}

// TestTestRunBasic: testdata/experiment/basic (worked by hand in
// experiment/experiment_test.go) through the seam, by account.
func TestTestRunBasic(t *testing.T) {
	t.Parallel()
	rep := runJSON(t, &globalOptions{DataDir: testdata("experiment", "basic")}, newTestCmd, testRun, "--group", "group", "--target", "converted", "--unit", "account")
	wantNumbers(t, "email", rep.row(t, "test_arms", "arm", "email"), map[string]float64{"units": 3, "conversions": 2})
	if rep.Meta["p_adjust"] != "holm" || rep.Meta["unit"] != "account" || filepath.Base(rep.Meta["assignments"].(string)) != "experiment.csv" {
		t.Errorf("meta %v", rep.Meta)
	}
}
