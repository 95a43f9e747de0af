package speed_test

import (
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/funnel/sample"
	"github.com/funnel-analytics/funnel/market"
	"github.com/funnel-analytics/funnel/speed"
)

// TestSamplePlanted runs speed to lead with its defaults on the default
// sample, the sales touches from sales_activities.csv (Options.Sales), as
// of the end of the sample's as-of day (what `funnel speed --data` takes), and recovers truth.json's speed_to_lead: the MQL
// and SQL counts exactly, and in every delay bin the planted SQL and
// opportunity rates within the bin's 95% Wilson interval and the bin's
// size within 4 standard deviations of its expected size. The Bayes rate
// of the fastest bin is worked again from the counts the analysis gives:
// pi = 7655/9421 (measured on seed 1), 0.2 pi / (0.2 pi + 0.05 (1 - pi)).
func TestSamplePlanted(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the 20,000-lead sample")
	}
	dir := t.TempDir()
	truth, err := sample.WriteDir(dir, sample.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	ds, err := ingest.LoadDataset(map[funnel.TableKind]string{
		funnel.Stages: filepath.Join(dir, sample.StagesFile), funnel.Leads: filepath.Join(dir, sample.LeadsFile)}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sales, _, err := ingest.Load(filepath.Join(dir, sample.SalesActivitiesFile), funnel.Touches, ds.Dict, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := truth.SpeedToLead
	at, err := time.Parse(time.DateTime, truth.Config.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	asOf := funnel.EndOfDay(at.Unix(), time.UTC) // as `funnel speed` takes it from the touches
	r, err := speed.Analyze(ds, speed.Options{Sales: sales, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	df, ok := r.Report().Table(speed.TableByDelay)
	if !ok {
		t.Fatal("no speed_by_delay table")
	}
	leads, sql, opp := df.Col("leads").Float(), df.Col("sql").Float(), df.Col("opportunity").Float()
	var nLeads, nSQL float64
	for b := range speed.Bins {
		nLeads += leads[b]
		nSQL += sql[b]
		for _, c := range []struct {
			name    string
			reached float64
			planted float64
		}{{"sql", sql[b], st.SQLRate[b]}, {"opportunity", opp[b], st.OpportunityRate[b]}} {
			lo, hi := market.Wilson(int(c.reached), int(leads[b]), 0.95)
			if c.planted < lo || c.planted > hi {
				t.Errorf("%s: %s rate %g [%g, %g], planted %g", speed.Bins[b], c.name, c.reached/leads[b], lo, hi, c.planted)
			}
		}
		if e := st.ExpectedLeads[b]; math.Abs(leads[b]-e) > 4*math.Sqrt(e) {
			t.Errorf("%s: %g leads, expected %g", speed.Bins[b], leads[b], e)
		}
	}
	if int(nLeads) != st.MQLLeads || int(nSQL) != st.SQLLeads || st.MQLLeads != 9421 || st.SQLLeads != 7655 {
		t.Errorf("%g leads and %g SQL, planted %d and %d (seed 1: 9421 and 7655)", nLeads, nSQL, st.MQLLeads, st.SQLLeads)
	}
	pi := 7655.0 / 9421
	if want := 0.2 * pi / (0.2*pi + 0.05*(1-pi)); math.Abs(st.BayesSQLRate[0]-want) > 1e-12 {
		t.Errorf("Bayes rate of under 5m %g, want %g", st.BayesSQLRate[0], want)
	}
}
