package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/speed"
	"github.com/funnel-analytics/funnel/velocity"
)

// SheetSpeed is the sheet of speed to lead.
const SheetSpeed = "Speed"

// Tables of the Speed sheet.
const (
	TableSpeedByDelay  = "speed_by_delay"
	TableSpeedByMonth  = "speed_by_month"
	TableSpeedByOwner  = "speed_by_owner"
	TableSpeedBySource = "speed_by_source"
)

// KeySpeedMedian is the key figure of speed to lead: the median minutes
// from the start (MQL) to the first sales touch of the month's touched
// leads (lower is better).
const KeySpeedMedian = "median_minutes_to_sales_touch"

// speed adds the Speed sheet when there is a stage history and sales
// touches (Options.Speed.Sales, a sales activities file, or touches of the
// Options.Speed.SalesTouch types): `funnel speed` as of the month's end.
// The leads whose clock started in the month give the delay bins with the
// conversion to SQL and opportunity (Wilson intervals) and the delays by
// owner and source; the leads started in each of the report's months give
// the trend (speed_by_month, with its line chart of the median). The
// month's median joins the key figures; with Options.Speed.AlertMedian an
// alert (exit 3, like velocity's) says when the month's median, a lead
// without a sales touch by the month's end counting as slower than any,
// is over it. Without a sales touch in the data, or without the start
// stage on the ladder, the sheet is left out and named in left_out.
func (b *builder) speed() error {
	ds := b.ds
	so := b.opts.Speed
	switch {
	case ds.Stages == nil:
		b.skip("speed to lead", "no stage history (stages input)")
		return nil
	case so.Sales == nil && (ds.Touches == nil || len(so.SalesTouch) == 0):
		b.skip("speed to lead", "no sales touches (a sales activities file: speed: sales in the config, --sales, or sales_activities.csv in the data folder; or touches of the speed: sales_touch types)")
		return nil
	}
	so.AsOf, so.Location = b.m.End.Unix(), b.opts.Location
	if so.Ladder == nil {
		so.Ladder = b.opts.Velocity.Order
	}
	if so.Start == "" {
		so.Start = "mql"
	}
	if len(so.StartTouch) == 0 {
		ladder, _, _, err := b.stageEntries()
		if err != nil {
			return fmt.Errorf("speed: %w", err)
		}
		if l, err := velocity.NewLadder(ladder, velocity.LadderExplicit); err != nil || l.Index(so.Start) < 0 {
			b.skip("speed to lead", fmt.Sprintf("no stage %q on the ladder (%s) to start the clock", so.Start, strings.Join(ladder, ", ")))
			return nil
		}
	}
	res, err := speed.Analyze(ds, so)
	if err != nil {
		return fmt.Errorf("speed: %w", err)
	}
	touched := false
	for _, ld := range res.Leads {
		touched = touched || ld.Delay >= 0
	}
	first := b.firstMonth().String()
	trend := speedKeep(res, func(label string) bool { return label >= first && label <= b.m.String() })
	switch {
	case !touched:
		b.skip("speed to lead", "no lead has a sales touch after its start by the end of "+b.m.String()+" ("+salesTouchNote(res)+")")
	case len(trend.Leads) == 0:
		b.skip("speed to lead", "no lead started ("+res.StartName+") from "+first+" to "+b.m.String())
	default:
		b.speedTables(res, trend)
	}
	return nil
}

// speedTables adds the Speed sheet's tables, chart, key figure, meta,
// warnings and alerts from the analysis of every month and its leads
// started in the report's months (trend).
func (b *builder) speedTables(res, trend *speed.Result) {
	month, prev := speedMonth(res, b.m), speedMonth(res, b.prev)
	sub, trendSub := month.Report(), trend.Report()
	if len(month.Leads) > 0 {
		b.add(sub, speed.TableByDelay, TableSpeedByDelay, SheetSpeed)
	}
	b.add(trendSub, speed.TableByMonth, TableSpeedByMonth, SheetSpeed)
	b.rep.AddChart(funnel.Chart{Kind: funnel.LineChart, Title: "Median minutes from " + res.StartName + " to the first sales touch",
		Table: TableSpeedByMonth, X: "month", Series: []string{"median_minutes"}, XTitle: "month of the start", YTitle: "minutes"})
	if len(month.Leads) > 0 {
		b.add(sub, speed.TableByOwner, TableSpeedByOwner, SheetSpeed)
		b.add(sub, speed.TableBySource, TableSpeedBySource, SheetSpeed)
	} else {
		b.skip("speed to lead of the month", "no lead started ("+res.StartName+") in "+b.m.String())
	}
	b.figures.addLower(KeySpeedMedian, medianMinutes(month), medianMinutes(prev))
	b.rep.AddMeta("speed_start", res.StartName)
	b.rep.AddMeta("speed_sales_touch", salesTouchNote(res))
	b.rep.AddMeta("speed_leads", len(month.Leads))
	if so := res.Opts; so.AlertMedian > 0 {
		b.rep.AddMeta("speed_alert_rule", fmt.Sprintf("the median delay of the leads started in %s from %s to the first sales touch over %s (a lead without one by the month's end counts as slower than any)",
			b.m, res.StartName, fmt.Sprintf("%g minutes", float64(so.AlertMedian)/60)))
		b.rep.AddMeta("speed_alerts", len(res.Alerts))
	}
	b.warn("speed", res.Warnings)
	for _, a := range res.Alerts {
		b.rep.Alertf("%s", a)
	}
}

// speedMonth is res with the leads whose clock started in m only.
func speedMonth(res *speed.Result, m Month) *speed.Result {
	return speedKeep(res, func(label string) bool { return label == m.String() })
}

// speedKeep is a copy of res with the leads whose start month (its label,
// 2026-10) passes ok.
func speedKeep(res *speed.Result, ok func(label string) bool) *speed.Result {
	out := *res
	out.Leads, out.Month = nil, nil
	for i, ld := range res.Leads {
		if ok(velocity.Month.Label(res.Month[i])) {
			out.Leads = append(out.Leads, ld)
			out.Month = append(out.Month, res.Month[i])
		}
	}
	return &out
}

// medianMinutes is the median minutes to the first sales touch of the
// touched leads of res (speed's median_minutes), NaN without one.
func medianMinutes(res *speed.Result) float64 {
	var d []float64
	for _, ld := range res.Leads {
		if ld.Delay >= 0 {
			d = append(d, float64(ld.Delay)/60)
		}
	}
	sort.Float64s(d)
	return velocity.Median(d)
}

// salesTouchNote says what a sales touch was: every row of the sales
// activities file, or the touches of the named types.
func salesTouchNote(res *speed.Result) string {
	if res.Opts.Sales != nil {
		return "every row of " + res.Opts.Sales.Source
	}
	return "touches whose activity type or channel is " + strings.Join(res.Opts.SalesTouch, ", ")
}
