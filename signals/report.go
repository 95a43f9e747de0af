package signals

import (
	"fmt"
	"strings"

	"github.com/funnel-analytics/funnel/accounts"
	"github.com/funnel-analytics/funnel/funnel"
)

// Names of the tables of the `funnel signals` report.
const (
	TableDrops    = "traffic_drop"
	TableTrials   = "stalled_trial"
	TableSurges   = "surge"
	TableTraffic  = "traffic"
	TableBacktest = "backtest"
)

// TestMethod names the test of drops and surges, for reports.
const TestMethod = "exact conditional test of two Poisson rates: k of n = k + baseline ~ Binomial(n, t1/(t1+t0)) under equal rates; one-sided"

// adjustMethod describes each Options.Adjust for the meta.
var adjustMethod = map[string]string{
	AdjustBH:   "Benjamini-Hochberg over the accounts tested in the period (drops: the active accounts with a full baseline; surges: the accounts with enough visits); q = min over j >= i of m p_(j) / j",
	AdjustNone: "none: q = p",
}

// maxAlertNames bounds the accounts an alert line names.
const maxAlertNames = 5

// Report returns the `funnel signals` report: meta, the tables
// traffic_drop (the main one), stalled_trial, surge, traffic and, with
// opportunities, backtest; one alert per kind of signal found.
func (r *Result) Report() *funnel.Report {
	rep := funnel.NewReport("signals", "Account signals for sales")
	o := r.Options
	rep.AddMeta("as_of", funnel.FormatTime(o.AsOf, false))
	rep.AddMeta("period", o.Period.String())
	rep.AddMeta("latest_period", r.Latest)
	rep.AddMeta("baseline_periods", r.Baseline)
	rep.AddMeta("web_types", newTypeSet(o.WebTypes).names())
	rep.AddMeta("trial_signup_types", newTypeSet(o.TrialSignup).names())
	rep.AddMeta("trial_usage_types", newTypeSet(o.TrialUsage).names())
	rep.AddMeta("active_conversation", fmt.Sprintf("an open opportunity, or a stage %s entered within %s", strings.Join(newTypeSet(o.ActiveStages).names(), " or "), funnel.FormatDays(o.Active)))
	rep.AddMeta("drop_rule", fmt.Sprintf("baseline of at least %d visits, a fall of at least %.0f%%, q <= %g", o.MinBaseline, 100*o.Drop, o.Alpha))
	rep.AddMeta("surge_rule", fmt.Sprintf("at least %d visits, a rise of at least %.0f%%, q <= %g", o.MinBaseline, 100*o.Surge, o.Alpha))
	rep.AddMeta("test", TestMethod)
	rep.AddMeta("p_adjust", adjustMethod[o.Adjust])
	rep.AddMeta("stall_rule", fmt.Sprintf("no trial usage for %s (from the signup when none) by the as-of time or the trial's end, a trial lasting %s", funnel.FormatDays(o.StallAfter), funnel.FormatDays(o.TrialLength)))
	rep.AddMeta("content_column", r.ContentColumn)
	rep.AddMeta("web_touches", r.WebTouches)
	rep.AddMeta("traffic_drops", len(r.Drops))
	rep.AddMeta("stalled_trials", len(r.Trials))
	rep.AddMeta("surges", len(r.Surges))
	if b := r.Backtest; b != nil {
		rep.AddMeta("backtest_lost_rate_alerted", fmt.Sprintf("%.4f (%d of %d)", b.Alerted.Rate, b.Alerted.Lost, b.Alerted.Closed))
		rep.AddMeta("backtest_lost_rate_other", fmt.Sprintf("%.4f (%d of %d)", b.Other.Rate, b.Other.Lost, b.Other.Closed))
		rep.AddMeta("backtest_risk_ratio", b.Ratio)
		rep.AddMeta("backtest_risk_ratio_low", b.Low)
		rep.AddMeta("backtest_risk_ratio_high", b.High)
		rep.AddMeta("backtest_interval", accounts.RiskRatioMethod)
		rep.AddMeta("backtest_still_open", b.StillOpen)
	}
	for _, w := range r.Warnings {
		rep.Warnf("%s", w)
	}
	if r.Unmatched > 0 {
		rep.Warnf("%d web touches of no known account count in the traffic table only (no account_id, and a lead_id not in the leads)", r.Unmatched)
	}
	if b := r.Backtest; b != nil && b.Corrected {
		rep.Warnf("the backtest has a group without a lost deal: 0.5 was added to every cell of its risk ratio")
	}
	if b := r.Backtest; b != nil && b.Undated > 0 {
		rep.Warnf("%d closed opportunities without a closed_at date were left out of the backtest", b.Undated)
	}
	r.alerts(rep)
	rep.AddTable(TableDrops, funnel.FrameOf(r.Drops))
	rep.AddTable(TableTrials, funnel.FrameOf(r.Trials))
	rep.AddTable(TableSurges, funnel.FrameOf(r.Surges))
	rep.AddTable(TableTraffic, funnel.FrameOf(r.Traffic))
	rep.AddChart(funnel.Chart{Kind: funnel.LineChart, Title: "Web visits per " + o.Period.String(), Table: TableTraffic, X: "period", Series: []string{"visits", "visitors"}, XTitle: "period", YTitle: "count"})
	if b := r.Backtest; b != nil {
		rep.AddTable(TableBacktest, funnel.FrameOf(b.Periods))
	}
	return rep
}

// alerts adds one alert per kind of signal found, naming its first accounts.
func (r *Result) alerts(rep *funnel.Report) {
	names := func(n int, name func(i int) string) string {
		var parts []string
		for i := 0; i < n && i < maxAlertNames; i++ {
			parts = append(parts, name(i))
		}
		if n > maxAlertNames {
			parts = append(parts, fmt.Sprintf("+%d more", n-maxAlertNames))
		}
		return strings.Join(parts, ", ")
	}
	if n := len(r.Drops); n > 0 {
		rep.Alertf("traffic_drop %s: %d account(s) in a sales conversation visit less: %s", r.Latest, n, names(n, func(i int) string {
			d := r.Drops[i]
			return fmt.Sprintf("%s (%d visits, %.0f%%, p=%.2g)", d.AccountID, d.Visits, 100*d.Change, d.PValue)
		}))
	}
	if n := len(r.Trials); n > 0 {
		rep.Alertf("stalled_trial: %d trial(s) unused for %s or more, %s: %s", n, funnel.FormatDays(r.Options.StallAfter), SuggestedAction, names(n, func(i int) string {
			return fmt.Sprintf("%s (%s, idle %.1f days)", r.Trials[i].AccountID, r.Trials[i].Stall, r.Trials[i].IdleDays)
		}))
	}
	if n := len(r.Surges); n > 0 {
		rep.Alertf("surge %s: %d account(s) visit more: %s", r.Latest, n, names(n, func(i int) string {
			s := r.Surges[i]
			return fmt.Sprintf("%s (%d visits by %d people)", s.AccountID, s.Visits, s.People)
		}))
	}
}
