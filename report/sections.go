package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/funnel-analytics/funnel/accounts"
	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/market"
	"github.com/funnel-analytics/funnel/velocity"
)

// velocity adds the Velocity sheet (velocity by month with its line chart,
// and the trend per transition) and the Conversion sheet over the months
// up to the report's, raises the slow-down alerts on the report's month,
// and adds each transition's mean days and each stage's entries to the
// key figures.
func (b *builder) velocity() error {
	ds := b.ds
	if ds.Stages == nil {
		b.skip("velocity and conversion", "no stage history (stages input)")
		return nil
	}
	months := b.opts.Months
	if months <= 0 {
		months = DefaultMonths
	}
	months = max(months, 2) // the key figures compare with the month before
	vo := b.opts.Velocity
	if vo.AlertSlower > 0 {
		months = max(months, 4) // an alert compares the month with the three before
	}
	vo.Location = b.opts.Location
	vo.From = b.m.Start.AddDate(0, -(months - 1), 0)
	vo.To = b.m.Start
	vo.AsOf = b.m.End
	vo.Detail = false
	res, err := velocity.Analyze(ds, vo)
	if err != nil {
		return fmt.Errorf("velocity: %w", err)
	}
	sub := res.Report()
	b.add(sub, "velocity", "velocity", SheetVelocity)
	b.add(sub, "trend", "velocity_trend", SheetVelocity)
	b.add(sub, "conversion", "conversion", SheetConversion)
	b.warn("velocity", res.Warnings)
	for _, a := range res.Alerts {
		b.rep.Alertf("%s", a.Message)
	}
	b.rep.AddMeta("ladder", append([]string(nil), res.Ladder.Stages...))
	b.rep.AddMeta("velocity_periods", fmt.Sprintf("%s to %s (%s)", vo.From.Format("2006-01"), b.m, res.Period))
	if vo.AlertSlower > 0 {
		b.rep.AddMeta("alert_rule", fmt.Sprintf("a transition whose %s mean is at least %.4g%% slower than the mean of the three periods before (each with at least %d transitions)",
			b.m, 100*vo.AlertSlower, max(vo.AlertMin, 1)))
		b.rep.AddMeta("alerts", len(res.Alerts))
	}
	if p := res.Pipeline; p != nil {
		b.rep.AddMeta("pipeline_velocity_per_month", p.PerMonth)
	}
	if res.Period != velocity.Month {
		return nil // period figures only compare months
	}
	cur, prev := b.m.String(), b.prev.String()
	entered := map[string][2]float64{}
	for _, r := range res.Conversion {
		if len(r.Group) > 0 {
			continue
		}
		e := entered[r.Stage]
		switch r.Period {
		case cur:
			e[0] += float64(r.Entered)
		case prev:
			e[1] += float64(r.Entered)
		}
		entered[r.Stage] = e
	}
	for _, s := range res.Ladder.Stages {
		if e, ok := entered[s]; ok { // the last stage has no conversion row
			b.figures.add("entered_"+funnel.SnakeCase(s, "stage"), e[0], e[1])
		}
	}
	days := map[string][2]float64{}
	var pairs []string
	for _, r := range res.Velocity {
		if len(r.Group) > 0 {
			continue
		}
		key := funnel.SnakeCase(r.From, "stage") + "_to_" + funnel.SnakeCase(r.To, "stage")
		d, seen := days[key]
		if !seen {
			d = [2]float64{math.NaN(), math.NaN()}
			pairs = append(pairs, key)
		}
		switch r.Period {
		case cur:
			d[0] = r.MeanDays
		case prev:
			d[1] = r.MeanDays
		}
		days[key] = d
	}
	for _, k := range pairs {
		b.figures.addLower("days_"+k, days[k][0], days[k][1])
	}
	return nil
}

// accounts adds the Accounts sheet: the accounts that became
// high-intensity in the month, and the count next to the previous month's.
// Its analysis (with the target share over the report's months) is kept
// for the ABM sheet: one pass over the touches for both.
func (b *builder) accounts() error {
	ds := b.ds
	if ds.Touches == nil || (ds.Leads == nil && !ds.Touches.Has(funnel.RoleAccountID)) {
		b.skip("accounts", "no touches with accounts (touches with account_id, or leads with account_id)")
		return nil
	}
	if !ds.Touches.Has(funnel.RoleAccountID) && (ds.Leads == nil || !ds.Leads.Has(funnel.RoleAccountID)) {
		b.skip("accounts", "neither the touches nor the leads name accounts (account_id)")
		return nil
	}
	cfg := b.opts.Accounts
	cfg.AsOf = b.m.End.Unix()
	cfg.Lookalike, cfg.Patterns, cfg.BacktestAsOf = false, false, 0
	cfg.ShareMonths = max(b.opts.Months, 0) // the ABM sheet's window (abm)
	if cfg.ShareMonths == 0 {
		cfg.ShareMonths = DefaultMonths
	}
	a, err := accounts.Analyze(ds, cfg)
	if err != nil {
		return fmt.Errorf("accounts: %w", err)
	}
	b.acct = a
	sub := a.Report()
	var fresh []accounts.Account
	var before float64
	for _, ac := range a.Accounts {
		switch {
		case b.m.Contains(ac.HighIntensitySince):
			fresh = append(fresh, ac)
		case b.prev.Contains(ac.HighIntensitySince):
			before++
		}
	}
	b.figures.add("new_high_intensity_accounts", float64(len(fresh)), before)
	// The quarters and their chart first: the list of accounts may run to
	// hundreds of rows, and the chart stands beside its table.
	b.add(sub, accounts.TableQuarters, "high_intensity_by_quarter", SheetAccounts)
	b.rep.AddTable("new_high_intensity_accounts", a.AccountsTable(fresh))
	b.rep.SetSheet("new_high_intensity_accounts", SheetAccounts)
	if v, ok := sub.MetaValue("high_intensity_rule"); ok {
		b.rep.AddMeta("high_intensity_rule", v)
	}
	for _, k := range []string{"opportunity_rate_ratio", "opportunity_rate_ratio_ci_low", "opportunity_rate_ratio_ci_high"} {
		if v, ok := sub.MetaValue(k); ok {
			b.rep.AddMeta("accounts_"+k, v)
		}
	}
	b.warn("accounts", a.Warnings)
	return nil
}

// market adds the Market sheet when the report has market settings.
func (b *builder) market() error {
	if b.opts.Market == nil {
		b.skip("market", "no price (size: price or prices in the config)")
		return nil
	}
	if b.ds.Accounts == nil && b.ds.Leads == nil {
		b.skip("market", "no accounts or leads")
		return nil
	}
	mo := *b.opts.Market
	mo.AsOf = b.m.End
	if mo.Order == nil {
		mo.Order = b.opts.Velocity.Order
	}
	res, err := market.Size(b.ds, mo)
	if err != nil {
		return fmt.Errorf("market: %w", err)
	}
	sub := res.Report()
	b.add(sub, "market", "market", SheetMarket)
	b.add(sub, "market_chart", "market_chart", SheetMarket)
	for _, k := range []string{"target_accounts", "market_size", "expected_revenue"} {
		if v, ok := sub.MetaValue(k); ok {
			b.rep.AddMeta("market_"+strings.TrimPrefix(k, "market_"), v)
		}
	}
	b.warn("market", res.Warnings)
	return nil
}

// attribution adds the Attribution sheet: the month's won deals (B2B
// journeys ending at their opportunity's close in the month; lost deals
// closed in the month are the null journeys) credited to channels by every
// model, with the bar chart, and the Markov leader in the meta.
func (b *builder) attribution() error {
	ds := b.ds
	if ds.Touches == nil || ds.Opportunities == nil {
		b.skip("attribution", "needs touches and opportunities")
		return nil
	}
	jo := b.opts.Journeys
	jo.From, jo.To = b.m.Start.Unix(), b.m.End.Unix()
	j, err := attribution.FromOpportunities(ds, jo)
	if err != nil {
		return fmt.Errorf("attribution: %w", err)
	}
	conv, value, _ := j.Totals()
	if conv == 0 {
		b.skip("attribution", "no won deal with touches closed in "+b.m.String())
		b.warn("attribution", j.Warnings)
		return nil
	}
	cfg := b.opts.Attribution
	if cfg.Costs == nil {
		if cfg.Costs, err = j.CostsFrom(ds.Costs); err != nil {
			return fmt.Errorf("attribution: %w", err)
		}
	}
	res, err := attribution.Attribute(j, cfg)
	if err != nil {
		return fmt.Errorf("attribution: %w", err)
	}
	sub := res.Report()
	b.add(sub, attribution.TableAttribution, "attribution", SheetAttribution)
	for _, t := range sub.Tables {
		if t.Name == "campaign_roi" {
			b.add(sub, t.Name, t.Name, SheetAttribution)
		}
	}
	b.rep.AddMeta("attributed_deals", conv)
	b.rep.AddMeta("attributed_value", value)
	b.warn("attribution", res.Warnings)
	return nil
}
