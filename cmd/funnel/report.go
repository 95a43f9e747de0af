package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/config"
	"github.com/funnel-analytics/funnel/market"
	"github.com/funnel-analytics/funnel/report"
	"github.com/funnel-analytics/funnel/velocity"
)

type reportOptions struct {
	g      *globalOptions
	inputs *inputFlags

	Month    string
	Model    string
	Months   int
	TopLeads int
	Web      string
	nurture  reportNurtureFlags
	speed    reportSpeedFlags
	db       warehouseFlags
}

func newReportCmd(g *globalOptions, runF func(*reportOptions) error) *cobra.Command {
	o := &reportOptions{g: g}
	cmd := &cobra.Command{
		Use:   "report --month 2026-10|last [-o report-2026-10.xlsx]",
		Short: "The monthly report: key figures, velocity, conversion, attribution, scoring, accounts, market",
		Long: `What happened this month? report writes the monthly report (an Excel workbook
with charts, or Markdown for email or chat) from the inputs and settings of
the config file (funnel.yaml; see funnel config check) or --data DIR: key
figures against the previous month, velocity, conversion, attribution, the
lead score's health, accounts and market, for --month 2026-10 or --month
last.

More: 'funnel help monthly-report', 'funnel help alerts'.`,
		Example: `  funnel report --month last                       # settings and output path from ./funnel.yaml
  funnel report --month 2026-10 --data exports -o report-2026-10.xlsx`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dispatch(o, runF, reportRun, o.parse, checkDestinations(o.inputs, destination{"-o", g.Output}))
		},
	}
	o.inputs = addInputFlags(cmd, funnel.Leads, funnel.Touches, funnel.Stages, funnel.Opportunities, funnel.Accounts, funnel.Costs, funnel.Attendees, funnel.Content)
	f := cmd.Flags()
	f.StringVar(&o.Month, "month", "", "the month: 2026-10, or last (the latest complete month in the data)")
	f.StringVar(&o.Model, "model", "", "score with this saved model `FILE` (funnel fit --model) instead of the config's")
	f.IntVar(&o.Months, "months", 0, "months of velocity and conversion shown, the report's included (default: the config's velocity.months, else 12)")
	f.StringVar(&o.Web, "web", "", "web activity `FILE` for the Signals sheet, read as touches (default: the config's inputs: web, else web_visits.csv in the data folder)")
	f.IntVar(&o.TopLeads, "top-leads", 0, "open leads listed on the Scoring sheet (default: the config's report.top_leads, else 25)")
	addReportNurtureFlags(cmd, &o.nurture)
	addReportSpeedFlags(cmd, &o.speed)
	addWarehouseFlags(cmd, &o.db, "report is not pushed down yet: the tables' rows are streamed and analyzed as files are", false)
	o.inputs.fromDatabase(&o.db, "report")
	return cmd
}

// parse validates the report's flags; the output's format is checked by
// the run, since the config file may name it (-o is checked before).
func (o *reportOptions) parse() error {
	if o.Month == "" {
		return usagef("give the month: --month 2026-10 or --month last")
	}
	if o.Month != "last" {
		if _, err := report.ParseMonth(o.Month, nil); err != nil {
			return usagef("--month: %v", err)
		}
	}
	if o.Months < 0 || o.TopLeads < 0 {
		return usagef("--months and --top-leads must not be negative")
	}
	return nil
}

func reportRun(o *reportOptions) error {
	g := o.g
	cfg, err := g.config()
	if err != nil {
		return err
	}
	if cfg == nil && g.DataDir == "" && !o.inputs.any() && !o.db.given(g, o.inputs) {
		return usagef("funnel report needs a config file (funnel.yaml, --config), --data DIR or --db URL")
	}
	if cfg == nil {
		cfg = &config.Config{}
	}
	set, err := newReportSettings(cfg, o)
	if err != nil {
		return err
	}
	read := *o.inputs // a copy: the month is this run's, not the flags'
	read.month = set.inputMonth
	in, err := g.readInputs(&read)
	if err != nil {
		return err
	}
	ropts := set.opts
	if ropts.Month, ropts.Location, err = reportMonth(o.Month, in); err != nil {
		return err
	}
	if err := set.readFiles(in, &ropts); err != nil {
		return err
	}
	if err := readSheetInputs(o, cfg, in, set.inputMonth, &ropts); err != nil {
		return err
	}
	if err := readNurtureInputs(o, cfg, set, in, &ropts); err != nil {
		return err
	}
	if err := readSpeedInputs(o, cfg, set, in, &ropts); err != nil {
		return err
	}
	rep, err := report.Build(in.ds, ropts)
	if err != nil {
		if errors.Is(err, report.ErrNoData) {
			return fmt.Errorf("report %s: %w", ropts.Month, err)
		}
		return err
	}
	out, err := reportOutput(g.output(), cfg, ropts.Month)
	if err != nil {
		return err
	}
	err = out.write(in.withWarnings(rep), in.paths())
	if out.Path != "" && !out.Quiet && (err == nil || errors.Is(err, errAlert)) {
		fmt.Fprintf(out.io.ErrOut, "wrote %s (%s)\n", out.Path, ropts.Month)
	}
	return err
}

// reportMonth returns the report's month and the time zone of the inputs:
// --month, or for last the latest complete month in the data (complete
// through the day of the latest timestamp).
func reportMonth(month string, in *inputSet) (report.Month, *time.Location, error) {
	loc := in.opts.Location
	if loc == nil {
		loc = time.UTC
	}
	if month != "last" {
		m, err := report.ParseMonth(month, loc)
		return m, loc, err
	}
	latest := in.ds.LatestTime()
	if latest == funnel.NoTime {
		return report.Month{}, loc, fmt.Errorf("no data: the inputs hold no timestamps, so there is no last month")
	}
	return report.LastComplete(funnel.CompleteThrough(latest, loc, time.Now()), loc), loc, nil
}

// readFiles reads the files the settings name besides the inputs (the
// prices of the market, the target accounts) into opts, as the inputs
// were read, and records them, and the model file, in in.
func (set reportSettings) readFiles(in *inputSet, opts *report.Options) error {
	if set.files.prices != "" {
		prices, err := in.readPrices(set.files.prices)
		if err != nil {
			return err
		}
		market := *opts.Market // a copy: the settings' own stays as it was
		market.Prices = prices
		opts.Market = &market
	}
	if set.files.targets != "" {
		ids, err := in.readTargets(set.files.targets)
		if err != nil {
			return err
		}
		opts.Accounts.Targets, opts.Accounts.TargetsSource = ids, set.files.targets
	}
	if set.files.model != "" {
		in.add(set.files.model, nil)
	}
	return nil
}

// reportOutput returns where the report goes: the output flags, or
// without -o and --format the config's report.output for the month, whose
// folder is made on the first run (and stderr says so). It checks the
// output it returns.
func reportOutput(out outputOptions, cfg *config.Config, month report.Month) (outputOptions, error) {
	if out.Path == "" && out.Format == "" && cfg.Report.Output != "" {
		out.Path = cfg.Resolve(config.SubstituteMonth(cfg.Report.Output, month.String()))
		if err := out.makeFolder("report.output", filepath.Dir(out.Path)); err != nil {
			return out, err
		}
	}
	return out, out.check()
}

// any reports whether an input flag was given.
func (in *inputFlags) any() bool {
	for _, p := range in.paths {
		if *p != "" {
			return true
		}
	}
	return false
}

// reportFiles are the files a report reads besides its inputs.
type reportFiles struct {
	prices, targets, model, enrollments, sales string
}

// reportSettings are what funnel report (and config check) take from the
// config file and the report's flags before anything is read. The run
// reads them; nothing writes them back.
type reportSettings struct {
	// opts are the report's options; the run adds the month, the time
	// zone and what it reads besides the inputs.
	opts  report.Options
	files reportFiles
	// inputMonth is what {month} in the config's input paths stands for:
	// --month, or for last (config check: no --month) the newest month
	// whose files all exist; "" when no input path holds {month}.
	inputMonth string
}

// newReportSettings turns the config file's settings and the report's
// flags into the report's settings, through the same parsers as the
// commands' flags, so that a setting means in funnel.yaml what its flag
// means.
func newReportSettings(cfg *config.Config, o *reportOptions) (reportSettings, error) {
	var set reportSettings
	var err error
	if set.inputMonth, err = inputMonth(cfg, o.Month); err != nil {
		return set, err
	}
	ro := &set.opts
	if ro.Velocity, err = velocitySettings(cfg, o.g); err != nil {
		return set, err
	}
	ro.Months = cfg.Velocity.Months
	if o.Months > 0 {
		ro.Months = o.Months
	}
	if err := attributionSettings(cfg, o.g, ro); err != nil {
		return set, err
	}
	if set.files.model, err = scoringSettings(cfg, o, ro); err != nil {
		return set, err
	}
	ro.TopLeads = cfg.Report.TopLeads
	if o.TopLeads > 0 {
		ro.TopLeads = o.TopLeads
	}
	if err := accountsSettings(cfg, ro); err != nil {
		return set, err
	}
	set.files.targets = cfg.Resolve(cfg.Accounts.Targets)
	if ro.Market, set.files.prices, err = marketSettings(cfg, o.g); err != nil {
		return set, err
	}
	if ro.Nurture, set.files.enrollments, err = nurtureSettings(cfg, o); err != nil {
		return set, err
	}
	if ro.Speed, set.files.sales, err = speedSettings(cfg, o); err != nil {
		return set, err
	}
	return set, nil
}

// inputMonth returns what {month} in the config's input paths stands for:
// month, or for last or none the newest month whose files all exist; ""
// when no input path holds {month}.
func inputMonth(cfg *config.Config, month string) (string, error) {
	if month != "" && month != "last" {
		return month, nil
	}
	m, _, err := newestMonthInputs(cfg)
	return m, err
}

// configError names the config file and the section of a bad setting.
func configError(cfg *config.Config, section string, err error) error {
	where := "config"
	if cfg.Path != "" {
		where = "config " + cfg.Path
	}
	return fmt.Errorf("%s: %s: %s", where, section, strings.TrimPrefix(err.Error(), "error: "))
}

// velocitySettings parses the config's velocity section and its alerts
// as velocity's flags.
func velocitySettings(cfg *config.Config, g *globalOptions) (velocity.Options, error) {
	vc := cfg.Velocity
	vo := newVelocityOptions(g)
	vo.Order, vo.Pairs, vo.By, vo.Within, vo.AlertSlower = strings.Join(cfg.Stages, ","), strings.Join(vc.Pairs, ","), vc.By, vc.Within, vc.AlertSlower
	setIf(&vo.Period, vc.Period)
	setIf(&vo.StageField, vc.StageField)
	setIf(&vo.AlertMin, vc.AlertMin)
	if err := vo.parse(); err != nil {
		return vo.opts, configError(cfg, "velocity", err)
	}
	return vo.opts, nil
}

// attributionSettings parses the config's attribution section as
// attribute's flags into the report's attribution and journeys.
func attributionSettings(cfg *config.Config, g *globalOptions, ro *report.Options) error {
	ac := cfg.Attribution
	ao := newAttributeOptions(g)
	ao.By, ao.Models, ao.Lookback, ao.Level = ac.By, strings.Join(ac.Models, ","), ac.Lookback, ac.Level
	setIf(&ao.Milestone, ac.Milestone)
	setIf(&ao.HalfLife, ac.HalfLife)
	if err := ao.parse(); err != nil {
		return configError(cfg, "attribution", err)
	}
	ro.Attribution = ao.cfg
	ro.Journeys.By, ro.Journeys.Level, ro.Journeys.Milestone, ro.Journeys.Lookback = ao.By, ao.level, ao.milestone, ao.lookback
	return nil
}

// scoringSettings sets the report's scoring: a saved model (--model, else
// the config's scoring.model), whose path it returns, else the fit the
// config's scoring section describes (parsed as fit's flags) when it
// names a target.
func scoringSettings(cfg *config.Config, o *reportOptions, ro *report.Options) (string, error) {
	sc := cfg.Scoring
	modelPath, modelFrom := cfg.Resolve(sc.Model), "config scoring.model"
	if o.Model != "" {
		modelPath, modelFrom = o.Model, "--model"
	}
	switch {
	case modelPath != "":
		mf, err := readModel(modelFrom, modelPath)
		if err != nil {
			return "", err
		}
		if mf.IsAmount() {
			return "", fmt.Errorf("%s %s: a %s deal-size model; the Scoring sheet measures a win model (funnel fit without --family)", modelFrom, modelPath, mf.Family)
		}
		ro.Model = mf
		return modelPath, nil
	case sc.Target != "" || sc.TargetStage != "":
		fo := newFitOptions(o.g)
		fo.Target, fo.TargetStage, fo.Features, fo.ActivityTypes = sc.Target, sc.TargetStage, sc.Features, sc.ActivityTypes
		fo.Window, fo.Decay, fo.Lambda = sc.Window, sc.Decay, sc.Lambda
		setIf(&fo.Transform, sc.Transform)
		setIf(&fo.Missing, sc.Missing)
		setIf(&fo.Penalty, sc.Penalty)
		setIf(&fo.MinLevelCount, sc.MinLevelCount)
		if err := fo.parse(); err != nil {
			return "", configError(cfg, "scoring", err)
		}
		fc := fo.cfg
		ro.Fit = &fc
	}
	return "", nil
}

// accountsSettings reads the config's accounts section.
func accountsSettings(cfg *config.Config, ro *report.Options) error {
	acc := cfg.Accounts
	ro.Accounts.MinPeople, ro.Accounts.MinTouches = acc.MinPeople, acc.MinTouches
	if acc.Window != "" {
		w, err := funnel.ParseDuration(acc.Window)
		if err != nil || w == 0 {
			return configError(cfg, "accounts", fmt.Errorf("window %q: want a positive duration such as 30d", acc.Window))
		}
		ro.Accounts.Window = w
	}
	return nil
}

// marketSettings reads the config's size section: the market's options,
// nil without a price, and the file of prices per segment.
func marketSettings(cfg *config.Config, g *globalOptions) (*market.Options, string, error) {
	sz := cfg.Size
	if !(sz.Price > 0) && sz.Prices == "" {
		return nil, "", nil
	}
	if sz.Filter != "" {
		if _, err := market.ParseFilter(sz.Filter); err != nil {
			return nil, "", configError(cfg, "size", fmt.Errorf("filter: %v", err))
		}
	}
	mo := &market.Options{By: trimAll(sz.By), Filter: sz.Filter, Units: sz.Units, UnitsColumn: sz.UnitsCol,
		Price: sz.Price, MinLeads: max(sz.MinLeads, 1)}
	if mo.Units == 0 {
		mo.Units = 1
	}
	split, err := g.splitValues()
	if err != nil {
		return nil, "", err
	}
	mo.SplitValues = split
	return mo, cfg.Resolve(sz.Prices), nil
}

// newestMonthInputs finds, when the config's inputs hold {month}, the
// newest month (YYYY-MM) for which every such input exists.
func newestMonthInputs(cfg *config.Config) (string, bool, error) {
	var patterns []string
	for _, p := range cfg.Inputs {
		if config.HasMonth(p) {
			patterns = append(patterns, p)
		}
	}
	if len(patterns) == 0 {
		return "", false, nil
	}
	sort.Strings(patterns)
	counts := map[string]int{}
	for _, p := range patterns {
		full := cfg.Resolve(p)
		glob := config.SubstituteMonth(full, "[0-9][0-9][0-9][0-9]-[0-9][0-9]")
		matches, err := filepath.Glob(glob)
		if err != nil {
			return "", false, fmt.Errorf("config %s: inputs: bad pattern %q: %v", cfg.Path, p, err)
		}
		seen := map[string]bool{}
		for _, m := range matches {
			if month, ok := monthIn(full, m); ok && !seen[month] {
				seen[month] = true
				counts[month]++
			}
		}
	}
	var best string
	for m, n := range counts {
		if n == len(patterns) && m > best {
			if _, err := report.ParseMonth(m, nil); err == nil {
				best = m
			}
		}
	}
	if best == "" {
		return "", false, fmt.Errorf("config %s: no month has every {month} input (%s)", cfg.Path, strings.Join(patterns, ", "))
	}
	return best, true, nil
}

// monthIn returns the month that pattern's first {month} matched in path.
func monthIn(pattern, path string) (string, bool) {
	i := strings.Index(pattern, "{month}")
	if i < 0 || len(path) < i+7 || pattern[:i] != path[:i] {
		return "", false
	}
	return path[i : i+7], true
}

// setIf sets *dst to v when the config gives v (not the zero value), so
// that an unset config value keeps the command's default.
func setIf[T comparable](dst *T, v T) {
	var zero T
	if v != zero {
		*dst = v
	}
}
