package main

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/sample"
	"github.com/funnel-analytics/funnel/speed"
)

// plantedSpeed is a row of the demo's planted_speed_to_lead table: a delay
// bin of `funnel speed` on the sample (sales touches from
// sales_activities.csv) next to truth.json's speed_to_lead.
type plantedSpeed struct {
	Delay          string  `table:"delay"`
	ExpectedLeads  float64 `table:"expected_leads"`
	Leads          int     `table:"leads"`
	PlantedSQL     float64 `table:"planted_sql_rate"`
	SQLRate        float64 `table:"sql_rate"`
	SQLLow         float64 `table:"sql_low"`
	SQLHigh        float64 `table:"sql_high"`
	PlantedOpp     float64 `table:"planted_opportunity_rate"`
	OppRate        float64 `table:"opportunity_rate"`
	WithinInterval bool    `table:"within_95"` // both planted rates inside the bin's 95% Wilson intervals
}

// demoSpeed runs speed to lead on the sample, as of the end of its last
// day, and adds planted_speed_to_lead to rep and speed's report to full;
// nothing for a sample without sales_activities.csv.
func demoSpeed(rep, full *funnel.Report, ds *funnel.Dataset, truth *sample.Truth, dir string) error {
	st := truth.SpeedToLead
	if st == nil {
		return nil
	}
	in := &inputSet{ds: ds}
	sales, err := in.readSales(filepath.Join(dir, sample.SalesActivitiesFile), "")
	if err != nil {
		return fmt.Errorf("demo speed: %w", err)
	}
	res, err := speed.Analyze(ds, speed.Options{Sales: sales, AsOf: funnel.EndOfDay(ds.LatestTime(), time.UTC)})
	if err != nil {
		return fmt.Errorf("demo speed: %w", err)
	}
	sr := res.Report()
	df, _ := sr.Table(speed.TableByDelay)
	col := func(name string) []float64 { return df.Col(name).Float() }
	leads, sql, sqlLow, sqlHigh := col("leads"), col("sql_rate"), col("sql_low"), col("sql_high")
	opp, oppLow, oppHigh := col("opportunity_rate"), col("opportunity_low"), col("opportunity_high")
	rows := make([]plantedSpeed, len(speed.Bins))
	for b, name := range speed.Bins {
		r := plantedSpeed{Delay: name, ExpectedLeads: st.ExpectedLeads[b], Leads: int(leads[b]), PlantedSQL: st.SQLRate[b],
			SQLRate: sql[b], SQLLow: sqlLow[b], SQLHigh: sqlHigh[b], PlantedOpp: st.OpportunityRate[b], OppRate: opp[b]}
		r.WithinInterval = sqlLow[b] <= r.PlantedSQL && r.PlantedSQL <= sqlHigh[b] && oppLow[b] <= r.PlantedOpp && r.PlantedOpp <= oppHigh[b]
		rows[b] = r
	}
	rep.AddTable("planted_speed_to_lead", funnel.FrameOf(rows))
	addReports(full, sr)
	return nil
}
