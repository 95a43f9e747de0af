package report

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

// TestCostPerOpportunity reads testdata/report/cpo, worked by hand:
// September's costs 1500 + 1500 = 3000 over 3 opportunities created (O1,
// O2, O3) is 1000; October's 1200 + 300 + 300 (two weekly rows, each in
// the month it starts) = 1800 over 2 (O4, O5) is 900; August's 700 counts
// in neither. Both fell: the mixed-signal warning. With October's costs
// at 2400 (cost per opportunity 1200, up) there is no warning.
func TestCostPerOpportunity(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "testdata", "report", "cpo")
	m, _ := ParseMonth("2026-10", time.UTC)
	run := func(ds *funnel.Dataset) (map[string][2]float64, []string) {
		t.Helper()
		rep, err := Build(ds, Options{Month: m})
		if err != nil {
			t.Fatal(err)
		}
		kf, _ := rep.Table("key_figures")
		got := map[string][2]float64{}
		names, month, prev := kf.Col("figure").Records(), kf.Col("month").Float(), kf.Col("previous").Float()
		for i, n := range names {
			got[n] = [2]float64{month[i], prev[i]}
		}
		return got, rep.Warnings
	}
	load := func() *funnel.Dataset {
		ds, err := ingest.LoadDataset(map[funnel.TableKind]string{
			funnel.Opportunities: filepath.Join(dir, "opportunities.csv"), funnel.Costs: filepath.Join(dir, "costs.csv")}, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	got, warnings := run(load())
	if got["opportunities_created"] != [2]float64{2, 3} || !near(got["cost_per_opportunity"][0], 900, 1e-12) || !near(got["cost_per_opportunity"][1], 1000, 1e-12) {
		t.Errorf("figures %v", got)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "mixed signal in 2026-10") {
		t.Errorf("warnings %q, want the mixed signal", warnings)
	}
	ds := load()
	cost := ds.Costs.Role(funnel.RoleCost)
	cost.Nums[3] = 1800 // October's 1200 -> 1800: 2400 / 2 = 1200
	got, warnings = run(ds)
	if !near(got["cost_per_opportunity"][0], 1200, 1e-12) || len(warnings) != 0 {
		t.Errorf("cost per opportunity %v, warnings %q; want 1200, none", got["cost_per_opportunity"], warnings)
	}
}

func TestIsMonthPrefix(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{"2026-10": true, "2026-10-05": true, "2026-01": true, "2026-12-31 00:00": true,
		"2026-00": false, "2026-13": false, "2026-1": false, "Oct 2026": false, "2026-10x": false, "": false, "202610": false} {
		if got := isMonthPrefix(s); got != want {
			t.Errorf("isMonthPrefix(%q) = %v, want %v", s, got, want)
		}
	}
}
