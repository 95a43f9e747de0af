package report

import (
	"fmt"
	"math"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/nurture"
)

// SheetNurture is the sheet of dormant leads, re-engagement and the
// nurture program.
const SheetNurture = "Nurture"

// Tables of the Nurture sheet.
const (
	TableNurtureDormancy     = "nurture_dormancy"
	TableNurtureReengagement = "nurture_reengagement"
	TableNurtureComparison   = "nurture_comparison"
	TableNurtureEffect       = "nurture_effect"
)

// nurture adds the Nurture sheet when there are touches: `funnel nurture`
// with Options.Nurture as of the month's end, over the months the report
// shows (Options.Months up to its month, as velocity): the share of the
// leads dormant at each month's end by stage, with its line chart; the
// dormant spells that began in each month and the share of them that came
// back by the month's end (a recent month's spells have had less time to
// end: its rate is a floor); and, when a program is named (its
// campaigns, a leads column or enrollments), members against comparable
// non-members over every lead created by the month's end: the rates of
// reaching the outcome, the Mantel-Haenszel rate and odds ratios and,
// with costs, the cost per lead reaching it. The month's dormant share
// joins the key figures (lower is better). Without a program the outcome
// is not needed: a ladder without it is no error.
func (b *builder) nurture() error {
	ds := b.ds
	if ds.Touches == nil {
		b.skip("nurture", "no touches")
		return nil
	}
	no := b.opts.Nurture
	no.AsOf, no.Location = b.m.End.Unix(), b.opts.Location
	setDefault(&no.Dormant, nurture.DefaultDormant)
	setDefault(&no.Weeks, nurture.DefaultWeeks)
	setDefault(&no.TargetTouches, nurture.DefaultTargetTouches)
	setDefault(&no.TargetWeeks, nurture.DefaultTargetWeeks)
	if no.Ladder == nil {
		no.Ladder = b.opts.Velocity.Order
	}
	program := len(no.Program) > 0 || no.ProgramColumn != "" || no.Enrollments != nil
	if program && ds.Leads == nil { // the comparison matches on the leads' columns
		no.Program, no.ProgramColumn, no.Enrollments = nil, "", nil
	}
	no.OutcomeOptional = !program || ds.Leads == nil
	res, err := nurture.Analyze(ds, no)
	if err != nil {
		return fmt.Errorf("nurture: %w", err)
	}
	share := map[string]float64{}
	for _, d := range res.Dormancy {
		if d.Stage == nurture.AllStages {
			share[d.Month] = d.Share
		}
	}
	first := b.firstMonth().String()
	in := func(month string) bool { return month >= first && month <= b.m.String() }
	res.Dormancy = keep(res.Dormancy, func(d nurture.DormancyRow) bool { return in(d.Month) })
	if len(res.Dormancy) == 0 {
		b.skip("nurture", "no lead created by the end of "+b.m.String())
		return nil
	}
	res.Spells = keep(res.Spells, func(s nurture.SpellRow) bool { return in(s.Month) })
	sub := res.Report()
	b.add(sub, nurture.TableDormancy, TableNurtureDormancy, SheetNurture)
	b.add(sub, nurture.TableReengagement, TableNurtureReengagement, SheetNurture)
	days := funnel.FormatDays(res.Opts.Dormant)
	b.rep.AddMeta("nurture_dormant_rule", fmt.Sprintf("no touch for %s before a month's end (an unsubscribed lead drops out)", days))
	b.rep.AddMeta("nurture_reengagement_rule", fmt.Sprintf("a spell begins %s after a lead's last touch; it came back when a touch ended it by %s (a recent month's spells have had less time: its rate is a floor)",
		days, b.m.End.Format("2006-01-02 15:04")))
	b.figures.addLower("dormant_share", valueOr(share, b.m.String()), valueOr(share, b.prev.String()))
	if !program {
		b.skip("nurture comparison", "no program (nurture: program, program_column or enrollments in the config, --program, or nurture.csv in the data folder)")
	} else if ds.Leads == nil {
		b.skip("nurture comparison", "needs the leads (the columns it matches on)")
	} else if res.Comparison == nil {
		b.skip("nurture comparison", "no member of "+programName(res))
	} else {
		b.add(sub, nurture.TableComparison, TableNurtureComparison, SheetNurture)
		b.add(sub, nurture.TableEffect, TableNurtureEffect, SheetNurture)
		b.rep.AddMeta("nurture_program", res.ProgramName)
		b.rep.AddMeta("nurture_matched_on", res.Comparison.Strata)
		b.rep.AddMeta("nurture_outcome", res.Opts.Outcome+" by "+b.m.End.Format("2006-01-02 15:04")+", leads created before then")
	}
	b.warn("nurture", sub.Warnings)
	return nil
}

// firstMonth is the first month the report's series show: Options.Months
// (DefaultMonths when 0) up to the report's month.
func (b *builder) firstMonth() Month {
	months := b.opts.Months
	if months <= 0 {
		months = DefaultMonths
	}
	return MonthOf(b.m.Start.AddDate(0, -(months - 1), 0))
}

// setDefault sets *v to d when it is 0.
func setDefault[T int | int64](v *T, d T) {
	if *v == 0 {
		*v = d
	}
}

// valueOr is m[k], NaN when m has no k.
func valueOr(m map[string]float64, k string) float64 {
	if v, ok := m[k]; ok {
		return v
	}
	return math.NaN()
}

// programName names the program for a note, "the program" when the
// analysis did not name it.
func programName(res *nurture.Result) string {
	if res.ProgramName == "" {
		return "the program"
	}
	return res.ProgramName
}
