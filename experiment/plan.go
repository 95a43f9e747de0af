package experiment

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/funnel-analytics/funnel/funnel"
)

const week = 7 * 86400

// plan fills r.Plan: the units per arm the MDE needs, how far the test
// has come, the O'Brien-Fleming reading at that point, and the weeks the
// plan takes at the observed traffic; a warning when the test is read
// before its planned size.
func (r *Result) plan(arms []Arm) {
	opts := r.Opts
	pl := &r.Plan
	pl.Alpha = opts.Alpha / float64(len(arms)-1)
	pl.ControlRate = arms[0].Rate
	pl.TargetRate = opts.MDE.Target(pl.ControlRate)
	switch {
	case pl.ControlRate == 0 || pl.ControlRate == 1:
		pl.Reason = fmt.Sprintf("the control rate is %g, no base rate to plan on", pl.ControlRate)
	case pl.TargetRate >= 1:
		pl.Reason = fmt.Sprintf("the MDE %s takes the control rate %.4g to %.4g, past 1", opts.MDE, pl.ControlRate, pl.TargetRate)
	}
	if pl.Reason != "" {
		r.Warnings = append(r.Warnings, "no sample size planned: "+pl.Reason)
		return
	}
	pl.OK = true
	pl.PerArm = int(math.Ceil(SampleSize(pl.ControlRate, pl.TargetRate, pl.Alpha, opts.Power)))
	smallest := arms[0]
	for _, a := range arms[1:] {
		if a.Units < smallest.Units {
			smallest = a
		}
	}
	pl.Fraction = math.Min(1, float64(smallest.Units)/float64(pl.PerArm))
	pl.Boundary = OBFBoundary(pl.Fraction, pl.Alpha)
	pl.NominalAlpha = 2 * distuv.UnitNormal.CDF(-pl.Boundary)
	if pl.Fraction == 1 {
		pl.NominalAlpha = pl.Alpha // at the planned size, the fixed test's level
	}
	pl.Peeking = smallest.Units < pl.PerArm
	for i := range r.Comparisons {
		r.Comparisons[i].SequentialSignificant = r.Comparisons[i].P < pl.NominalAlpha
	}
	r.traffic(arms)
	if pl.Peeking {
		more := ""
		if pl.HasTraffic {
			more = fmt.Sprintf(" At %.1f %ss a week it needs %.1f more weeks (%.1f in all).", pl.UnitsPerWeek, opts.Unit, pl.WeeksLeft, pl.WeeksNeeded)
		}
		judge := fmt.Sprintf("Read now, judge by the O'Brien-Fleming boundary: |z| at least %.3f (p under %.3g).", pl.Boundary, pl.NominalAlpha)
		if math.IsInf(pl.Boundary, 1) {
			judge = fmt.Sprintf("Read now, at %.2g of the plan, no result can cross the O'Brien-Fleming boundary.", pl.Fraction)
		}
		r.Warnings = append(r.Warnings, fmt.Sprintf("peeking: the test is read before its planned size: arm %s has %d of the %d %ss per arm needed to detect %s (%.4g against the control's %.4g) with power %g at alpha %.4g; a p-value read now overstates the evidence, and stopping when it first dips under alpha raises the false positives.%s %s",
			smallest.Name, smallest.Units, pl.PerArm, opts.Unit, opts.MDE, pl.TargetRate, pl.ControlRate, opts.Power, pl.Alpha, more, judge))
	}
}

// traffic fills the plan's weeks from the entry dates: units per week
// over the days from the first entry to the last, both counted.
func (r *Result) traffic(arms []Arm) {
	pl := &r.Plan
	first, last, dated := funnel.NoTime, funnel.NoTime, 0
	for _, a := range arms {
		if a.Dated == 0 {
			continue
		}
		if first == funnel.NoTime || a.First < first {
			first = a.First
		}
		last = max(last, a.Last)
		dated += a.Dated
	}
	if dated == 0 {
		r.Warnings = append(r.Warnings, "no entry dates (--date, or assigned_at or created_at of the assignments, or the leads' created_at): the weeks the test needs are not worked out")
		return
	}
	pl.HasTraffic = true
	pl.WeeksRun = float64(last-first)/week + 1.0/7
	pl.UnitsPerWeek = float64(dated) / pl.WeeksRun
	pl.WeeksNeeded = float64(pl.PerArm*len(arms)) / pl.UnitsPerWeek
	pl.WeeksLeft = math.Max(0, pl.WeeksNeeded-pl.WeeksRun)
}
