package report

import (
	"fmt"

	"github.com/funnel-analytics/funnel/signals"
	"github.com/funnel-analytics/funnel/velocity"
)

// SheetSignals is the sheet of the account signals for sales.
const SheetSignals = "Signals"

// signals adds the Signals sheet when there is web activity
// (Options.Signals.Web): the report's month judged as `funnel signals`
// judges its latest month (against the months before it, as of the
// month's end): traffic drops of accounts in a sales conversation,
// stalled trials, surges, the web traffic per month with its chart, and
// the backtest with opportunities. The counts go in the meta; signals do
// not raise the report's alerts (its exit code is velocity's and speed's).
func (b *builder) signals() error {
	so := b.opts.Signals
	if so.Web == nil {
		b.skip("signals", "no web activity input (web in the config's inputs, --web, or web_visits.csv in the data folder)")
		return nil
	}
	so.Period, so.AsOf, so.Location = velocity.Month, b.m.End.Unix(), b.opts.Location
	res, err := signals.Analyze(b.ds, so)
	if err != nil {
		return fmt.Errorf("signals: %w", err)
	}
	sub := res.Report()
	for _, t := range []string{signals.TableDrops, signals.TableTrials, signals.TableSurges, signals.TableTraffic, signals.TableBacktest} {
		b.add(sub, t, "signals_"+t, SheetSignals)
	}
	b.rep.AddMeta("signals_month", res.Latest)
	b.rep.AddMeta("signals_traffic_drops", len(res.Drops))
	b.rep.AddMeta("signals_stalled_trials", len(res.Trials))
	b.rep.AddMeta("signals_surges", len(res.Surges))
	for _, k := range []string{"drop_rule", "surge_rule", "p_adjust", "stall_rule", "backtest_risk_ratio"} {
		if v, ok := sub.MetaValue(k); ok {
			b.rep.AddMeta("signals_"+k, v)
		}
	}
	b.warn("signals", res.Warnings)
	return nil
}
