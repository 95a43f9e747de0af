package experiment

import (
	"github.com/funnel-analytics/funnel/accounts"
	"github.com/funnel-analytics/funnel/funnel"
)

// Table names of the test report.
const (
	TableArms   = "test_arms"
	TableUplift = "test_uplift"
)

// Method statements, for the report's meta.
const (
	RateMethod       = "Wilson score interval, 95%"
	UpliftMethod     = "Newcombe's hybrid score interval (method 10) from the arms' Wilson intervals, 95%"
	TestMethod       = "two-proportion z test with the pooled rate (R prop.test, correct = FALSE); Fisher's exact test (two-sided, R fisher.test) when an expected count is under 5"
	PlanMethod       = "two-sided two-proportion test, R power.prop.test's formula: n = (z(1-a/2) sqrt(2 pbar (1-pbar)) + z(power) sqrt(p1 (1-p1) + p2 (1-p2)))^2 / (p1 - p2)^2, rounded up; a = alpha / treatment arms"
	SequentialMethod = "Lan-DeMets O'Brien-Fleming spending, the boundary of a first look at the information fraction (smallest arm / planned units per arm)"
)

// Report builds the funnel.Report of `funnel test`:
//
//   - table test_arms: arm, role (control, treatment), units,
//     conversions, rate, rate_low, rate_high (Wilson, 95%).
//   - table test_uplift, a row per treatment arm: arm, control, uplift
//     (rate - control rate) with uplift_low, uplift_high (Newcombe),
//     ratio (rate / control rate) with ratio_low, ratio_high (Katz), z,
//     p_value, test (z or fisher), p_holm (Holm over the treatment arms;
//     p_value when there is one), significant (p_holm < alpha), and
//     sequential_significant (p_value under the O'Brien-Fleming nominal
//     level at the information fraction).
//   - meta: group, control, outcome, unit, the methods, mde, power,
//     alpha, p_adjust, and the plan: control_rate, target_rate,
//     plan_alpha, required_per_arm, information_fraction, obf_boundary_z,
//     obf_nominal_alpha, peeking, units_per_week, weeks_run,
//     weeks_needed, weeks_left.
func (r *Result) Report() *funnel.Report {
	o := r.Opts
	rep := funnel.NewReport("test", "Test: "+r.Outcome+" by "+o.Group+", "+r.Arms[0].Name+" the control")
	rep.AddMeta("assignments", r.Source)
	rep.AddMeta("group", o.Group)
	rep.AddMeta("control", r.Arms[0].Name)
	rep.AddMeta("outcome", r.Outcome)
	rep.AddMeta("unit", o.Unit.String())
	rep.AddMeta("rate_interval", RateMethod)
	rep.AddMeta("uplift_interval", UpliftMethod)
	rep.AddMeta("ratio_interval", accounts.RiskRatioMethod)
	rep.AddMeta("p_value", TestMethod)
	pAdjust := "none (one treatment arm)"
	if len(r.Comparisons) > 1 {
		pAdjust = "holm"
	}
	rep.AddMeta("p_adjust", pAdjust)
	rep.AddMeta("alpha", o.Alpha)
	rep.AddMeta("mde", o.MDE.String())
	rep.AddMeta("power", o.Power)
	r.planMeta(rep)
	for _, w := range r.Warnings {
		rep.Warnf("%s", w)
	}
	rep.AddTable(TableArms, funnel.FrameOf(r.armsTable()))
	var omit []string
	if !r.Plan.OK {
		omit = append(omit, "sequential_significant")
	}
	rep.AddTable(TableUplift, funnel.FrameOf(r.upliftRows(), omit...))
	return rep
}

func (r *Result) planMeta(rep *funnel.Report) {
	pl := r.Plan
	if !pl.OK {
		rep.AddMeta("plan", "none: "+pl.Reason)
		return
	}
	rep.AddMeta("plan", PlanMethod)
	rep.AddMeta("control_rate", pl.ControlRate)
	rep.AddMeta("target_rate", pl.TargetRate)
	rep.AddMeta("plan_alpha", pl.Alpha)
	rep.AddMeta("required_per_arm", pl.PerArm)
	rep.AddMeta("information_fraction", pl.Fraction)
	rep.AddMeta("peeking", pl.Peeking)
	rep.AddMeta("sequential", SequentialMethod)
	rep.AddMeta("obf_boundary_z", pl.Boundary)
	rep.AddMeta("obf_nominal_alpha", pl.NominalAlpha)
	if pl.HasTraffic {
		rep.AddMeta("units_per_week", pl.UnitsPerWeek)
		rep.AddMeta("weeks_run", pl.WeeksRun)
		rep.AddMeta("weeks_needed", pl.WeeksNeeded)
		rep.AddMeta("weeks_left", pl.WeeksLeft)
	}
}

// armRow is a row of test_arms.
type armRow struct {
	Arm         string  `table:"arm"`
	Role        string  `table:"role"`
	Units       int     `table:"units"`
	Conversions int     `table:"conversions"`
	Rate        float64 `table:"rate"`
	Low         float64 `table:"rate_low"`
	High        float64 `table:"rate_high"`
}

func (r *Result) armsTable() []armRow {
	rows := make([]armRow, len(r.Arms))
	for i, a := range r.Arms {
		role := "treatment"
		if i == 0 {
			role = "control"
		}
		rows[i] = armRow{a.Name, role, a.Units, a.Conversions, a.Rate, a.Low, a.High}
	}
	return rows
}

// upliftRow is a row of test_uplift.
type upliftRow struct {
	Arm                   string  `table:"arm"`
	Control               string  `table:"control"`
	Uplift                float64 `table:"uplift"`
	UpliftLow             float64 `table:"uplift_low"`
	UpliftHigh            float64 `table:"uplift_high"`
	Ratio                 float64 `table:"ratio"`
	RatioLow              float64 `table:"ratio_low"`
	RatioHigh             float64 `table:"ratio_high"`
	Z                     float64 `table:"z"`
	P                     float64 `table:"p_value"`
	Test                  string  `table:"test"`
	PHolm                 float64 `table:"p_holm"`
	Significant           bool    `table:"significant"`
	SequentialSignificant bool    `table:"sequential_significant"`
}

func (r *Result) upliftRows() []upliftRow {
	rows := make([]upliftRow, len(r.Comparisons))
	for i, c := range r.Comparisons {
		rows[i] = upliftRow{c.Arm, r.Arms[0].Name, c.Uplift, c.UpliftLow, c.UpliftHigh, c.Ratio, c.RatioLow, c.RatioHigh,
			c.Z, c.P, c.Test, c.PAdjusted, c.Significant, c.SequentialSignificant}
	}
	return rows
}
