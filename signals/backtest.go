package signals

import (
	"slices"

	"github.com/funnel-analytics/funnel/accounts"
	"github.com/funnel-analytics/funnel/funnel"
)

// BacktestPeriod is one past period of the backtest: the opportunities
// open at its end, split by whether their account had a traffic drop in
// it, and how they ended. The tagged fields are the columns of the
// backtest table.
type BacktestPeriod struct {
	Period      string `table:"period"`
	Open        int    `table:"open"`
	Alerted     int    `table:"alerted"`
	AlertedLost int    `table:"alerted_lost"`
	AlertedWon  int    `table:"alerted_won"`
	Other       int    `table:"other"`
	OtherLost   int    `table:"other_lost"`
	OtherWon    int    `table:"other_won"`
}

// Backtest is how often a traffic drop on an open opportunity was
// followed by a lost deal: per period, and over the opportunities closed
// by AsOf that were open at the end of at least one judged period
// (alerted: a drop in one of those periods).
type Backtest struct {
	Periods []BacktestPeriod
	// Alerted and Other: the closed opportunities of each group and the
	// lost ones among them.
	Alerted, Other LostRate
	// Ratio is the lost rate of the alerted over the others' with its 95%
	// Katz log interval (accounts.RiskRatio).
	Ratio, Low, High float64
	Corrected        bool
	// StillOpen counts the judged opportunities open at AsOf, left out of
	// the ratio; Undated the closed ones without a close date, left out
	// of everything (their periods open are unknown).
	StillOpen, Undated int
}

// backtest replays the drop rule on every judged period (one with a full
// baseline before it) for the opportunities open at its end: created
// before the end and not closed before it; the period's family of drop
// tests is their accounts.
func (ix *index) backtest() *Backtest {
	b := &Backtest{}
	t := ix.opps
	acct, created, closed := t.Role(funnel.RoleAccountID), t.TimeRole(funnel.RoleCreatedAt), t.TimeRole(funnel.RoleClosedAt)
	type oppState struct{ judged, alerted bool }
	state := make([]oppState, t.Rows)
	type openRow struct {
		i    int
		acct int32
	}
	for p := ix.opts.Baseline; p < ix.nPeriods; p++ {
		end := ix.starts[p+1]
		row := BacktestPeriod{Period: ix.label(p)}
		var open []openRow
		var keys []int32
		for i := 0; i < t.Rows; i++ {
			out := ix.outcomes.Of[i]
			k := ix.account(code(t, acct, i))
			if k < 0 || out == funnel.OutcomeNone || created == nil || created.Times[i] == funnel.NoTime || created.Times[i] >= end {
				continue
			}
			closedAt := funnel.NoTime
			if closed != nil {
				closedAt = closed.Times[i]
			}
			if out != funnel.OutcomeOpen && (closedAt == funnel.NoTime || closedAt < end) {
				continue // closed by then, or when is unknown
			}
			open = append(open, openRow{i, k})
			keys = append(keys, k)
		}
		slices.Sort(keys)
		tested, js := ix.dropFamily(slices.Compact(keys), p) // the family: the accounts with an open opportunity
		alertedAcct := map[int32]bool{}
		for n, k := range tested {
			alertedAcct[k] = ix.dropped(js[n])
		}
		for _, o := range open {
			i, out, alerted := o.i, ix.outcomes.Of[o.i], alertedAcct[o.acct]
			state[i].judged = true
			state[i].alerted = state[i].alerted || alerted
			row.Open++
			group, lost, won := &row.Other, &row.OtherLost, &row.OtherWon
			if alerted {
				group, lost, won = &row.Alerted, &row.AlertedLost, &row.AlertedWon
			}
			*group++
			switch out {
			case funnel.OutcomeLost:
				*lost++
			case funnel.OutcomeWon:
				*won++
			}
		}
		b.Periods = append(b.Periods, row)
	}
	var a, n1, c, n2 int
	for i, s := range state {
		out := ix.outcomes.Of[i]
		switch {
		case out != funnel.OutcomeOpen && out != funnel.OutcomeNone && (closed == nil || closed.Times[i] == funnel.NoTime):
			b.Undated++
		case !s.judged:
		case out == funnel.OutcomeOpen:
			b.StillOpen++
		case s.alerted:
			n1++
			if out == funnel.OutcomeLost {
				a++
			}
		default:
			n2++
			if out == funnel.OutcomeLost {
				c++
			}
		}
	}
	b.Alerted, b.Other = rate(a, n1), rate(c, n2)
	b.Ratio, b.Low, b.High, b.Corrected = accounts.RiskRatio(a, n1, c, n2)
	return b
}

// LostRate is the share of closed opportunities that were lost.
type LostRate struct {
	Closed, Lost int
	Rate         float64 // Lost / Closed, NaN when Closed is 0
}

func rate(lost, closed int) LostRate {
	return LostRate{Closed: closed, Lost: lost, Rate: float64(lost) / float64(closed)}
}
