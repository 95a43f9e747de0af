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

	cfg       attribution.Config
	lookback  int64
	level     attribution.Level
	milestone attribution.Milestone
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
		Long: `Split each conversion (and its value) over the channels or campaigns
touched before it, by the heuristic models every CRM offers and by exact
data-driven ones:

  first_touch, last_touch   all credit to one end of the journey
  linear_touch              an equal share per touch (a channel touched twice gets two)
  position_based            40/20/40 U-shape (--position-weights)
  time_decay                weight 2^(-Δt/h), Δt = conversion time - touch time (--half-life, default 7d)
  w_shaped                  30% each to the first, lead-creation and opportunity-creation touches, 10% over the rest
  full_path                 22.5% each to first, lead-creation, opportunity-creation and closed-won touches, 10% over the rest
  custom                    --weights first=0.3,last=0.3,middle=0.4
  markov                    removal effects of an order-k Markov chain (--order 1..4), solved
                            exactly as an absorbing chain: no simulation, the same answer every run;
                            at most --max-markov-states states (default 50000) and
                            --max-markov-channels channels (default 1000)
  shapley                   exact Shapley values over channels (up to 20), credits scaled to the
                            total; the characteristic function v(S) (--shapley-value):
                            rate (default with null journeys known): v(S) = conversions / journeys
                              of the journeys whose channels all lie in S, and 0 when they number
                              fewer than --shapley-min-journeys (default 30; 0 = off): a coalition
                              too small to measure counts as the empty one (with fewer journeys
                              in all, the conversions function is used, with a warning)
                            conversions (default without null journeys): v(S) = conversions of
                              those journeys; the credit is then each journey's conversions split
                              over its distinct channels
                            The rate function credits a channel for raising the conversion rate of
                            the journeys it joins, not for the conversions it brings; channels whose
                            credit falls below 0 or above the conversions of the journeys that
                            touch them are named in a warning

Inputs, one of:
  --paths FILE                 aggregated paths (path, total_conversions, total_conversion_value, total_null)
  --touches FILE               an event log whose converted flag ends each journey (value = its value)
  --touches with --opportunities   B2B: touches before each opportunity (--milestone created|closed),
                               value = won amount, by lead or by account (--level)

Table attribution: the --by column, then <model>_conversions and
<model>_value per model and markov_removal_effect (--by content_stage: the
touches staged tofu, mofu or bofu as funnel content stages them, by the
--content inventory or the activity type; unstaged touches are no touch); every model's credits sum
to total_conversions and total_value (meta). With --costs: cost, per model
<model>_cost_per_conversion and <model>_roi, and a campaign_roi table next
to the old single-source view.`,
		Example: `  funnel attribute --paths paths.csv
  funnel attribute --data exports --by campaign --costs exports/costs.csv
  funnel attribute --touches touches.csv --opportunities opps.csv --leads leads.csv --level account --lookback 180d
  funnel attribute --paths paths.csv --models markov --order 2 --transitions matrix.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dispatch(opts, runF, attributeRun, opts.parse, g.checkOutputs(opts.inputs,
				destination{"--plot", opts.Plot},
				destination{"--transitions", opts.TransitionsOut}, destination{"--paths-out", opts.PathsOut}))
		},
	}
	opts.inputs = addInputFlags(cmd, funnel.Paths, funnel.Touches, funnel.Opportunities, funnel.Leads, funnel.Costs, funnel.Content)
	f := cmd.Flags()
	f.StringVar(&opts.By, "by", "", "what gets the credit: channel, campaign, activity_type, content_stage (funnel content's staging, by --content) or a column header (default channel)")
	f.StringVar(&opts.Models, "models", "", "comma-separated models (default: every model the inputs allow)")
	f.StringVar(&opts.Lookback, "lookback", "", "only touches this long before the conversion, e.g. 90d (default: unlimited)")
	f.StringVar(&opts.Sep, "sep", opts.Sep, "channel separator in --paths")
	f.StringVar(&opts.Level, "level", "", "B2B journeys per lead or per account (default: account when touches or leads give accounts)")
	f.StringVar(&opts.Milestone, "milestone", opts.Milestone, "B2B journeys end at the opportunity's created or closed time")
	f.StringVar(&opts.HalfLife, "half-life", opts.HalfLife, "time_decay half-life")
	f.StringVar(&opts.PositionWeights, "position-weights", opts.PositionWeights, "position_based weights")
	f.StringVar(&opts.Weights, "weights", "", "custom model weights, e.g. first=0.3,last=0.3,middle=0.4")
	f.IntVar(&opts.Order, "order", opts.Order, "Markov order, 1 to 4")
	f.IntVar(&opts.MaxStates, "max-markov-states", opts.MaxStates, "most states of the Markov chain at its order (more is an error)")
	f.IntVar(&opts.MaxChannels, "max-markov-channels", opts.MaxChannels, "most channels of the Markov model, one chain solve each (more is an error)")
	f.BoolVar(&opts.AutoOrder, "auto-order", false, "choose the Markov order by held-out prediction of conversion (stated in meta)")
	f.Uint64Var(&opts.Seed, "seed", opts.Seed, "seed of the --auto-order train/test split")
	f.StringVar(&opts.TransitionsOut, "transitions", "", "write the Markov transition matrix to `FILE` (csv, tsv, json, md or xlsx)")
	f.StringVar(&opts.PathsOut, "paths-out", "", "write the journeys as a ChannelAttribution path table to `FILE`")
	f.StringVar(&opts.ShapleyValue, "shapley-value", "", "shapley characteristic function: rate or conversions (default rate when null journeys are known, else conversions)")
	f.IntVar(&opts.ShapleyMin, "shapley-min-journeys", opts.ShapleyMin, "with --shapley-value rate, coalitions covering fewer journeys are worth 0 (0 turns the guard off)")
	addPlotFlag(cmd, &opts.Plot, "the conversions credited per channel and model (a bar chart)")
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
		return usagef("--order %d: want 1 to %d", o.Order, attribution.MaxMarkovOrder)
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
	switch o.Milestone {
	case "closed":
		o.milestone = attribution.MilestoneClosed
	case "created":
		o.milestone = attribution.MilestoneCreated
	default:
		return usagef("--milestone %q: want created or closed", o.Milestone)
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
	return attribution.SourceOptions{PathsFirst: *o.inputs.paths[funnel.Paths] != "",
		By: o.By, Sep: o.Sep, Level: o.level, Milestone: o.milestone, Lookback: o.lookback}
}

func attributeRun(o *attributeOptions) error {
	g := o.g
	in, err := g.readInputs(o.inputs)
	if err != nil {
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
	return g.writeReportWithPlot(o.Plot, rep, in.paths(), files...)
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
