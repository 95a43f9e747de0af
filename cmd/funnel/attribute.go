package main

import (
	"errors"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/content"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/render"
)

type attributeOptions struct {
	g      *globalOptions
	inputs *inputFlags

	Plot string

	By              string
	Models          string
	Lookback        string
	Sep             string
	Level           string
	Milestone       string
	HalfLife        string
	PositionWeights string
	Weights         string
	Order           int
	MaxStates       int
	MaxChannels     int
	AutoOrder       bool
	Seed            uint64
	TransitionsOut  string
	PathsOut        string
	ShapleyValue    string
	ShapleyMin      int
	Ladder          string
	db              warehouseFlags // --db, --db-table, --explain (attribute_db.go)
	// dbCosts is the costs table of a run on a database (streamed), and
	// what reading it warned.
	dbCosts         *funnel.Table
	dbCostsWarnings []string
	ExtraTouches    []string

	cfg       attribution.Config
	lookback  int64
	level     attribution.Level
	milestone attribution.Milestone
	stages    []string // --milestone naming lifecycle stages (attribute_stages.go); nil for created/closed
	ladder    []string // --ladder
}

// newAttributeOptions returns attribute's options as its flags leave them
// when none is given: the flags' defaults, and the base the report's
// config settings go on.
func newAttributeOptions(g *globalOptions) *attributeOptions {
	return &attributeOptions{g: g, Sep: ">", Milestone: "closed", HalfLife: "7d",
		PositionWeights: "first=0.4,middle=0.2,last=0.4", Order: 1, Seed: 1,
		MaxStates: attribution.DefaultMaxMarkovStates, MaxChannels: attribution.DefaultMaxMarkovChannels,
		ShapleyMin: attribution.DefaultShapleyMinJourneys}
}

func newAttributeCmd(g *globalOptions, runF func(*attributeOptions) error) *cobra.Command {
	opts := newAttributeOptions(g)
	cmd := &cobra.Command{
		Use:   "attribute",
		Short: "Split each conversion's credit over the touches before it, by every model",
		Long: `Which channels (or campaigns) earn the credit for the deals you won? attribute
splits each conversion and its value over the touches before it, by every
model a CRM offers (first touch, last touch, linear, U-shaped, time decay,
W-shaped, full path) and by data-driven ones (Markov removal effects, Shapley
values), side by side in one table; with --costs, cost per conversion and ROI
per model.

More: 'funnel help attribution-models', 'funnel help markov', 'funnel help shapley'.`,
		Example: `  funnel attribute --data exports --by campaign --costs exports/costs.csv
  funnel attribute --paths paths.csv --models markov,shapley --plot credit.png`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dispatch(opts, runF, attributeRun, opts.parse, g.checkOutputs(opts.inputs,
				destination{"--plot", opts.Plot},
				destination{"--transitions", opts.TransitionsOut}, destination{"--paths-out", opts.PathsOut}))
		},
	}
	opts.inputs = addInputFlags(cmd, funnel.Paths, funnel.Touches, funnel.Opportunities, funnel.Leads, funnel.Costs, funnel.Stages, funnel.Content)
	f := cmd.Flags()
	f.StringVar(&opts.By, "by", "", "what gets the credit: channel, campaign, activity_type, content_stage (funnel content's staging, by --content) or a column header (default channel)")
	f.StringVar(&opts.Models, "models", "", "comma-separated models (default: every model the inputs allow)")
	f.StringVar(&opts.Lookback, "lookback", "", "only touches this long before the conversion, e.g. 90d (default: unlimited)")
	f.StringVar(&opts.Sep, "sep", opts.Sep, "channel separator in --paths")
	f.StringVar(&opts.Level, "level", "", "B2B journeys per lead or per account (default: account when touches or leads give accounts)")
	f.StringVar(&opts.Milestone, "milestone", opts.Milestone, "B2B journeys end at the opportunity's created or closed time, or at the entry into lifecycle stages (mql; mql,sql,opportunity,customer; all) of --stages")
	f.StringSliceVar(&opts.ExtraTouches, "extra-touches", nil, "more touch exports (`FILE`,...: an ad platform's, a second system's), read as touches and added to --touches")
	f.StringVar(&opts.Ladder, "ladder", "", "the stage ladder for --milestone STAGE, comma-separated, e.g. mql,sql,opportunity,customer (default: inferred as velocity does)")
	f.StringVar(&opts.HalfLife, "half-life", opts.HalfLife, "time_decay half-life")
	f.StringVar(&opts.PositionWeights, "position-weights", opts.PositionWeights, "position_based weights")
	f.StringVar(&opts.Weights, "weights", "", "custom model weights, e.g. first=0.3,last=0.3,middle=0.4")
	f.IntVar(&opts.Order, "markov-order", opts.Order, "Markov order, 1 to 4")
	aliasFlag(f, "order", "markov-order")
	f.IntVar(&opts.MaxStates, "max-markov-states", opts.MaxStates, "most states of the Markov chain at its order (more is an error)")
	f.IntVar(&opts.MaxChannels, "max-markov-channels", opts.MaxChannels, "most channels of the Markov model, one chain solve each (more is an error)")
	f.BoolVar(&opts.AutoOrder, "auto-order", false, "choose the Markov order by held-out prediction of conversion (stated in meta)")
	f.Uint64Var(&opts.Seed, "seed", opts.Seed, "seed of the --auto-order train/test split")
	f.StringVar(&opts.TransitionsOut, "transitions", "", "write the Markov transition matrix to `FILE` (csv, tsv, json, md or xlsx)")
	f.StringVar(&opts.PathsOut, "paths-out", "", "write the journeys as a ChannelAttribution path table to `FILE`")
	f.StringVar(&opts.ShapleyValue, "shapley-value", "", "shapley characteristic function: rate or conversions (default rate when null journeys are known, else conversions)")
	f.IntVar(&opts.ShapleyMin, "shapley-min-journeys", opts.ShapleyMin, "with --shapley-value rate, coalitions covering fewer journeys are worth 0 (0 turns the guard off)")
	addPlotFlag(cmd, &opts.Plot, "the conversions credited per channel and model (a bar chart)")
	addWarehouseFlags(cmd, &opts.db, "the journeys are cut in SQL", false)
	return cmd
}

// parse validates the flags into an attribution.Config (and --plot).
func (o *attributeOptions) parse() error {
	if o.Models != "" {
		ms, err := attribution.ParseModels(o.Models)
		if err != nil {
			return usagef("--models: %v", err)
		}
		o.cfg.Models = ms
	}
	if o.Lookback != "" {
		sec, err := funnel.ParseDuration(o.Lookback)
		if err != nil {
			return usagef("--lookback: %v", err)
		}
		o.lookback = sec
	}
	hl, err := funnel.ParseDuration(o.HalfLife)
	if err != nil || hl == 0 {
		return usagef("--half-life %q: want a positive duration such as 7d", o.HalfLife)
	}
	o.cfg.Heuristic.HalfLife = hl
	if o.cfg.Heuristic.Position, err = attribution.ParseWeights(o.PositionWeights); err != nil {
		return usagef("--position-weights: %v", err)
	}
	if o.Weights != "" {
		if o.cfg.Heuristic.Custom, err = attribution.ParseWeights(o.Weights); err != nil {
			return usagef("--weights: %v", err)
		}
	}
	if o.Order < 1 || o.Order > attribution.MaxMarkovOrder {
		return usagef("--markov-order %d: want 1 to %d", o.Order, attribution.MaxMarkovOrder)
	}
	o.cfg.Order = o.Order
	if o.MaxStates < 1 || o.MaxChannels < 1 {
		return usagef("--max-markov-states %d, --max-markov-channels %d: want 1 or more", o.MaxStates, o.MaxChannels)
	}
	o.cfg.MarkovLimits = attribution.MarkovLimits{States: o.MaxStates, Channels: o.MaxChannels}
	o.cfg.AutoOrder = o.AutoOrder
	o.cfg.OrderSearch.Seed = o.Seed
	switch o.Level {
	case "":
	case "lead":
		o.level = attribution.LeadLevel
	case "account":
		o.level = attribution.AccountLevel
	default:
		return usagef("--level %q: want lead or account", o.Level)
	}
	if err := o.parseMilestone(); err != nil {
		return err
	}
	if o.ShapleyValue != "" {
		fn, err := attribution.ParseShapleyFunction(o.ShapleyValue)
		if err != nil {
			return usagef("--shapley-value: %v", err)
		}
		o.cfg.Shapley.Function = fn
	}
	switch {
	case o.ShapleyMin < 0:
		return usagef("--shapley-min-journeys %d: want 0 (off) or more", o.ShapleyMin)
	case o.ShapleyMin == 0:
		o.cfg.Shapley.MinJourneys = -1
	default:
		o.cfg.Shapley.MinJourneys = o.ShapleyMin
	}
	if strings.TrimSpace(o.Sep) == "" {
		return usagef("--sep: must not be blank")
	}
	return checkPlot(o.Plot)
}

// source says where attribute reads its journeys from: a path table named
// with --paths comes first even when touches are given too.
func (o *attributeOptions) source() attribution.SourceOptions {
	return attribution.SourceOptions{PathsFirst: *o.inputs.paths[funnel.Paths] != "", CostsFound: *o.inputs.paths[funnel.Costs] == "",
		By: o.By, Sep: o.Sep, Level: o.level, Milestone: o.milestone, Lookback: o.lookback}
}

func attributeRun(o *attributeOptions) error {
	g := o.g
	if o.db.given(g, o.inputs) {
		return attributeDBRun(o)
	}
	if o.stages != nil {
		return attributeStagesRun(o)
	}
	in, err := g.readInputs(o.inputs.without(funnel.Stages))
	if err != nil {
		return err
	}
	if err := in.addTouches(o.ExtraTouches); err != nil {
		return err
	}
	ds := in.ds
	cfg, staged, err := o.stageContent(ds)
	if err != nil {
		return err
	}
	res, err := attribution.AttributeDataset(ds, o.source(), cfg)
	if errors.Is(err, attribution.ErrNoJourneyInput) {
		return usagef("missing input: --paths, or --touches (with --opportunities for B2B journeys), or --data DIR")
	}
	if err != nil {
		return err
	}
	rep := res.Report()
	if staged != nil {
		rep.AddMeta("content_staging_rule", staged.tags.Rule())
		for _, w := range staged.warnings {
			rep.Warnf("content: %s", w)
		}
	}
	in.withWarnings(rep)
	return o.write(rep, res, in.paths())
}

// write writes attribute's report, with --plot, --transitions and
// --paths-out; inputs are the files read (none of which may be written).
func (o *attributeOptions) write(rep *funnel.Report, res *attribution.Result, inputs []string) error {
	var files []extraOutput
	if o.TransitionsOut != "" {
		f, err := tableOutput("--transitions", o.TransitionsOut, rep, attribution.TableTransitions)
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	if o.PathsOut != "" {
		paths := funnel.NewReport("attribute", "Journeys as paths")
		paths.AddTable("paths", res.Journeys.PathFrame(" "+strings.TrimSpace(o.Sep)+" "))
		f, err := tableOutput("--paths-out", o.PathsOut, paths, "paths")
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	return o.g.writeReportWithPlot(o.Plot, rep, inputs, files...)
}

// contentStages is what --by content_stage derived: the touches' stages
// and the warnings of the staging and of the stages' costs.
type contentStages struct {
	tags     *content.Tags
	warnings []string
}

// stageContent, for --by content_stage on touches without such a column,
// adds the content_stage column to the touches (content.AddStageColumn)
// and returns the attribution config with the costs summed by content
// stage through the inventory's campaigns (content.StageCosts); without
// an inventory with campaigns the costs are left out (they name channels
// or campaigns, not stages). Otherwise it returns o.cfg and nil.
func (o *attributeOptions) stageContent(ds *funnel.Dataset) (attribution.Config, *contentStages, error) {
	cfg := o.cfg
	if !funnel.SameName(o.By, content.ColumnName) || ds.Touches == nil || ds.Touches.Named(o.By) != nil || o.source().PathsFirst {
		return cfg, nil, nil
	}
	tags, err := content.AddStageColumn(ds)
	if err != nil {
		return cfg, nil, err
	}
	st := &contentStages{tags: tags, warnings: tags.Warnings()}
	if cfg.Costs == nil && ds.Costs != nil {
		costs, warnings, err := content.StageCosts(ds.Costs, ds.Content)
		if err != nil {
			return cfg, nil, err
		}
		if costs == nil {
			warnings = append(warnings, "the costs are left out: they meet content stages only through a content inventory's campaigns")
		}
		st.warnings = append(st.warnings, warnings...)
		cfg.Costs, ds.Costs = costs, nil
	}
	return cfg, st, nil
}

// tableOutput is one table of rep written to path (named by flag), in the
// format of its extension.
func tableOutput(flag, path string, rep *funnel.Report, table string) (extraOutput, error) {
	f, err := render.FormatFromPath(path)
	if err != nil {
		return extraOutput{}, usagef("%s %s: %v", flag, path, err)
	}
	df, ok := rep.Table(table)
	if !ok {
		return extraOutput{}, usagef("%s %s: the report has no %s table (it needs the markov model)", flag, path, table)
	}
	one := funnel.NewReport(rep.Command, rep.Title)
	one.AddTable(table, df)
	return extraOutput{flag: flag, path: path, write: func(w io.Writer) error {
		return render.Render(w, one, f, render.Options{Table: table})
	}}, nil
}
