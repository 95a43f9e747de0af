package accounts

import (
	"fmt"
	"math"

	"github.com/funnel-analytics/funnel/funnel"
)

// Backtest follows the lookalikes ranked at an earlier time: the
// classifier of Lookalikes is fitted with the data as of AsOf (every
// analysis's as-of rule: later touches, opportunities and leads left
// out), its unlabeled accounts are ranked by score, and each is followed
// until Until = min(AsOf + Horizon, the analysis's as-of time): it
// converted when it reached the positive outcome (Positives) in (AsOf,
// Until]. The Top accounts (the top decile, ceil(n/10) of the n ranked,
// unless Options.Top) are compared with the others by the risk ratio of
// their conversion rates with its Katz interval (RiskRatio).
type Backtest struct {
	AsOf, Until, Horizon int64
	Positives            Outcome
	// Ranked counts the unlabeled accounts at AsOf; TopRule says how the
	// top group was chosen.
	Ranked  int
	TopRule string
	// TopGroup and Others are the conversions of the two groups; Ratio,
	// Low and High their risk ratio and its 95% interval (Corrected: a
	// zero count was corrected, see RiskRatio).
	TopGroup, Others RateCount
	Ratio, Low, High float64
	Corrected        bool
	// Accounts are the top group in rank order, with their outcome.
	Accounts []BacktestAccount
	// Lookalike is the classifier as of AsOf.
	Lookalike *LookalikeResult
	Warnings  []string
}

// BacktestAccount is one account of the backtest's top group. The tagged
// fields are the columns of the lookalike_backtest_accounts table.
type BacktestAccount struct {
	Rank        int     `table:"rank"`
	ID          string  `table:"account_id"`
	Probability float64 `table:"probability"`
	Profile     string  `table:"profile"`
	Converted   bool    `table:"converted"`
	ConvertedAt string  `table:"converted_at"`
}

// BacktestRow is a row of the lookalike_backtest table: a group's
// accounts, conversions and rate.
type BacktestRow struct {
	Group     string  `table:"group"`
	Accounts  int     `table:"accounts"`
	Converted int     `table:"converted"`
	Rate      float64 `table:"conversion_rate"`
}

// Rows returns the lookalike_backtest table's rows: top, then others.
func (b *Backtest) Rows() []BacktestRow {
	return []BacktestRow{
		{"top", b.TopGroup.Accounts, b.TopGroup.Events, b.TopGroup.Rate},
		{"others", b.Others.Accounts, b.Others.Events, b.Others.Rate},
	}
}

// backtest ranks the lookalikes as of cfg.BacktestAsOf and follows them
// with the outcome moments of accts (the data as of the analysis's as-of
// time).
func (s *accountSet) backtest(accts []Account, cfg Options) (*Backtest, error) {
	at := cfg.BacktestAsOf
	if at >= s.asOf {
		return nil, fmt.Errorf("accounts: --backtest-as-of %s is not before the as-of time %s: nothing happened after it",
			funnel.FormatTime(at, false), funnel.FormatTime(s.asOf, false))
	}
	early := cfg
	early.AsOf, early.BacktestAsOf = at, 0
	early.Lookalike, early.Patterns = true, false
	ea, err := Analyze(s.ds, early)
	if err != nil {
		return nil, fmt.Errorf("%w (ranking as of --backtest-as-of %s)", err, funnel.FormatTime(at, false))
	}
	la := ea.Lookalike
	b := &Backtest{AsOf: at, Horizon: cfg.Horizon, Until: min(at+cfg.Horizon, s.asOf), Positives: la.Positives, Lookalike: la}
	if at+cfg.Horizon > s.asOf {
		b.warnf("backtest: the horizon %s after %s runs past the as-of time, so conversions are followed only to %s",
			funnel.FormatDays(cfg.Horizon), funnel.FormatTime(at, false), funnel.FormatTime(s.asOf, false))
	}
	moments, err := s.outcomeMoments(accts, la.Positives)
	if err != nil {
		return nil, err
	}
	index := make(map[string]int, len(accts))
	for k := range accts {
		index[accts[k].ID] = k
	}
	b.Ranked = len(la.Lookalikes)
	top := cfg.Top
	b.TopRule = fmt.Sprintf("the top %d by score", top)
	if top == 0 {
		top = int(math.Ceil(float64(b.Ranked) / 10))
		b.TopRule = fmt.Sprintf("the top decile by score (%d of %d)", top, b.Ranked)
	}
	top = min(top, b.Ranked)
	var a, c int
	for r, l := range la.Lookalikes {
		m := moments[index[l.ID]]
		conv := m != funnel.NoTime && m > at && m <= b.Until
		if r < top {
			if conv {
				a++
			}
			ba := BacktestAccount{Rank: r + 1, ID: l.ID, Probability: l.Probability, Profile: l.Profile, Converted: conv}
			if conv {
				ba.ConvertedAt = funnel.FormatTime(m, false)
			}
			b.Accounts = append(b.Accounts, ba)
		} else if conv {
			c++
		}
	}
	b.TopGroup, b.Others = rateCount(a, top), rateCount(c, b.Ranked-top)
	b.Ratio, b.Low, b.High, b.Corrected = RiskRatio(a, top, c, b.Ranked-top)
	for _, w := range la.Warnings {
		b.warnf("backtest: %s", w)
	}
	return b, nil
}

func (b *Backtest) warnf(format string, args ...any) {
	b.Warnings = append(b.Warnings, fmt.Sprintf(format, args...))
}
