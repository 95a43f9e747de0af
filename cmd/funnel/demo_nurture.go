package main

import (
	"fmt"
	"math"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/sample"
	"github.com/funnel-analytics/funnel/nurture"
)

// plantedNurture is the demo's planted_nurture row: `funnel nurture` on
// the sample, its nurture.csv read as the program's enrollments, against
// truth.json's nurture field. The planted effect is a common odds ratio
// of reaching the outcome (sql), members against non-members of the same
// lead_source, industry and entry month; the Mantel-Haenszel odds ratio
// over those strata estimates it. The rate ratio and the cost per lead
// reaching the outcome are what the analysis reports besides (the rate
// ratio is not planted: it varies with a stratum's rate).
type plantedNurture struct {
	Outcome    string  `table:"outcome"`
	Planted    float64 `table:"planted_odds_ratio"`
	OddsRatio  float64 `table:"odds_ratio"`
	OddsLow    float64 `table:"odds_low"`
	OddsHigh   float64 `table:"odds_high"`
	Within     bool    `table:"planted_within"` // odds_low <= planted <= odds_high
	RateRatio  float64 `table:"rate_ratio"`
	RateLow    float64 `table:"ratio_low"`
	RateHigh   float64 `table:"ratio_high"`
	Members    int     `table:"matched_members"` // members in strata with non-members
	MemberCost float64 `table:"member_cost_per_reached"`
	OtherCost  float64 `table:"other_cost_per_reached"`
}

// nurtureFinding is a row of the demo's nurture_findings table: one line
// on what nurture found besides the planted effect.
type nurtureFinding struct {
	Measure string `table:"measure"`
	Finding string `table:"finding"`
}

// demoNurture runs nurture on the sample in dir (its nurture.csv as the
// enrollments, as of the end of the data's last day) and adds the
// planted_nurture table and the nurture_findings table (a line each on
// dormancy and cadence) to rep, after its other tables, and nurture's
// report to full. Like demoPlanted it adds no meta and no warning, so
// the demo's other lines stay as they were. A sample without the
// planting adds nothing.
func demoNurture(rep, full *funnel.Report, ds *funnel.Dataset, truth *sample.Truth, dir string) error {
	nt := truth.Nurture
	if nt == nil {
		return nil
	}
	in := &inputSet{ds: ds}
	enr, err := in.readEnrollments("", dir)
	if err != nil {
		return fmt.Errorf("demo nurture: %w", err)
	}
	res, err := nurture.Analyze(ds, nurture.Options{Dormant: nurture.DefaultDormant, Weeks: nurture.DefaultWeeks,
		TargetTouches: nurture.DefaultTargetTouches, TargetWeeks: nurture.DefaultTargetWeeks, Outcome: nt.Outcome,
		Enrollments: enr, AsOf: funnel.EndOfDay(ds.LatestTime(), nil)})
	if err != nil {
		return fmt.Errorf("demo nurture: %w", err)
	}
	c := res.Comparison
	if c == nil {
		return fmt.Errorf("demo nurture: no member of the planted program in %s", nt.File)
	}
	rep.AddTable("planted_nurture", funnel.FrameOf([]plantedNurture{{Outcome: nt.Outcome, Planted: nt.OddsRatio,
		OddsRatio: c.OddsRatio, OddsLow: c.OddsLow, OddsHigh: c.OddsHigh, Within: c.OddsLow <= nt.OddsRatio && nt.OddsRatio <= c.OddsHigh,
		RateRatio: c.RateRatio, RateLow: c.Low, RateHigh: c.High, Members: c.MatchedMembers,
		MemberCost: c.MemberCostPer, OtherCost: c.OtherCostPer}}))
	rep.AddTable("nurture_findings", funnel.FrameOf([]nurtureFinding{{"dormancy", dormancyLine(res)}, {"cadence", cadenceLine(res)}}))
	addReports(full, res.Report())
	return nil
}

// dormancyLine says the latest month's dormant share and the
// re-engagement rate over every dormant spell, with what most often
// ended one.
func dormancyLine(res *nurture.Result) string {
	var latest nurture.DormancyRow
	if d := res.LatestDormancy(); d != nil {
		latest = *d
	}
	s := fmt.Sprintf("%s: %.1f%% of %d leads dormant (no touch for %.0fd)", latest.Month, 100*latest.Share, latest.Leads,
		float64(res.Opts.Dormant)/funnel.SecondsPerDay)
	for _, sp := range res.Spells {
		if sp.Month == nurture.AllStages {
			s += fmt.Sprintf("; %.1f%% of %d dormant spells came back", 100*sp.Rate, sp.Spells)
		}
	}
	if len(res.Returns) > 0 {
		r := res.Returns[0]
		s += fmt.Sprintf(", most often by %s (%s, %.1f%%)", r.ActivityType, r.Channel, 100*r.Share)
	}
	return s
}

// cadenceLine says how many leads kept the target cadence in their
// first weeks and the outcome's rate at and under half of it.
func cadenceLine(res *nurture.Result) string {
	o := res.Opts
	var at, under, all nurture.BinRow
	target := o.TargetPerWeek()
	for _, b := range res.Cadence {
		all.Leads += b.Leads
		switch {
		case b.From >= target:
			at.Leads += b.Leads
			at.Reached += b.Reached
		case b.To <= target/2: // none included
			under.Leads += b.Leads
			under.Reached += b.Reached
		}
	}
	rate := func(b nurture.BinRow) float64 {
		if b.Leads == 0 {
			return math.NaN()
		}
		return 100 * float64(b.Reached) / float64(b.Leads)
	}
	return fmt.Sprintf("%d of %d leads had the target cadence (%d touches in %d weeks) or more in their first %d weeks: %.1f%% of them reached %s, against %.1f%% of the %d under half of it",
		at.Leads, all.Leads, o.TargetTouches, o.TargetWeeks, o.Weeks, rate(at), o.Outcome, rate(under), under.Leads)
}
