package nurture

import (
	"fmt"
	"math"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/market"
	"github.com/funnel-analytics/funnel/velocity"
)

// cadenceEdges are the lower edges of the cadence bins after "none", as
// shares of the target cadence.
var cadenceEdges = []float64{0, 0.25, 0.5, 1, 1.5}

// cadenceLabels name the cadence bins.
var cadenceLabels = []string{"none", "under 25% of target", "25-50% of target", "50-100% of target", "100-150% of target", "150% of target or more"}

// FrequencyEdges are the lower edges (touches per week) of the contact
// frequency bins after "none".
var FrequencyEdges = []float64{0, 0.5, 1, 2, 3}

var frequencyLabels = []string{"none", "under 0.5/wk", "0.5-1/wk", "1-2/wk", "2-3/wk", "3/wk or more"}

// BinRow is a row of nurture_cadence: the leads whose touches per week
// in their first Weeks weeks fall in a bin, and the share of them that
// reached the outcome stage by AsOf, with its Wilson interval.
type BinRow struct {
	Bin      string  `table:"cadence"`
	From     float64 `table:"from_per_week"`
	To       float64 `table:"to_per_week"`
	Leads    int     `table:"leads"`
	Share    float64 `table:"share"`
	Mean     float64 `table:"mean_per_week"`
	Reached  int     `table:"reached"`
	Rate     float64 `table:"rate"`
	Low      float64 `table:"rate_low"`
	High     float64 `table:"rate_high"`
	perWeeks float64
}

// binOf returns the bin of x among edges (bin 0: x == 0; bin i+1: x at
// or over edges[i] and under edges[i+1]).
func binOf(x float64, edges []float64) int {
	if x <= 0 {
		return 0
	}
	b := 1
	for i := 1; i < len(edges); i++ {
		if x >= edges[i] {
			b = i + 1
		}
	}
	return b
}

// TargetPerWeek is the target cadence in touches per week.
func (o *Options) TargetPerWeek() float64 { return float64(o.TargetTouches) / float64(o.TargetWeeks) }

// cadence fills Cadence: every lead created at least Weeks weeks before
// AsOf, by its touches in [created, created + Weeks weeks) per week
// against the target, and whether it reached the outcome stage by AsOf.
func (r *Result) cadence() {
	window := int64(r.Opts.Weeks) * 7 * funnel.SecondsPerDay
	target := r.Opts.TargetPerWeek()
	rows := make([]BinRow, len(cadenceLabels))
	for b := range rows {
		rows[b].Bin = cadenceLabels[b]
		rows[b].From, rows[b].To = 0, 0
		if b > 0 {
			rows[b].From, rows[b].To = cadenceEdges[b-1]*target, math.Inf(1)
			if b < len(cadenceEdges) {
				rows[b].To = cadenceEdges[b] * target
			}
		}
	}
	n := 0
	for i := range r.leads {
		ld := &r.leads[i]
		end := ld.created + window
		if end > r.Opts.AsOf {
			continue
		}
		c := 0
		for _, row := range ld.touches {
			if t := r.when.Times[row]; t >= ld.created && t < end {
				c++
			}
		}
		perWeek := float64(c) / float64(r.Opts.Weeks)
		b := &rows[binOf(perWeek/target, cadenceEdges)]
		b.Leads++
		b.perWeeks += perWeek
		if ld.reached(r.outcome) {
			b.Reached++
		}
		n++
	}
	for b := range rows {
		row := &rows[b]
		row.Share, row.Mean, row.Rate = math.NaN(), math.NaN(), math.NaN()
		if n > 0 {
			row.Share = float64(row.Leads) / float64(n)
		}
		if row.Leads > 0 {
			row.Mean = row.perWeeks / float64(row.Leads)
			row.Rate = float64(row.Reached) / float64(row.Leads)
		}
		row.Low, row.High = market.Wilson(row.Reached, row.Leads, r.Opts.Conf)
	}
	r.Cadence = rows
}

// FrequencyRow is a row of nurture_frequency: lead-months by the touches
// per week of the month, and how many of them dropped out after it: no
// touch in the Dormant after the month's end (went dormant), or an
// unsubscribe in the month or that span.
type FrequencyRow struct {
	Bin          string  `table:"frequency"`
	LeadMonths   int     `table:"lead_months"`
	Dropped      int     `table:"went_dormant"`
	Rate         float64 `table:"dormant_rate"`
	Low          float64 `table:"dormant_low"`
	High         float64 `table:"dormant_high"`
	Unsubscribed int     `table:"unsubscribed"`
	UnsubRate    float64 `table:"unsubscribe_rate"`
}

// frequency fills Frequency: each month m whose end plus Dormant is at or
// before AsOf, and each lead active at its start S (created before S, not
// unsubscribed before S, a touch or its creation in the Dormant before
// S), binned by its touches in the month per week (touches / (days of
// the month / 7)).
func (r *Result) frequency() {
	first, last := r.months()
	loc := r.Opts.Location
	rows := make([]FrequencyRow, len(frequencyLabels))
	for b := range rows {
		rows[b].Bin = frequencyLabels[b]
	}
	// bounds[j] and bounds[j+1] are the start and end of the j-th month
	// judged.
	var bounds []int64
	for m := first; m <= last; m++ {
		end := velocity.Month.Start(m+1, loc)
		if end+r.Opts.Dormant > r.Opts.AsOf {
			break
		}
		if bounds == nil {
			bounds = append(bounds, velocity.Month.Start(m, loc))
		}
		bounds = append(bounds, end)
	}
	times := r.when.Times
	for i := range r.leads {
		ld := &r.leads[i]
		k := 0 // the lead's first touch at or after the month's start
		for j := 0; j+1 < len(bounds); j++ {
			start, end := bounds[j], bounds[j+1]
			if ld.created >= start || (ld.unsub != funnel.NoTime && ld.unsub < start) {
				continue
			}
			var lastAct int64
			lastAct, k = r.lastBefore(ld, start, k)
			if start-lastAct >= r.Opts.Dormant {
				continue // dormant already
			}
			weeks := float64(end-start) / (7 * funnel.SecondsPerDay)
			c := 0
			for k < len(ld.touches) && times[ld.touches[k]] < end {
				c++
				k++
			}
			row := &rows[binOf(float64(c)/weeks, FrequencyEdges)]
			row.LeadMonths++
			if k == len(ld.touches) || times[ld.touches[k]] >= end+r.Opts.Dormant {
				row.Dropped++
			}
			if ld.unsub != funnel.NoTime && ld.unsub < end+r.Opts.Dormant {
				row.Unsubscribed++
			}
		}
	}
	for b := range rows {
		row := &rows[b]
		row.Rate, row.UnsubRate = math.NaN(), math.NaN()
		if row.LeadMonths > 0 {
			row.Rate = float64(row.Dropped) / float64(row.LeadMonths)
			row.UnsubRate = float64(row.Unsubscribed) / float64(row.LeadMonths)
		}
		row.Low, row.High = market.Wilson(row.Dropped, row.LeadMonths, r.Opts.Conf)
	}
	r.Frequency = rows
}

// targetLabel writes the target cadence, "30 touches in 13 weeks".
func (o *Options) targetLabel() string {
	return fmt.Sprintf("%d touches in %d weeks", o.TargetTouches, o.TargetWeeks)
}
