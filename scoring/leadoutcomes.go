package scoring

import "github.com/funnel-analytics/funnel/funnel"

// LeadOutcomes returns the outcome of each row of ds.Leads as fit reads
// its target (cfg.Target or cfg.TargetStage, cfg.Positive; the rules of
// FeatureConfig.Target): 1 converted, 0 not, -1 missing, and the warnings
// reading gave. A timed outcome (a timestamp column, a stage) after asOf
// counts as not converted, with a warning; asOf must be set for one
// (funnel.NoTime: an error). Other analyses that compare outcomes (funnel
// test) read them here, so that an outcome means what it means to fit.
func LeadOutcomes(ds *funnel.Dataset, cfg FeatureConfig, asOf int64) ([]float64, []string, error) {
	f := &Features{AsOf: asOf}
	view := &funnel.Dataset{Dict: ds.Dict, Leads: ds.Leads, Stages: ds.Stages}
	y, _, err := targets(view, cfg, f)
	return y, f.Warnings, err
}
