package attribution

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// Table names of the attribute report.
const (
	TableAttribution = "attribution"
	TableTransitions = "transitions"
	TableCampaignROI = "campaign_roi"
)

// Report builds the funnel.Report of `funnel attribute`:
//
//   - table attribution: the by column (named after it, e.g. channel), then
//     per model <model>_conversions and <model>_value, then (with markov)
//     markov_removal_effect and markov_removal_effect_value; with costs,
//     cost and per model <model>_cost_per_conversion and <model>_roi
//     (value / cost). Rows are the channels in order of first appearance,
//     then channels that only have a cost. Undefined ratios are NaN.
//   - table transitions (with markov): from, to, transitions, probability.
//   - table campaign_roi (with costs): the single-source view (leads =
//     journeys whose first touch is the channel, cost_per_lead,
//     first_touch_conversions, conversion_rate, first_touch_value,
//     first_touch_roi) next to the multi-touch view of markov (else
//     linear_touch): <model>_conversions, <model>_value, <model>_roi.
//   - meta: journeys, converting_journeys, null_journeys, distinct_paths,
//     channels, total_conversions, total_value, lookback, models, and the
//     markov and shapley details.
//   - a bar chart of conversions credited per channel and model.
func (r *Result) Report() *funnel.Report {
	j := r.Journeys
	by := j.By
	if by == "" {
		by = funnel.RoleChannel
	}
	rep := funnel.NewReport("attribute", "Multi-touch attribution by "+by)
	conv, value, nulls := j.Totals()
	rep.AddMeta("journeys", count(conv+nulls))
	rep.AddMeta("converting_journeys", count(conv))
	rep.AddMeta("null_journeys", count(nulls))
	rep.AddMeta("distinct_paths", j.NumPaths())
	rep.AddMeta("channels", j.NumChannels())
	rep.AddMeta("total_conversions", conv)
	rep.AddMeta("total_value", value)
	rep.AddMeta("lookback", FormatLookback(j.Lookback))
	if j.Unattributed > 0 {
		rep.AddMeta("unattributed_conversions", j.Unattributed)
		rep.AddMeta("unattributed_value", j.UnattributedValue)
	}
	ids := make([]string, len(r.Credits))
	for i, c := range r.Credits {
		ids[i] = c.Model.String()
	}
	rep.AddMeta("models", ids)
	if m := r.Markov; m != nil {
		rep.AddMeta("markov_order", m.Order)
		rep.AddMeta("markov_order_auto", r.Order != nil)
		if r.Order != nil {
			for k, auc := range r.Order.AUC {
				rep.AddMeta(fmt.Sprintf("markov_order_%d_test_auc", k+1), auc)
			}
		}
		rep.AddMeta("markov_states", m.States)
		rep.AddMeta("markov_conversion_probability", m.ConversionProbability)
		rep.AddMeta("markov_expected_value", m.ExpectedValue)
	}
	if s := r.Shapley; s != nil {
		rep.AddMeta("shapley_function", s.Function.String())
		rep.AddMeta("shapley_definition", s.Definition)
		if s.Function == ShapleyRate {
			rep.AddMeta("shapley_min_journeys", count(s.MinJourneys))
			rep.AddMeta("shapley_unmeasured_coalitions", s.Unmeasured)
		}
	}
	for _, w := range r.Warnings {
		rep.Warnf("%s", w)
	}

	// Rows: channels, then channels that only have a cost.
	names := slices.Clone(j.Channels())
	if r.Costs != nil {
		var extra []string
		for _, n := range r.Costs.Names {
			if _, ok := j.chanIndex[n]; !ok {
				extra = append(extra, n)
			}
		}
		if len(extra) > 0 {
			rep.Warnf("%d %s with a cost but no touches: %s", len(extra), by, strings.Join(extra, ", "))
		}
		names = append(names, extra...)
	}
	rows := len(names)
	pad := func(v []float64) []float64 {
		out := make([]float64, rows)
		copy(out, v)
		return out
	}
	cols := []series.Series{series.New(names, series.String, by)}
	var chartSeries []string
	for _, c := range r.Credits {
		id := c.Model.String()
		cols = append(cols,
			series.New(pad(c.Conversions), series.Float, id+"_conversions"),
			series.New(pad(c.Value), series.Float, id+"_value"))
		chartSeries = append(chartSeries, id+"_conversions")
	}
	if m := r.Markov; m != nil {
		cols = append(cols,
			series.New(pad(m.RemovalEffect), series.Float, "markov_removal_effect"),
			series.New(pad(m.RemovalEffectValue), series.Float, "markov_removal_effect_value"))
	}
	var cost []float64
	if r.Costs != nil {
		cost = make([]float64, rows)
		for i, n := range names {
			cost[i] = r.Costs.Cost[n]
		}
		cols = append(cols, series.New(cost, series.Float, "cost"))
		for _, c := range r.Credits {
			id := c.Model.String()
			cpc, roi := make([]float64, rows), make([]float64, rows)
			cv, vv := pad(c.Conversions), pad(c.Value)
			for i := range names {
				cpc[i] = CostPerConversion(cost[i], cv[i])
				roi[i] = ROI(vv[i], cost[i])
			}
			cols = append(cols,
				series.New(cpc, series.Float, id+"_cost_per_conversion"),
				series.New(roi, series.Float, id+"_roi"))
		}
	}
	rep.AddTable(TableAttribution, dataframe.New(cols...))

	if m := r.Markov; m != nil {
		tr := m.Transitions()
		from, to := make([]string, len(tr)), make([]string, len(tr))
		n, p := make([]float64, len(tr)), make([]float64, len(tr))
		for i, t := range tr {
			from[i], to[i], n[i], p[i] = t.From, t.To, t.Count, t.Probability
		}
		rep.AddTable(TableTransitions, dataframe.New(
			series.New(from, series.String, "from"),
			series.New(to, series.String, "to"),
			series.New(n, series.Float, "transitions"),
			series.New(p, series.Float, "probability")))
	}

	if r.Costs != nil {
		r.addCampaignROI(rep, names, cost)
	}
	rep.AddChart(funnel.Chart{
		Kind:   funnel.BarChart,
		Title:  "Conversions credited by " + by + " and model",
		Table:  TableAttribution,
		X:      by,
		Series: chartSeries,
		XTitle: by,
		YTitle: "conversions",
	})
	return rep
}

// addCampaignROI adds the single-source view next to the multi-touch view.
func (r *Result) addCampaignROI(rep *funnel.Report, names []string, cost []float64) {
	j := r.Journeys
	rows := len(names)
	leads := make([]float64, rows)
	copy(leads, FirstTouchJourneys(j))
	first, multi := r.credit(FirstTouch), r.credit(Markov)
	if multi == nil {
		multi = r.credit(LinearTouch)
	}
	if first == nil {
		cr, err := Heuristic(j, FirstTouch, HeuristicConfig{})
		if err != nil {
			return
		}
		first = cr
	}
	by := j.By
	if by == "" {
		by = funnel.RoleChannel
	}
	fc, fv := make([]float64, rows), make([]float64, rows)
	copy(fc, first.Conversions)
	copy(fv, first.Value)
	cpl, rate, roi := make([]float64, rows), make([]float64, rows), make([]float64, rows)
	for i := range names {
		cpl[i] = CostPerConversion(cost[i], leads[i])
		rate[i] = math.NaN()
		if leads[i] > 0 {
			rate[i] = fc[i] / leads[i]
		}
		roi[i] = ROI(fv[i], cost[i])
	}
	cols := []series.Series{
		series.New(names, series.String, by),
		series.New(cost, series.Float, "cost"),
		series.New(leads, series.Float, "leads"),
		series.New(cpl, series.Float, "cost_per_lead"),
		series.New(fc, series.Float, "first_touch_conversions"),
		series.New(rate, series.Float, "conversion_rate"),
		series.New(fv, series.Float, "first_touch_value"),
		series.New(roi, series.Float, "first_touch_roi"),
	}
	if multi != nil {
		id := multi.Model.String()
		mc, mv, mroi := make([]float64, rows), make([]float64, rows), make([]float64, rows)
		copy(mc, multi.Conversions)
		copy(mv, multi.Value)
		for i := range names {
			mroi[i] = ROI(mv[i], cost[i])
		}
		cols = append(cols,
			series.New(mc, series.Float, id+"_conversions"),
			series.New(mv, series.Float, id+"_value"),
			series.New(mroi, series.Float, id+"_roi"))
	}
	rep.AddTable(TableCampaignROI, dataframe.New(cols...))
}

// credit returns the credit of model m, or nil when it did not run.
func (r *Result) credit(m Model) *Credit {
	for _, c := range r.Credits {
		if c.Model == m {
			return c
		}
	}
	return nil
}

// count returns x as an int64 when it is a whole number (journey counts of
// path tables are floats), else x.
func count(x float64) any {
	if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
		return int64(x)
	}
	return x
}

// FormatLookback writes a lookback window in seconds as analysts write it:
// "unlimited" for 0, else "90d", "12h", "30m" or "45s", the largest unit
// that divides it.
func FormatLookback(sec int64) string {
	switch {
	case sec <= 0:
		return "unlimited"
	case sec%86400 == 0:
		return fmt.Sprintf("%dd", sec/86400)
	case sec%3600 == 0:
		return fmt.Sprintf("%dh", sec/3600)
	case sec%60 == 0:
		return fmt.Sprintf("%dm", sec/60)
	}
	return fmt.Sprintf("%ds", sec)
}
