package report

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/nurture"
)

// nurtureBasic reads testdata/nurture/basic (leads, touches, stages,
// costs) and its nurture.csv as the enrollments.
func nurtureBasic(t *testing.T) (*funnel.Dataset, *funnel.Table) {
	dir := filepath.Join("..", "testdata", "nurture", "basic")
	ds := loadDir(t, dir, funnel.Leads, funnel.Touches, funnel.Stages, funnel.Costs)
	return ds, loadTouches(t, ds, filepath.Join(dir, "nurture.csv"))
}

// TestNurtureSheet builds March 2026 of testdata/nurture/basic with a
// 30-day dormancy, the Welcome campaign as the program, matched on
// lead_source, as of 2026-04-01: nurture/nurture_test.go's hand-worked
// basic case, which has the same as-of time. Dormant at the ends of
// January, February, March: 1 of 4, 3 of 5, 2 of 5 (by stage as
// TestDormancyBasic works out); the spells that began in February (4, 2
// back, median gap 53.5 days) and March (2, 1 back, 31 days), the "all"
// row left out; members L1, L3, L6 against L2, L4, L5 in the strata web
// and event: rate ratio 2 (Greenland-Robins interval 2 exp(±z sqrt 3)),
// odds ratio 2 (R: mantelhaen.test(array(c(2,0,0,1, 0,1,1,1),
// dim = c(2,2,2)), correct = FALSE): 0.125097672332 to 31.975015405379),
// cost per sql 490 / 2 = 245 for members (the program's 90 included) and
// 500 / 1 for the others. The key figure dormant_share: 0.4 against 0.6.
func TestNurtureSheet(t *testing.T) {
	t.Parallel()
	ds, enr := nurtureBasic(t)
	m, _ := ParseMonth("2026-03", time.UTC)
	rep, err := Build(ds, Options{Month: m, Nurture: nurture.Options{Dormant: 30 * 86400, Program: []string{"Welcome"},
		Enrollments: enr, Strata: []string{"lead_source"}}})
	if err != nil {
		t.Fatal(err)
	}
	dorm, ok := rep.Table(TableNurtureDormancy)
	if !ok || dorm.Nrow() != 12 {
		t.Fatalf("nurture_dormancy %v", dorm)
	}
	var all []string
	months, stages, leads, dormant := dorm.Col("month").Records(), dorm.Col("stage").Records(), dorm.Col("leads").Float(), dorm.Col("dormant").Float()
	for i := range months {
		if stages[i] == nurture.AllStages {
			all = append(all, fmt.Sprintf("%s %g/%g", months[i], dormant[i], leads[i]))
		}
	}
	if want := []string{"2026-01 1/4", "2026-02 3/5", "2026-03 2/5"}; !slices.Equal(all, want) {
		t.Errorf("dormant of all %v, want %v", all, want)
	}
	spells, _ := rep.Table(TableNurtureReengagement)
	if got := spells.Col("month").Records(); !slices.Equal(got, []string{"2026-02", "2026-03"}) {
		t.Errorf("re-engagement months %v", got)
	} else if sp, back, med := spells.Col("spells").Float(), spells.Col("came_back").Float(), spells.Col("median_gap_days").Float(); sp[0] != 4 || back[0] != 2 || med[0] != 53.5 || sp[1] != 2 || back[1] != 1 || med[1] != 31 {
		t.Errorf("re-engagement %v", spells)
	}
	eff, ok := rep.Table(TableNurtureEffect)
	if !ok || eff.Nrow() != 1 {
		t.Fatalf("nurture_effect %v", eff)
	}
	z := 1.959963984540054
	for col, want := range map[string]float64{"rate_ratio": 2, "ratio_low": 2 * math.Exp(-z*math.Sqrt(3)), "ratio_high": 2 * math.Exp(z*math.Sqrt(3)),
		"odds_ratio": 2, "odds_low": 0.125097672332, "odds_high": 31.975015405379, "cost_per_reached_ratio": 0.49} {
		if got := eff.Col(col).Float()[0]; !near(got, want, 1e-10) {
			t.Errorf("nurture_effect %s = %.12g, want %.12g", col, got, want)
		}
	}
	cmp, _ := rep.Table(TableNurtureComparison)
	if per := cmp.Col("cost_per_reached").Float(); len(per) != 2 || per[0] != 245 || per[1] != 500 {
		t.Errorf("cost per reached %v, want 245, 500", per)
	}
	if got := keyFigure(t, rep, "dormant_share"); got != [2]float64{0.4, 0.6} {
		t.Errorf("dormant_share %v, want 0.4 against 0.6", got)
	}
	for table, sheet := range map[string]string{TableNurtureDormancy: SheetNurture, TableNurtureEffect: SheetNurture} {
		if rep.Sheets[table] != sheet {
			t.Errorf("%s on sheet %q", table, rep.Sheets[table])
		}
	}
	if !slices.ContainsFunc(rep.Charts, func(c funnel.Chart) bool { return c.Table == TableNurtureDormancy }) {
		t.Errorf("no chart of the dormant share: %v", rep.Charts)
	}
}

// TestNurtureSheetNoProgram: without a program the comparison is left
// out and said so; two months shown keep February and March (the key
// figure still compares them); an outcome the ladder (mql, sql) lacks is
// a warning, not an error, since nothing shows it.
func TestNurtureSheetNoProgram(t *testing.T) {
	t.Parallel()
	ds, _ := nurtureBasic(t)
	m, _ := ParseMonth("2026-03", time.UTC)
	rep, err := Build(ds, Options{Month: m, Months: 2, Nurture: nurture.Options{Dormant: 30 * 86400, Outcome: "won"}})
	if err != nil {
		t.Fatal(err)
	}
	dorm, _ := rep.Table(TableNurtureDormancy)
	if got := slices.Compact(dorm.Col("month").Records()); !slices.Equal(got, []string{"2026-02", "2026-03"}) {
		t.Errorf("dormancy months %v", got)
	}
	if _, ok := rep.Table(TableNurtureComparison); ok {
		t.Error("a comparison without a program")
	}
	left, _ := rep.MetaValue("left_out")
	if l, _ := left.([]string); !slices.ContainsFunc(l, func(s string) bool { return strings.HasPrefix(s, "nurture comparison: no program") }) {
		t.Errorf("left_out %v", left)
	}
	if !slices.ContainsFunc(rep.Warnings, func(s string) bool { return strings.Contains(s, `no stage "won" on the ladder`) }) {
		t.Errorf("warnings %q", rep.Warnings)
	}
	if got := keyFigure(t, rep, "dormant_share"); got != [2]float64{0.4, 0.6} {
		t.Errorf("dormant_share %v", got)
	}
}

// keyFigure returns a key figure's month and previous values.
func keyFigure(t *testing.T, rep *funnel.Report, name string) [2]float64 {
	t.Helper()
	kf, _ := rep.Table("key_figures")
	names, month, prev := kf.Col("figure").Records(), kf.Col("month").Float(), kf.Col("previous").Float()
	for i, n := range names {
		if n == name {
			return [2]float64{month[i], prev[i]}
		}
	}
	t.Fatalf("no key figure %s in %v", name, names)
	return [2]float64{}
}
