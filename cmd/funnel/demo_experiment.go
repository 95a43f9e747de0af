package main

import (
	"fmt"
	"path/filepath"

	"github.com/funnel-analytics/funnel/experiment"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/funnel/sample"
)

// plantedTest is the demo's planted_test row: `funnel test --group group
// --target sql_at --mde 25%` on the sample's experiment.csv against
// truth.json's experiment: the planted rates and uplift (the treatment's
// expected SQL rate is the control's x 1.25), the uplift found with its
// Newcombe interval and whether that holds the planted one, the p-value,
// and the plan for an MDE of the planted 25%.
type plantedTest struct {
	PlantedControl   float64 `table:"planted_control_rate"`
	PlantedTreatment float64 `table:"planted_treatment_rate"`
	PlantedUplift    float64 `table:"planted_uplift"`
	FoundControl     float64 `table:"found_control_rate"`
	FoundTreatment   float64 `table:"found_treatment_rate"`
	FoundUplift      float64 `table:"found_uplift"`
	Low              float64 `table:"uplift_low"`
	High             float64 `table:"uplift_high"`
	Covered          bool    `table:"covered"`
	PValue           float64 `table:"p_value"`
	PerArm           int     `table:"required_per_arm"`
	Units            int     `table:"smallest_arm"`
	Peeking          bool    `table:"peeking"`
}

// demoExperiment runs the test on the sample in dir and adds its
// planted_test row to rep and its report to full; nothing for a sample
// without the planted test.
func demoExperiment(rep, full *funnel.Report, ds *funnel.Dataset, truth *sample.Truth, dir string) error {
	et := truth.Experiment
	if et == nil {
		return nil
	}
	a, _, err := ingest.Load(filepath.Join(dir, sample.ExperimentFile), funnel.Leads, ds.Dict, ingest.Options{})
	if err != nil {
		return fmt.Errorf("demo test: %w", err)
	}
	res, err := experiment.Analyze(ds, a, experiment.Options{Group: et.Group, Control: et.Control, Target: "sql_at",
		MDE: experiment.MDE{Value: et.RelativeUplift, Relative: true}})
	if err != nil {
		return fmt.Errorf("demo test: %w", err)
	}
	c := res.Comparisons[0]
	row := plantedTest{PlantedControl: et.ControlRate, PlantedTreatment: et.TreatmentRate, PlantedUplift: et.Uplift,
		FoundControl: res.Arms[0].Rate, FoundTreatment: res.Arms[1].Rate, FoundUplift: c.Uplift, Low: c.UpliftLow, High: c.UpliftHigh,
		Covered: c.UpliftLow <= et.Uplift && et.Uplift <= c.UpliftHigh, PValue: c.P, PerArm: res.Plan.PerArm,
		Units: min(res.Arms[0].Units, res.Arms[1].Units), Peeking: res.Plan.Peeking}
	rep.AddTable("planted_test", funnel.FrameOf([]plantedTest{row}))
	addReports(full, res.Report())
	return nil
}
