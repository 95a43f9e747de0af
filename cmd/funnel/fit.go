package main

import (
	"io"
	"math"
	"strings"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/scoring"
)

type fitOptions struct {
	g      *globalOptions
	inputs *inputFlags

	Target        string
	TargetStage   string
	Family        string
	Features      []string
	ActivityTypes []string
	Window        string
	Decay         string
	Transform     string
	MinLevelCount int
	Missing       string
	Penalty       string
	Lambda        float64
	CV            int
	Seed          uint64
	Capacity      float64
	PointsScale   float64
	ModelOut      string
	db            warehouseFlags // --db, --db-table, --explain (fit_db.go)

	cfg scoring.Config
}

// newFitOptions returns fit's options as its flags leave them when none is
// given: the flags' defaults, and the base the report's config settings
// go on.
func newFitOptions(g *globalOptions) *fitOptions {
	return &fitOptions{g: g, Transform: "none", MinLevelCount: 1, Missing: "drop", Penalty: "none", Family: "binomial", Seed: 1, PointsScale: scoring.DefaultPointsStep}
}

func newFitCmd(g *globalOptions, runF func(*fitOptions) error) *cobra.Command {
	opts := newFitOptions(g)
	cmd := &cobra.Command{
		Use:   "fit --leads FILE --target COLUMN [--touches FILE] [--features a,b]",
		Short: "Derive lead-score weights from history by logistic regression",
		Long: `Which activities and lead attributes go with a lead winning (or reaching a
stage)? fit learns lead-score weights from your history: a row per activity
type and lead column with its weight (log-odds, as R's glm computes them),
its significance and the points it is worth on a 0-100 score. Save the model
with --model FILE and score new leads with 'funnel score'.

More: 'funnel help regression', 'funnel help deal-size'.`,
		Example: `  funnel fit --data exports --target won_at --features industry --model model.json
  funnel fit --leads leads.csv --target Converted --positive Yes --features "Lead Source,Industry"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dispatch(opts, runF, fitRun, opts.parse, g.checkOutputs(opts.inputs, destination{"--model", opts.ModelOut}))
		},
	}
	opts.inputs = addInputFlags(cmd, funnel.Leads, funnel.Touches, funnel.Stages, funnel.Opportunities)
	f := cmd.Flags()
	f.StringVar(&opts.Target, "target", "", "the outcome: a boolean or timestamp column of the leads")
	f.StringVar(&opts.TargetStage, "target-stage", "", "the outcome: reaching this stage of --stages")
	f.StringVar(&opts.Family, "family", opts.Family, "binomial (a yes/no outcome: win model), or for a deal size (--target amount) gamma or lognormal")
	f.StringSliceVar(&opts.Features, "features", nil, "lead columns to add as terms, comma-separated (repeatable)")
	f.StringSliceVar(&opts.ActivityTypes, "activity-types", nil, "only these activity types become terms (default: every type)")
	f.StringVar(&opts.Window, "window", "", "count only touches this long before the cutoff, e.g. 90d")
	f.StringVar(&opts.Decay, "decay", "", "decay each touch by 2^(-age/HALF_LIFE), e.g. 30d (behavioural-score decay)")
	f.StringVar(&opts.Transform, "transform", opts.Transform, "transform of the touch counts: none, log1p or binary")
	f.IntVar(&opts.MinLevelCount, "min-level-count", opts.MinLevelCount, "fold levels seen in fewer leads into column=(other)")
	f.StringVar(&opts.Missing, "missing", opts.Missing, "rows with a missing feature: drop, zero or indicator")
	f.StringVar(&opts.Penalty, "penalty", opts.Penalty, "none, l2, l1 or firth")
	f.Float64Var(&opts.Lambda, "lambda", 0, "strength of the l1 or l2 penalty")
	f.IntVar(&opts.CV, "cv", 0, "stratified K-fold cross-validation with K folds")
	f.Uint64Var(&opts.Seed, "seed", opts.Seed, "seed of the cross-validation folds")
	f.Float64Var(&opts.Capacity, "capacity", 0, "leads per month sales can take: the MQL threshold passes at most this many (default: the max-F1 cut-off)")
	f.Float64Var(&opts.PointsScale, "points-scale", opts.PointsScale, "round each term's points to steps of `STEP` (1, 0.5, 0.1); saved in the model")
	f.StringVar(&opts.ModelOut, "model", "", "save the model to `FILE` (JSON) for 'funnel score'")
	addWarehouseFlags(cmd, &opts.db, "the touch counts and the leads' design rows are computed and grouped in SQL (with a deal-size --family, --split-values, --cv or --capacity the tables are streamed and fitted as files are)", false)
	opts.inputs.fromDatabase(&opts.db, "fit")
	return cmd
}

func (o *fitOptions) parse() error {
	fc := &o.cfg.Features
	switch {
	case o.Target == "" && o.TargetStage == "":
		return usagef("give the outcome: --target COLUMN or --target-stage STAGE")
	case o.Target != "" && o.TargetStage != "":
		return usagef("give one of --target and --target-stage, not both")
	}
	fc.Target, fc.TargetStage = o.Target, o.TargetStage
	var err error
	if fc.Family, err = scoring.ParseFamily(o.Family); err != nil {
		return usagef("--family: %v", err)
	}
	if fc.Family.Amount() && o.TargetStage != "" {
		return usagef("--family %s takes an amount column as --target (such as amount), not --target-stage", fc.Family)
	}
	if len(o.g.Positive) > 0 {
		fc.Positive = o.g.Positive[0]
	}
	fc.Features = trimAll(o.Features)
	fc.ActivityTypes = trimAll(o.ActivityTypes)
	if o.Window != "" {
		if fc.Window, err = funnel.ParseDuration(o.Window); err != nil || fc.Window == 0 {
			return usagef("--window %q: want a positive duration such as 90d", o.Window)
		}
	}
	if o.Decay != "" {
		if fc.HalfLife, err = funnel.ParseDuration(o.Decay); err != nil || fc.HalfLife == 0 {
			return usagef("--decay %q: want a positive half-life such as 30d", o.Decay)
		}
	}
	if fc.Transform, err = scoring.ParseTransform(o.Transform); err != nil {
		return usagef("--transform: %v", err)
	}
	if fc.Missing, err = scoring.ParseMissing(o.Missing); err != nil {
		return usagef("--missing: %v", err)
	}
	if o.MinLevelCount < 1 {
		return usagef("--min-level-count %d: want 1 or more", o.MinLevelCount)
	}
	fc.MinLevelCount = o.MinLevelCount
	if fc.SplitValues, err = o.g.splitValues(); err != nil {
		return err
	}
	if o.cfg.Logistic.Penalty, err = scoring.ParsePenalty(o.Penalty); err != nil {
		return usagef("--penalty: %v", err)
	}
	p := o.cfg.Logistic.Penalty
	if math.IsNaN(o.Lambda) || math.IsInf(o.Lambda, 0) {
		return usagef("--lambda %g: want a finite number", o.Lambda)
	}
	if (p == scoring.PenaltyL1 || p == scoring.PenaltyL2) && o.Lambda <= 0 {
		return usagef("--penalty %s needs --lambda > 0", p)
	}
	if o.Lambda < 0 {
		return usagef("--lambda %g: must not be negative", o.Lambda)
	}
	o.cfg.Logistic.Lambda = o.Lambda
	if o.CV == 1 || o.CV < 0 {
		return usagef("--cv %d: want 2 or more folds", o.CV)
	}
	o.cfg.CVFolds, o.cfg.Seed = o.CV, o.Seed
	if o.Capacity < 0 || math.IsNaN(o.Capacity) || math.IsInf(o.Capacity, 0) {
		return usagef("--capacity %g: want a number of leads a month, 0 or more", o.Capacity)
	}
	o.cfg.Capacity = o.Capacity
	if err := scoring.CheckPointsStep(o.PointsScale); err != nil {
		return usagef("--points-scale: %v", err)
	}
	o.cfg.PointsStep = o.PointsScale
	if o.ModelOut != "" && !strings.HasSuffix(strings.ToLower(o.ModelOut), ".json") {
		return usagef("--model %s: the model file is JSON; name it .json", o.ModelOut)
	}
	return nil
}

func trimAll(list []string) []string {
	var out []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func fitRun(o *fitOptions) error {
	g := o.g
	if o.db.given(g, o.inputs) {
		flag, err := o.rowFlag()
		if err != nil {
			return err
		}
		if flag == "" {
			return fitDBRun(o)
		}
		o.inputs.dbWhy = flag + " needs the leads' rows"
	}
	required := []funnel.TableKind{funnel.Leads}
	if o.TargetStage != "" {
		required = append(required, funnel.Stages)
	}
	cfg := o.cfg
	// --as-of is read before the inputs, so that the touches can be
	// counted per lead as they are read (memory per lead, not per touch).
	var err error
	if cfg.Features.AsOf, err = g.asOfBeforeInputs(); err != nil {
		return err
	}
	counter := scoring.NewTouchCounter(cfg.Features)
	// A copy of the input flags, which say how this run reads: only the
	// columns the fit uses, the touches counted as they are read.
	read := *o.inputs
	read.keep, read.sink = cfg.Features.Reads, counter.Sink
	in, err := g.readInputs(&read, required...)
	if err != nil {
		return err
	}
	cfg.Features.Counted = counter
	m, err := scoring.Fit(in.ds, cfg)
	if err != nil {
		return err
	}
	rep := in.withWarnings(m.Report())
	files, err := o.modelOutput(m, rep)
	if err != nil {
		return err
	}
	return g.writeReport(rep, in.paths(), files...)
}

// modelOutput returns the --model file of m, if asked for, as an output
// written with the report, and names it in rep's meta.
func (o *fitOptions) modelOutput(m *scoring.Model, rep *funnel.Report) ([]extraOutput, error) {
	if o.ModelOut == "" {
		return nil, nil
	}
	data, err := m.File().Encode()
	if err != nil {
		return nil, err
	}
	rep.AddMeta("model_file", o.ModelOut)
	return []extraOutput{{flag: "--model", path: o.ModelOut, write: func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}}}, nil
}
