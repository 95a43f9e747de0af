package main

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/funnel-analytics/funnel/accounts"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/sample"
)

// demoBacktestMonths is how far before the sample's end the demo ranks
// the lookalikes: they are then followed for as long (accounts'
// DefaultHorizon, 180 days).
const demoBacktestMonths = 6

// plantedLookalike is a row of the demo's planted_lookalike table: a
// ranking of the accounts the backtest ranked, its top group's and the
// others' conversion after the backtest's as-of time, their rate ratio
// with its Katz interval, and the share of the top group in the planted
// ideal profile.
type plantedLookalike struct {
	Ranking       string  `table:"ranking"`
	TopAccounts   int     `table:"top_accounts"`
	TopRate       float64 `table:"top_rate"`
	OtherRate     float64 `table:"other_rate"`
	RateRatio     float64 `table:"rate_ratio"`
	Low           float64 `table:"ci_low"`
	High          float64 `table:"ci_high"`
	IdealShareTop float64 `table:"ideal_profile_share_of_top"`
	// VsPlanted places the interval against the planted ratio of the
	// whole set: covers, above or below it.
	VsPlanted string `table:"vs_planted"`
}

// demoABM backtests the lookalikes on the sample (ranked on the account
// profile alone, industry, region and employees, as of
// demoBacktestMonths before its end) and lays the planted ideal profile
// (truth.json's lookalike) next to them: the profile's rate ratio over
// the whole set as planted, the same ratio over the backtest's accounts
// and window, and the lookalikes' top decile and top group as large as
// the profile. It adds the planted_lookalike table to rep and the
// backtest's report to full.
func demoABM(rep, full *funnel.Report, ds *funnel.Dataset, truth *sample.Truth) error {
	la := truth.Lookalike
	end, err := time.Parse(time.DateOnly, truth.Config.End)
	if err != nil {
		return fmt.Errorf("demo lookalike: truth.json end: %w", err)
	}
	cfg := accounts.Options{NoEngagement: true, Seed: 1, LookalikeFeatures: []string{"industry", "region", "employees"},
		BacktestAsOf: end.AddDate(0, 0, 1).AddDate(0, -demoBacktestMonths, 0).Unix()} // the end of the last day, back
	decile, err := accounts.Analyze(ds, cfg)
	if err != nil {
		return fmt.Errorf("demo lookalike: %w", err)
	}
	cfg.Top = math.MaxInt32 // every ranked account, in rank order
	all, err := accounts.Analyze(ds, cfg)
	if err != nil {
		return fmt.Errorf("demo lookalike: %w", err)
	}
	ranked := all.Backtest.Accounts
	ideal := idealAccounts(ds, la.IdealProfile)
	inIdeal := func(b accounts.BacktestAccount) bool { return ideal[b.ID] }
	nIdeal := 0
	for _, b := range ranked {
		if inIdeal(b) {
			nIdeal++
		}
	}
	top := func(n int) func(int, accounts.BacktestAccount) bool {
		return func(r int, _ accounts.BacktestAccount) bool { return r < n }
	}
	rows := []plantedLookalike{
		{Ranking: "planted ideal profile, whole set (truth.json)", TopAccounts: len(ideal),
			TopRate: la.IdealPositiveRate, OtherRate: la.OtherPositiveRate, RateRatio: la.IdealPositiveRate / la.OtherPositiveRate,
			Low: math.NaN(), High: math.NaN(), IdealShareTop: 1},
		backtestRow("planted ideal profile, backtest window", ranked, func(_ int, b accounts.BacktestAccount) bool { return inIdeal(b) }, inIdeal),
		backtestRow(fmt.Sprintf("lookalike top %d (as many as the profile)", nIdeal), ranked, top(nIdeal), inIdeal),
		backtestRow("lookalike top decile", ranked, top(decile.Backtest.TopGroup.Accounts), inIdeal),
	}
	for i := range rows[1:] {
		r := &rows[i+1]
		switch planted := rows[0].RateRatio; {
		case r.Low > planted:
			r.VsPlanted = "above"
		case r.High < planted:
			r.VsPlanted = "below"
		default:
			r.VsPlanted = "covers"
		}
	}
	rep.AddTable("planted_lookalike", funnel.FrameOf(rows))
	addReports(full, decile.Report())
	return nil
}

// backtestRow compares the ranked accounts in the top group (inTop, by
// rank index and account) with the others.
func backtestRow(name string, ranked []accounts.BacktestAccount, inTop func(int, accounts.BacktestAccount) bool, ideal func(accounts.BacktestAccount) bool) plantedLookalike {
	var n1, a, n2, c, idealTop int
	for r, b := range ranked {
		if inTop(r, b) {
			n1++
			if b.Converted {
				a++
			}
			if ideal(b) {
				idealTop++
			}
		} else {
			n2++
			if b.Converted {
				c++
			}
		}
	}
	row := plantedLookalike{Ranking: name, TopAccounts: n1, TopRate: float64(a) / float64(n1), OtherRate: float64(c) / float64(n2),
		IdealShareTop: float64(idealTop) / float64(n1)}
	row.RateRatio, row.Low, row.High, _ = accounts.RiskRatio(a, n1, c, n2)
	return row
}

// idealAccounts marks the accounts of ds's accounts table in the planted
// ideal profile (industry and region among its lists, employees at least
// its minimum).
func idealAccounts(ds *funnel.Dataset, p sample.IdealProfile) map[string]bool {
	t := ds.Accounts
	id, ind, reg, emp := t.Role(funnel.RoleAccountID), t.Role(funnel.RoleIndustry), t.Role(funnel.RoleRegion), t.Role(funnel.RoleEmployees)
	out := map[string]bool{}
	for i := 0; i < t.Rows; i++ {
		if slices.Contains(p.Industries, t.Text(ind, i)) && slices.Contains(p.Regions, t.Text(reg, i)) &&
			emp.Nums[i] >= float64(p.MinEmployees) {
			out[t.Text(id, i)] = true
		}
	}
	return out
}
