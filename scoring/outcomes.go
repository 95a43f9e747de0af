package scoring

import (
	"fmt"
	"math"

	"github.com/funnel-analytics/funnel/funnel"
)

// ConversionTimes returns, for each row of ds.Leads, the time the lead
// reached the target of cfg (Target, a timestamp column, or TargetStage),
// or funnel.NoTime when it did not; cfg.AsOf is ignored. A target without
// a time (a boolean column) is an error: outcomes in a period need a time.
// The monthly report judges a model with it on one month's conversions.
func ConversionTimes(ds *funnel.Dataset, cfg FeatureConfig) ([]int64, error) {
	if ds.Leads == nil {
		return nil, fmt.Errorf("scoring: outcomes need the leads (--leads)")
	}
	if cfg.Target != "" && cfg.TargetStage == "" {
		c := ds.Leads.Named(cfg.Target)
		if c != nil && c.Kind != funnel.KindTime {
			return nil, fmt.Errorf("scoring: target %q of %s has no time, so outcomes cannot be placed in a month; use a timestamp target (won_at) or a target stage", cfg.Target, ds.Leads.Source)
		}
	}
	f := &Features{AsOf: math.MaxInt64}
	y, cutoff, err := targets(ds, cfg, f)
	if err != nil {
		return nil, err
	}
	out := make([]int64, len(y))
	for i := range y {
		out[i] = funnel.NoTime
		if y[i] == 1 {
			out[i] = cutoff[i]
		}
	}
	return out, nil
}
