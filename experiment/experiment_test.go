package experiment

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/internal/tabletest"
)

func loadBasic(t *testing.T) (*funnel.Dataset, *funnel.Table) {
	t.Helper()
	dir := filepath.Join("..", "testdata", "experiment", "basic")
	ds, err := ingest.LoadDataset(map[funnel.TableKind]string{
		funnel.Leads: filepath.Join(dir, "leads.csv"), funnel.Stages: filepath.Join(dir, "stages.csv")}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := ingest.Load(filepath.Join(dir, "experiment.csv"), funnel.Leads, ds.Dict, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ds, a
}

type armWant struct {
	name        string
	units, conv int
}

func checkArms(t *testing.T, r *Result, want []armWant) {
	t.Helper()
	if len(r.Arms) != len(want) {
		t.Fatalf("%d arms, want %d", len(r.Arms), len(want))
	}
	for i, w := range want {
		if a := r.Arms[i]; a.Name != w.name || a.Units != w.units || a.Conversions != w.conv {
			t.Errorf("arm %d: %s %d/%d, want %s %d/%d", i, a.Name, a.Conversions, a.Units, w.name, w.conv, w.units)
		}
	}
}

// TestAnalyzeBasic: testdata/experiment/basic, worked by hand. The
// assignments list L01-L11 (L12 has no arm; L05's second row repeats its
// first) and the outcome is the leads' converted column, joined by
// lead_id: control L01-L04 1 of 4, call L09-L11 1 of 3, email L05-L08 3 of
// 4. Every table has an expected count under 5, so Fisher: R
// fisher.test(matrix(c(3,1,1,3), 2))$p.value = 0.485714285714286 (email)
// and 1 (call); p.adjust(c(0.4857, 1), "holm") = 0.971428571428572, 1. The
// plan at alpha 0.05/2: power.prop.test(p1 = .25, p2 = .275, sig.level =
// .025, power = .8)$n = 5887.07, so 5888 per arm. Entries 2026-01-05 to
// 2026-01-19: 15 days, 15/7 weeks, 11 leads: 77/15 a week; 3 x 5888 / (77/15)
// weeks needed.
func TestAnalyzeBasic(t *testing.T) {
	t.Parallel()
	ds, a := loadBasic(t)
	r, err := Analyze(ds, a, Options{Group: "group", Target: "converted"})
	if err != nil {
		t.Fatal(err)
	}
	checkArms(t, r, []armWant{{"control", 4, 1}, {"call", 3, 1}, {"email", 4, 3}})
	c := r.Comparisons
	if c[0].Test != "fisher" || c[1].Test != "fisher" || !tabletest.Near(c[1].P, 0.485714285714286, 1e-12) || !tabletest.Near(c[0].P, 1, 1e-12) ||
		!tabletest.Near(c[1].PAdjusted, 0.971428571428572, 1e-12) || c[1].Significant {
		t.Errorf("comparisons %+v", c)
	}
	if !tabletest.Near(c[1].Uplift, 0.5, 1e-15) || !tabletest.Near(c[1].Ratio, 3, 1e-15) {
		t.Errorf("email: uplift %g ratio %g, want 0.5 and 3", c[1].Uplift, c[1].Ratio)
	}
	pl := r.Plan
	if !pl.OK || pl.PerArm != 5888 || pl.Alpha != 0.025 || !pl.Peeking || !tabletest.Near(pl.Fraction, 3.0/5888, 1e-15) ||
		!tabletest.Near(pl.WeeksRun, 15.0/7, 1e-12) || !tabletest.Near(pl.UnitsPerWeek, 77.0/15, 1e-12) ||
		!tabletest.Near(pl.WeeksNeeded, 3*5888/(77.0/15), 1e-12) {
		t.Errorf("plan %+v", pl)
	}
	if !strings.Contains(strings.Join(r.Warnings, "\n"), "peeking: the test is read before its planned size: arm call has 3 of the 5888 leads") {
		t.Errorf("no peeking warning: %q", r.Warnings)
	}
}

// TestAnalyzeStageAndAccount: the same test with the outcome "reached sql"
// as of 2026-03-01 (L02, L05, L08, L10; L11's sql on 2026-03-15 is after
// it): control 1/4, call 1/3, email 2/4; and by account (the leads'
// account_id; an account converted when a lead did): control A1 (L02
// converted), A2, A3: 1/3; call A7, A8 (L10): 1/2; email A4 (L05, L06), A5,
// A6 (L08): 2/3. The accounts entered 2026-01-05 to 01-15: 11 days, 8
// accounts, 56/11 a week.
func TestAnalyzeStageAndAccount(t *testing.T) {
	t.Parallel()
	ds, a := loadBasic(t)
	asOf := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Unix()
	r, err := Analyze(ds, a, Options{Group: "group", TargetStage: "sql", AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	checkArms(t, r, []armWant{{"control", 4, 1}, {"call", 3, 1}, {"email", 4, 2}})
	r, err = Analyze(ds, a, Options{Group: "group", Target: "converted", Unit: UnitAccount, Control: "CONTROL"})
	if err != nil {
		t.Fatal(err)
	}
	checkArms(t, r, []armWant{{"control", 3, 1}, {"call", 2, 1}, {"email", 3, 2}})
	if !tabletest.Near(r.Plan.UnitsPerWeek, 56.0/11, 1e-12) {
		t.Errorf("accounts a week %g, want 56/11", r.Plan.UnitsPerWeek)
	}
}

// TestAnalyzeErrors: what the bad cases of testdata/bad show end to end.
func TestAnalyzeErrors(t *testing.T) {
	t.Parallel()
	ds, a := loadBasic(t)
	for _, c := range []struct {
		name string
		opts Options
		want string
	}{
		{"no group column", Options{Group: "arm", Target: "converted"}, `no group column "arm"`},
		{"no control", Options{Group: "group", Target: "converted", Control: "holdout"}, `no arm "holdout" (--control) among the arms with outcomes: call, control, email`},
		{"no outcome column", Options{Group: "group", Target: "won"}, `no outcome column "won"`},
		// converted is a column of the leads, not of the assignments: the
		// error names the file that has it.
		{"date not dates", Options{Group: "group", Target: "converted", Date: "converted"}, `leads.csv: column "converted" holds no dates`},
	} {
		_, err := Analyze(ds, a, c.opts)
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrBadInput) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
