package accounts

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/sample"
)

// TestBacktest ranks the lookalikes of a 4,000-lead sample as of
// 2026-05-01 and checks the backtest against a recount of its own: every
// ranked account had no won deal closed by then, its conversion is a won
// deal of opportunities.csv first closed in (2026-05-01, until], the top
// group is the first ceil(n/10) of the ranking, and the ratio is the
// Katz formula on the recounted cells (TestRiskRatio checks RiskRatio
// against R). With the profile alone the top decile converts more often
// than the others: the planted lookalike effect (truth.json's ideal
// profile converts 2.2 times as often).
func TestBacktest(t *testing.T) {
	t.Parallel()
	ds, truth := acctSampleDataset(t, sample.Config{Leads: 4000, Seed: 3})
	at := acctTime(t, "2026-05-01 00:00:00")
	cfg := Options{BacktestAsOf: at, NoEngagement: true, Top: math.MaxInt32}
	b := acctAnalyze(t, ds, cfg).Backtest
	if b == nil || b.Ranked == 0 || len(b.Accounts) != b.Ranked {
		t.Fatalf("backtest %+v", b)
	}
	until := min(at+DefaultHorizon, ds.DefaultAsOf())
	if b.Until != until {
		t.Errorf("until %d, want %d", b.Until, until)
	}
	// The first won close of each account, from the columns as read.
	o := ds.Opportunities
	acct, won, closed := o.Role(funnel.RoleAccountID), o.Role(funnel.RoleWon), o.TimeRole(funnel.RoleClosedAt)
	first := map[string]int64{}
	for i := 0; i < o.Rows; i++ {
		if won.Bools[i] != 1 || closed.Times[i] == funnel.NoTime {
			continue
		}
		id := o.Text(acct, i)
		if f, ok := first[id]; !ok || closed.Times[i] < f {
			first[id] = closed.Times[i]
		}
	}
	top := int(math.Ceil(float64(b.Ranked) / 10))
	var a, c int
	for r, ba := range b.Accounts {
		f, ok := first[ba.ID]
		if ok && f <= at {
			t.Fatalf("%s won at %d, before the backtest's as-of time, yet ranked", ba.ID, f)
		}
		conv := ok && f <= until
		if ba.Converted != conv || ba.Rank != r+1 {
			t.Errorf("%s: rank %d converted %v; want rank %d, %v", ba.ID, ba.Rank, ba.Converted, r+1, conv)
		}
		switch {
		case conv && r < top:
			a++
		case conv:
			c++
		}
	}
	cfg.Top = 0
	d := acctAnalyze(t, ds, cfg).Backtest
	n1, n2 := top, b.Ranked-top
	ratio := (float64(a) / float64(n1)) / (float64(c) / float64(n2))
	se := math.Sqrt(1/float64(a) - 1/float64(n1) + 1/float64(c) - 1/float64(n2))
	z := 1.959963984540054 // qnorm(0.975)
	if d.TopGroup.Accounts != n1 || d.TopGroup.Events != a || d.Others.Accounts != n2 || d.Others.Events != c ||
		math.Abs(d.Ratio-ratio) > 1e-12*ratio || math.Abs(d.Low-ratio*math.Exp(-z*se)) > 1e-9 || math.Abs(d.High-ratio*math.Exp(z*se)) > 1e-9 {
		t.Errorf("top decile %+v vs %+v, ratio %g [%g, %g]; want %d/%d vs %d/%d, %g [%g, %g]",
			d.TopGroup, d.Others, d.Ratio, d.Low, d.High, a, n1, c, n2, ratio, ratio*math.Exp(-z*se), ratio*math.Exp(z*se))
	}
	if d.TopRule != fmt.Sprintf("the top decile by score (%d of %d)", n1, b.Ranked) {
		t.Errorf("top rule %q", d.TopRule)
	}
	if la := truth.Lookalike; !(la.IdealPositiveRate > 2*la.OtherPositiveRate) || !(d.Low > 1) {
		t.Errorf("planted profile %g vs %g; backtest ratio %g [%g, %g]: the lookalikes should convert more often", la.IdealPositiveRate, la.OtherPositiveRate, d.Ratio, d.Low, d.High)
	}

	// An as-of time at or after the analysis's is an error.
	_, err := Analyze(ds, Options{BacktestAsOf: ds.DefaultAsOf(), NoEngagement: true})
	if err == nil || !strings.Contains(err.Error(), "is not before the as-of time") {
		t.Errorf("backtest at the as-of time: %v", err)
	}
}
