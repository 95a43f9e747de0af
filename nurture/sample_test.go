package nurture_test

import (
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/funnel/sample"
	"github.com/funnel-analytics/funnel/nurture"
)

// TestSamplePlanted runs nurture with its defaults on the default sample,
// nurture.csv read as the enrollments, and finds truth.json's planted
// common odds ratio of reaching sql (2) inside the Mantel-Haenszel
// interval. Measured on seed 1: odds ratio 1.9813 (1.8414 .. 2.1318),
// rate ratio 1.4110, over 1344 matched strata, 4997 matched members of
// 5046 (tolerance 1e-4).
func TestSamplePlanted(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the 20,000-lead sample")
	}
	dir := t.TempDir()
	truth, err := sample.WriteDir(dir, sample.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	files, err := ingest.FindExports(dir)
	if err != nil {
		t.Fatal(err)
	}
	delete(files, funnel.Costs)
	ds, err := ingest.LoadDataset(files, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	enr, _, err := ingest.Load(filepath.Join(dir, sample.NurtureFile), funnel.Touches, ds.Dict, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	asOf := funnel.CompleteThrough(ds.LatestTime(), time.UTC, time.Now())
	r, err := nurture.Analyze(ds, nurture.Options{Dormant: nurture.DefaultDormant, Weeks: nurture.DefaultWeeks,
		TargetTouches: nurture.DefaultTargetTouches, TargetWeeks: nurture.DefaultTargetWeeks, Enrollments: enr, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	c, nt := r.Comparison, truth.Nurture
	if c == nil || nt == nil {
		t.Fatal("no comparison or no planted nurture")
	}
	if !(c.OddsLow <= nt.OddsRatio && nt.OddsRatio <= c.OddsHigh) {
		t.Errorf("planted odds ratio %g outside the recovered %g (%g .. %g)", nt.OddsRatio, c.OddsRatio, c.OddsLow, c.OddsHigh)
	}
	for _, x := range [][2]float64{{c.OddsRatio, 1.9813}, {c.OddsLow, 1.8414}, {c.OddsHigh, 2.1318}, {c.RateRatio, 1.4110}} {
		if math.Abs(x[0]-x[1]) > 1e-4 {
			t.Errorf("measured %g, was %g", x[0], x[1])
		}
	}
	if c.Members != nt.Rows || c.MatchedStrata != 1344 || c.MatchedMembers != 4997 {
		t.Errorf("members %d (planted %d), strata %d, matched %d", c.Members, nt.Rows, c.MatchedStrata, c.MatchedMembers)
	}
}
