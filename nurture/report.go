package nurture

import (
	"math"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/market"
)

// Table names of the nurture report.
const (
	TableDormancy     = "nurture_dormancy"
	TableReengagement = "nurture_reengagement"
	TableReengagedBy  = "nurture_reengaged_by"
	TableCadence      = "nurture_cadence"
	TableFrequency    = "nurture_frequency"
	TableComparison   = "nurture_comparison"
	TableEffect       = "nurture_effect"
)

// Groups of nurture_comparison.
const (
	GroupMembers = "members"
	GroupOthers  = "comparable non-members"
)

// ComparisonRow is a row of nurture_comparison.
type ComparisonRow struct {
	Group        string  `table:"group"`
	Leads        int     `table:"leads"`
	Reached      int     `table:"reached"`
	Rate         float64 `table:"rate"`
	Low          float64 `table:"rate_low"`
	High         float64 `table:"rate_high"`
	Standardised float64 `table:"standardised_rate"`
	Cost         float64 `table:"cost"`
	CostPer      float64 `table:"cost_per_reached"`
}

// EffectRow is the row of nurture_effect.
type EffectRow struct {
	Outcome       string  `table:"outcome"`
	RateRatio     float64 `table:"rate_ratio"`
	Low           float64 `table:"ratio_low"`
	High          float64 `table:"ratio_high"`
	MatchedStrata int     `table:"matched_strata"`
	Unmatched     int     `table:"unmatched_members"`
	OddsRatio     float64 `table:"odds_ratio"`
	OddsLow       float64 `table:"odds_low"`
	OddsHigh      float64 `table:"odds_high"`
	CostRatio     float64 `table:"cost_per_reached_ratio"`
}

// Report builds the funnel.Report of `funnel nurture`: the tables
// nurture_dormancy (DormancyRow), nurture_reengagement (SpellRow),
// nurture_reengaged_by (ReturnRow), nurture_cadence (BinRow; the outcome
// columns left out without a ladder), nurture_frequency (FrequencyRow;
// the unsubscribe columns left out when no lead unsubscribed) and, when a
// program is named, nurture_comparison (members and comparable
// non-members: their leads in matched strata, those that reached the
// outcome, the crude rate with its Wilson interval, the non-members' rate
// standardised to the members' strata, and with costs the cost and the
// cost per lead reaching the outcome) and nurture_effect (the
// Mantel-Haenszel rate ratio and odds ratio with their intervals). Meta: as_of, dormant_days,
// stages_from, outcome, cadence_weeks, target, target_per_week, program,
// strata, and the latest month's dormant share.
func (r *Result) Report() *funnel.Report {
	o := r.Opts
	rep := funnel.NewReport("nurture", "Nurturing and re-engagement: dormant leads, cadence, contact frequency and the nurture program")
	rep.AddMeta("as_of", funnel.FormatTime(o.AsOf, false))
	rep.AddMeta("dormant_days", float64(o.Dormant)/funnel.SecondsPerDay)
	rep.AddMeta("stages_from", r.StagesVia)
	rep.AddMeta("outcome", o.Outcome)
	rep.AddMeta("cadence_weeks", o.Weeks)
	rep.AddMeta("target", o.targetLabel())
	rep.AddMeta("target_per_week", o.TargetPerWeek())
	if last := r.LatestDormancy(); last != nil {
		rep.AddMeta("latest_month", last.Month)
		rep.AddMeta("latest_dormant_share", last.Share)
	}
	if r.ProgramName != "" {
		rep.AddMeta("program", r.ProgramName)
	}
	for _, w := range r.Warnings {
		rep.Warnf("%s", w)
	}
	rep.AddTable(TableDormancy, funnel.FrameOf(r.Dormancy))
	rep.AddTable(TableReengagement, funnel.FrameOf(r.Spells))
	rep.AddTable(TableReengagedBy, funnel.FrameOf(r.Returns))
	var omit []string
	if r.outcome < 0 {
		omit = []string{"reached", "rate", "rate_low", "rate_high"}
	}
	rep.AddTable(TableCadence, funnel.FrameOf(r.Cadence, omit...))
	omit = []string{"unsubscribed", "unsubscribe_rate"}
	for _, f := range r.Frequency {
		if f.Unsubscribed > 0 {
			omit = nil
		}
	}
	rep.AddTable(TableFrequency, funnel.FrameOf(r.Frequency, omit...))
	if c := r.Comparison; c != nil {
		rep.AddMeta("strata", c.Strata)
		r.comparisonTables(rep, c)
	}
	rep.AddChart(funnel.Chart{Kind: funnel.LineChart, Table: TableDormancy, Title: "Dormant share of the leads by stage", X: "month", SeriesBy: "stage", Y: "dormant_share", YTitle: "dormant share"})
	return rep
}

// LatestDormancy is Dormancy's row of the latest month over all stages
// (nil: none).
func (r *Result) LatestDormancy() *DormancyRow {
	for i := len(r.Dormancy) - 1; i >= 0; i-- {
		if r.Dormancy[i].Stage == AllStages {
			return &r.Dormancy[i]
		}
	}
	return nil
}

func (r *Result) comparisonTables(rep *funnel.Report, c *Comparison) {
	nan := math.NaN()
	rows := []ComparisonRow{
		{GroupMembers, c.MatchedMembers, c.MemberReached, c.MemberRate, c.MemberLow, c.MemberHigh, c.MemberRate, c.MemberCost, c.MemberCostPer},
		{GroupOthers, c.MatchedOthers, c.OtherReached, c.CrudeOtherRate, nan, nan, c.OtherRate, c.OtherCost, c.OtherCostPer},
	}
	rows[1].Low, rows[1].High = market.Wilson(c.OtherReached, c.MatchedOthers, r.Opts.Conf)
	var omit []string
	if !c.HasCosts {
		omit = []string{"cost", "cost_per_reached"}
	}
	rep.AddTable(TableComparison, funnel.FrameOf(rows, omit...))
	eff := []EffectRow{{r.Opts.Outcome, c.RateRatio, c.Low, c.High, c.MatchedStrata, c.Unmatched, c.OddsRatio, c.OddsLow, c.OddsHigh, c.MemberCostPer / c.OtherCostPer}}
	omit = nil
	if !c.HasCosts {
		omit = []string{"cost_per_reached_ratio"}
	}
	rep.AddTable(TableEffect, funnel.FrameOf(eff, omit...))
	if c.Unmatched > 0 {
		rep.Warnf("%d of %d members are in strata without a non-member (%s): left out of the comparison", c.Unmatched, c.Members, strings.Join(c.Strata, ", "))
	}
	if c.CostWithoutPrice > 0 {
		rep.Warnf("%d leads have a source without a cost row: counted at no acquisition cost", c.CostWithoutPrice)
	}
}
