package main

import (
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

// TestDemoSpeed: the demo's planted_speed_to_lead on the default sample
// lays truth.json's rates next to speed's, and every planted rate lies in
// its bin's 95% Wilson interval (as speed/sample_test.go finds); the bins
// hold the 9421 MQL leads of seed 1.
func TestDemoSpeed(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("generates the 20,000-lead sample")
	}
	dir, truth := defaultSample(t)
	files, err := ingest.FindExports(dir)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := ingest.LoadDataset(files, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep := funnel.NewReport("demo", "test")
	if err := demoSpeed(rep, funnel.NewReport("demo", "full"), ds, truth, dir); err != nil {
		t.Fatal(err)
	}
	df, ok := rep.Table("planted_speed_to_lead")
	if !ok || df.Nrow() != 6 {
		t.Fatalf("planted_speed_to_lead: %v", df)
	}
	within, planted, leads := df.Col("within_95").Records(), df.Col("planted_sql_rate").Float(), df.Col("leads").Float()
	total := 0.0
	for b := range within {
		total += leads[b]
		if within[b] != "true" || planted[b] != truth.SpeedToLead.SQLRate[b] {
			t.Errorf("bin %d: within %s, planted %g (truth %g)", b, within[b], planted[b], truth.SpeedToLead.SQLRate[b])
		}
	}
	if total != 9421 {
		t.Errorf("%g leads in the bins, want 9421", total)
	}
}
