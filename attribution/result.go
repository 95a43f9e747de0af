package attribution

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/go-gota/gota/dataframe"

	"github.com/funnel-analytics/funnel/funnel"
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
//     markov and shapley details, and outcome_source (journeys built from
//     opportunities).
//   - a bar chart of conversions credited per channel and model.
func (r *Result) Report() *funnel.Report {
	by := r.Journeys.CreditedBy()
	rep := funnel.NewReport("attribute", "Multi-touch attribution by "+by)
	r.addMeta(rep)
	for _, w := range r.Warnings {
		rep.Warnf("%s", w)
	}
	names := r.rowNames(rep, by)
	var cost []float64
	if r.Costs != nil {
		cost = make([]float64, len(names))
		for i, n := range names {
			cost[i] = r.Costs.Cost[n]
		}
	}
	rep.AddTable(TableAttribution, r.attributionTable(by, names, cost))
	if m := r.Markov; m != nil {
		rep.AddTable(TableTransitions, funnel.FrameOf(m.Transitions()))
	}
	if r.Costs != nil {
		r.addCampaignROI(rep, names, cost)
	}
	r.addCurrencies(rep)
	var chartSeries []string
	for _, c := range r.Credits {
		chartSeries = append(chartSeries, c.Model.String()+"_conversions")
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

// addMeta adds the meta of the report: the journeys' counts and totals,
// the models, the markov and shapley details, and where the outcomes came
// from.
func (r *Result) addMeta(rep *funnel.Report) {
	j := r.Journeys
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
	if j.OutcomeSource != "" {
		rep.AddMeta("outcome_source", j.OutcomeSource)
	}
}

// rowNames returns the rows of the attribution table: the channels, then
// the channels (of what by names) that only have a cost, named in a
// warning.
func (r *Result) rowNames(rep *funnel.Report, by string) []string {
	j := r.Journeys
	names := slices.Clone(j.Channels())
	if r.Costs == nil {
		return names
	}
	var extra []string
	for _, n := range r.Costs.Names {
		if _, ok := j.chanIndex[n]; !ok {
			extra = append(extra, n)
		}
	}
	if len(extra) > 0 {
		rep.Warnf("%d %s with a cost but no touches: %s", len(extra), by, strings.Join(extra, ", "))
	}
	return append(names, extra...)
}

// attributionTable returns the attribution table of the rows names (whose
// cost is cost, nil without costs).
func (r *Result) attributionTable(by string, names []string, cost []float64) dataframe.DataFrame {
	rows := len(names)
	var f funnel.FrameBuilder
	f.Strings(by, names)
	for _, c := range r.Credits {
		id := c.Model.String()
		f.Floats(id+"_conversions", padded(c.Conversions, rows))
		f.Floats(id+"_value", padded(c.Value, rows))
	}
	if m := r.Markov; m != nil {
		f.Floats("markov_removal_effect", padded(m.RemovalEffect, rows))
		f.Floats("markov_removal_effect_value", padded(m.RemovalEffectValue, rows))
	}
	if cost != nil {
		f.Floats("cost", cost)
		for _, c := range r.Credits {
			id := c.Model.String()
			f.Floats(id+"_cost_per_conversion", costsPer(cost, padded(c.Conversions, rows)))
			f.Floats(id+"_roi", rois(padded(c.Value, rows), cost))
		}
	}
	return f.Frame()
}

// addCampaignROI adds the single-source view next to the multi-touch view.
func (r *Result) addCampaignROI(rep *funnel.Report, names []string, cost []float64) {
	j := r.Journeys
	rows := len(names)
	leads := padded(FirstTouchJourneys(j), rows)
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
	fc, fv := padded(first.Conversions, rows), padded(first.Value, rows)
	rate := make([]float64, rows)
	for i := range names {
		rate[i] = math.NaN()
		if leads[i] > 0 {
			rate[i] = fc[i] / leads[i]
		}
	}
	var f funnel.FrameBuilder
	f.Strings(j.CreditedBy(), names)
	f.Floats("cost", cost)
	f.Floats("leads", leads)
	f.Floats("cost_per_lead", costsPer(cost, leads))
	f.Floats("first_touch_conversions", fc)
	f.Floats("conversion_rate", rate)
	f.Floats("first_touch_value", fv)
	f.Floats("first_touch_roi", rois(fv, cost))
	if multi != nil {
		id := multi.Model.String()
		mv := padded(multi.Value, rows)
		f.Floats(id+"_conversions", padded(multi.Conversions, rows))
		f.Floats(id+"_value", mv)
		f.Floats(id+"_roi", rois(mv, cost))
	}
	rep.AddTable(TableCampaignROI, f.Frame())
}

// padded returns a copy of v with n elements, zeros after v's.
func padded(v []float64, n int) []float64 {
	out := make([]float64, n)
	copy(out, v)
	return out
}

// costsPer returns the cost per unit of each row:
// CostPerConversion(cost[i], n[i]).
func costsPer(cost, n []float64) []float64 {
	out := make([]float64, len(cost))
	for i := range out {
		out[i] = CostPerConversion(cost[i], n[i])
	}
	return out
}

// rois returns the ROI of each row: ROI(value[i], cost[i]).
func rois(value, cost []float64) []float64 {
	out := make([]float64, len(cost))
	for i := range out {
		out[i] = ROI(value[i], cost[i])
	}
	return out
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
