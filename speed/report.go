package speed

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"

	"github.com/go-gota/gota/dataframe"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/market"
	"github.com/funnel-analytics/funnel/velocity"
)

// Table names of the speed report.
const (
	TableByDelay  = "speed_by_delay"
	TableByMonth  = "speed_by_month"
	TableByOwner  = "speed_by_owner"
	TableBySource = "speed_by_source"
)

// Report builds the funnel.Report of `funnel speed`:
//
//   - table speed_by_delay: delay (Bins), leads, share (of the started
//     leads), then for sql and opportunity: the leads that reached it at or
//     after their start, <stage>_rate (over the leads of the bin that had
//     not reached it before their start) and its Wilson interval
//     <stage>_low, <stage>_high at Opts.Conf.
//   - tables speed_by_month (of the start, in Opts.Location), and, when
//     the leads have the columns, speed_by_owner and speed_by_source: the
//     group, leads, touched (a sales touch by the as-of time),
//     untouched_share, median_minutes and p90_minutes of the delays of
//     the touched leads (velocity.Median, Quantile), under_5m_share and
//     under_1h_share (of all the group's leads).
//   - meta: start, sales_touch (the names, or every row of the sales
//     activities file), leads, touched, median_minutes,
//     p90_minutes, latest_complete_month, alert_median_minutes, alerts.
func (r *Result) Report() *funnel.Report {
	rep := funnel.NewReport("speed", "Speed to lead: from "+r.StartName+" to the first sales touch")
	all := make([]int, len(r.Leads))
	for i := range all {
		all[i] = i
	}
	st := stats(r.Leads, all)
	rep.AddMeta("start", r.StartName)
	if r.Opts.Sales != nil {
		rep.AddMeta("sales_touch", "every row of "+r.Opts.Sales.Source)
	} else {
		rep.AddMeta("sales_touch", r.Opts.SalesTouch)
	}
	rep.AddMeta("leads", len(r.Leads))
	rep.AddMeta("touched", st.touched)
	rep.AddMeta("median_minutes", st.median)
	rep.AddMeta("p90_minutes", st.p90)
	if r.Latest != math.MinInt {
		rep.AddMeta("latest_complete_month", velocity.Month.Label(r.Latest))
	}
	if r.Opts.AlertMedian > 0 {
		rep.AddMeta("alert_median_minutes", float64(r.Opts.AlertMedian)/60)
		rep.AddMeta("alerts", len(r.Alerts))
	}
	for _, w := range r.Warnings {
		rep.Warnf("%s", w)
	}
	for _, a := range r.Alerts {
		rep.Alertf("%s", a)
	}
	rep.AddTable(TableByDelay, r.byDelay())
	rep.AddTable(TableByMonth, r.distribution("month", func(i int) string { return velocity.Month.Label(r.Month[i]) }))
	if r.HasOwner {
		rep.AddTable(TableByOwner, r.distribution("owner", func(i int) string { return r.Leads[i].Owner }))
	}
	if r.HasSource {
		rep.AddTable(TableBySource, r.distribution("source", func(i int) string { return r.Leads[i].Source }))
	}
	return rep
}

// byDelay is the speed_by_delay table.
func (r *Result) byDelay() dataframe.DataFrame {
	nb := len(Bins)
	leads := make([]int, nb)
	var reached, eligible [2][]int
	for o := range reached {
		reached[o], eligible[o] = make([]int, nb), make([]int, nb)
	}
	for _, ld := range r.Leads {
		b := Bin(ld.Delay)
		leads[b]++
		for o, v := range []int8{ld.SQL, ld.Opportunity} {
			if v >= 0 {
				eligible[o][b]++
				reached[o][b] += int(v)
			}
		}
	}
	var f funnel.FrameBuilder
	f.Strings("delay", Bins)
	f.Ints("leads", leads)
	share := make([]float64, nb)
	for b := range share {
		share[b] = float64(leads[b]) / float64(len(r.Leads))
	}
	f.Floats("share", share)
	for o, name := range []string{"sql", "opportunity"} {
		if (o == 0 && !r.HasSQL) || (o == 1 && !r.HasOpp) {
			continue
		}
		rate, lo, hi := make([]float64, nb), make([]float64, nb), make([]float64, nb)
		for b := range rate {
			rate[b] = math.NaN()
			if eligible[o][b] > 0 {
				rate[b] = float64(reached[o][b]) / float64(eligible[o][b])
			}
			lo[b], hi[b] = market.Wilson(reached[o][b], eligible[o][b], r.Opts.Conf)
		}
		f.Ints(name, reached[o])
		f.Floats(name+"_rate", rate)
		f.Floats(name+"_low", lo)
		f.Floats(name+"_high", hi)
	}
	return f.Frame()
}

// groupStats are the delay figures of a group of leads.
type groupStats struct {
	leads, touched   int
	median, p90      float64 // minutes, of the touched
	under5m, under1h int
}

// stats computes the figures of the leads rows.
func stats(leads []Lead, rows []int) groupStats {
	g := groupStats{leads: len(rows)}
	var d []float64
	for _, i := range rows {
		x := leads[i].Delay
		if x < 0 {
			continue
		}
		d = append(d, float64(x)/60)
		if x < 5*60 {
			g.under5m++
		}
		if x < 3600 {
			g.under1h++
		}
	}
	sort.Float64s(d)
	g.touched = len(d)
	g.median, g.p90 = velocity.Median(d), velocity.Quantile(0.9, d)
	return g
}

// distribution is a speed_by_<name> table: one row per group label (in
// sorted order; "" for a missing value).
func (r *Result) distribution(name string, label func(i int) string) dataframe.DataFrame {
	rows := map[string][]int{}
	for i := range r.Leads {
		l := label(i)
		rows[l] = append(rows[l], i)
	}
	labels := slices.Sorted(maps.Keys(rows))
	out := make([]groupRow, len(labels))
	for k, l := range labels {
		g := stats(r.Leads, rows[l])
		n := float64(g.leads)
		out[k] = groupRow{g.leads, g.touched, float64(g.leads-g.touched) / n, g.median, g.p90,
			float64(g.under5m) / n, float64(g.under1h) / n}
	}
	var f funnel.FrameBuilder
	f.Strings(name, labels)
	return funnel.InsertColumns(funnel.FrameOf(out), 0, f.Frame())
}

// groupRow is a row of a speed_by_<name> table, after its label.
type groupRow struct {
	Leads     int     `table:"leads"`
	Touched   int     `table:"touched"`
	Untouched float64 `table:"untouched_share"`
	Median    float64 `table:"median_minutes"`
	P90       float64 `table:"p90_minutes"`
	Under5m   float64 `table:"under_5m_share"`
	Under1h   float64 `table:"under_1h_share"`
}

// alert judges the latest complete month: its median delay, a lead
// without a sales touch by the as-of time counting as slower than any,
// against Opts.AlertMedian.
func (r *Result) alert() {
	if r.Opts.AlertMedian <= 0 {
		return
	}
	var d []float64
	for i, ld := range r.Leads {
		if r.Month[i] != r.Latest {
			continue
		}
		x := math.Inf(1)
		if ld.Delay >= 0 {
			x = float64(ld.Delay)
		}
		d = append(d, x)
	}
	if len(d) == 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("no lead started in %s, the latest complete month: the median delay was not judged", velocity.Month.Label(r.Latest)))
		return
	}
	sort.Float64s(d)
	m := velocity.Median(d)
	if m > float64(r.Opts.AlertMedian) {
		what := fmt.Sprintf("%.1f minutes", m/60)
		if math.IsInf(m, 1) {
			what = "none: half the leads or more had no sales touch"
		}
		r.Alerts = append(r.Alerts, fmt.Sprintf("speed to lead in %s: median delay from %s to the first sales touch %s, over the threshold of %.0f minutes (%d leads)",
			velocity.Month.Label(r.Latest), r.StartName, what, float64(r.Opts.AlertMedian)/60, len(d)))
	}
}
