package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/config"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/market"
	"github.com/funnel-analytics/funnel/report"
)

type reportOptions struct {
	g      *globalOptions
	inputs *inputFlags

	Month    string
	Model    string
	Months   int
	TopLeads int
}

func newReportCmd(g *globalOptions, runF func(*reportOptions) error) *cobra.Command {
	o := &reportOptions{g: g}
	cmd := &cobra.Command{
		Use:   "report --month 2026-10|last [-o report-2026-10.xlsx]",
		Short: "The monthly report: key figures, velocity, conversion, attribution, scoring, accounts, market",
		Long: `Write the monthly report of one month as a workbook (xlsx with charts) or as
Markdown (--format md, for email or chat), from the inputs and settings of
the config file (funnel.yaml; see funnel config check) or --data DIR.

Sheets: Summary (the month's key figures next to the previous month's, with
the change and an arrow), Velocity (mean days per stage transition over the
months up to the report's, with a line chart), Conversion, Attribution (the
month's won deals credited to channels by every model, with a bar chart),
Scoring (the lead score's health on the month's outcomes: the leads open at
the start of the month, scored as of then, against whether they converted
in the month; AUC, calibration; and the top open leads at the month's end),
Accounts (accounts that became high-intensity in the month) and Market.
An analysis whose inputs are missing is left out and named in the meta.

--month last is the latest complete month in the data (complete through the
day of the latest timestamp). {month} in the config's input paths and in
report.output is replaced by the month; with --month last and {month} in the
inputs, the newest month whose files exist is read. Without -o and --format
the report goes to report.output; --format without -o writes to stdout.

For cron: no prompts; messages on stderr; exit 1 when the month has no data;
exit 3 when a velocity alert fired (velocity: alert_slower in the config);
the same inputs give the same bytes (the workbook's dates come from the
data, never the clock).`,
		Example: `  funnel report --month last                       # settings and output path from ./funnel.yaml
  funnel report --month 2026-10 --data exports -o report-2026-10.xlsx
  funnel report --month last --format md > report.md
  0 6 2 * *  cd /srv/funnel && funnel report --month last -q || mail -s "funnel alert" ops@example.com`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
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
			if runF != nil {
				return runF(o)
			}
			return reportRun(o)
		},
	}
	o.inputs = addInputFlags(cmd, funnel.Leads, funnel.Touches, funnel.Stages, funnel.Opportunities, funnel.Accounts, funnel.Costs)
	f := cmd.Flags()
	f.StringVar(&o.Month, "month", "", "the month: 2026-10, or last (the latest complete month in the data)")
	f.StringVar(&o.Model, "model", "", "score with this saved model `FILE` (funnel fit --model) instead of the config's")
	f.IntVar(&o.Months, "months", 0, "months of velocity and conversion shown, the report's included (default: the config's velocity.months, else 12)")
	f.IntVar(&o.TopLeads, "top-leads", 0, "open leads listed on the Scoring sheet (default: the config's report.top_leads, else 25)")
	return cmd
}

func reportRun(o *reportOptions) error {
	g := o.g
	cfg, err := g.config()
	if err != nil {
		return err
	}
	if cfg == nil && g.DataDir == "" && !o.inputs.any() {
		return usagef("funnel report needs a config file (funnel.yaml, --config) or --data DIR")
	}
	if cfg == nil {
		cfg = &config.Config{}
	}
	// {month} in the config's inputs: an explicit month fills it in; for
	// last, the newest month whose files exist.
	g.month = o.Month
	if o.Month == "last" {
		g.month = ""
		if m, ok, err := newestMonthInputs(cfg); err != nil {
			return err
		} else if ok {
			g.month = m
		}
	}
	ropts, extra, err := reportSettings(cfg, o)
	if err != nil {
		return err
	}
	in, err := g.readInputs(o.inputs)
	if err != nil {
		return err
	}
	ds := in.ds
	loc := in.opts.Location
	if loc == nil {
		loc = time.UTC
	}
	ropts.Location = loc
	if o.Month == "last" {
		latest := ds.LatestTime()
		if latest == funnel.NoTime {
			return fmt.Errorf("no data: the inputs hold no timestamps, so there is no last month")
		}
		ropts.Month = report.LastComplete(funnel.CompleteThrough(latest, loc, time.Now()), loc)
	} else {
		ropts.Month, _ = report.ParseMonth(o.Month, loc)
	}
	inputs := in.paths()
	if extra.prices != "" {
		prices, warnings, err := ingest.Load(extra.prices, funnel.Accounts, ds.Dict, in.opts)
		if err != nil {
			return err
		}
		ds.Warnings = append(ds.Warnings, warnings...)
		ropts.Market.Prices = prices
		inputs = append(inputs, extra.prices)
	}
	if extra.targets != "" {
		ids, w, err := readTargets(extra.targets, ds, in.opts)
		if err != nil {
			return err
		}
		ds.Warnings = append(ds.Warnings, w...)
		ropts.Accounts.Targets, ropts.Accounts.TargetsSource = ids, extra.targets
		inputs = append(inputs, extra.targets)
	}
	if extra.model != "" {
		inputs = append(inputs, extra.model)
	}
	rep, err := report.Build(ds, ropts)
	if err != nil {
		if errors.Is(err, report.ErrNoData) {
			return fmt.Errorf("report %s: %w", ropts.Month, err)
		}
		return err
	}
	rep.Warnings = append(append([]string{}, ds.Warnings...), rep.Warnings...)
	if g.Output == "" && g.Format == "" && cfg.Report.Output != "" {
		g.Output = cfg.Resolve(config.SubstituteMonth(cfg.Report.Output, ropts.Month.String()))
		// The config's folder of reports is made on the first run.
		if err := os.MkdirAll(filepath.Dir(g.Output), 0o755); err != nil {
			return fmt.Errorf("report.output: %w", err)
		}
	}
	if err := g.checkOutput(); err != nil {
		return err
	}
	err = g.writeReport(rep, inputs)
	if g.Output != "" && !g.Quiet && (err == nil || errors.Is(err, errAlert)) {
		fmt.Fprintf(g.io.ErrOut, "wrote %s (%s)\n", g.Output, ropts.Month)
	}
	return err
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
	prices, targets, model string
}

// reportSettings turns the config file's settings into the report's
// options, through the same parsers as the commands' flags, so that a
// setting means in funnel.yaml what its flag means.
func reportSettings(cfg *config.Config, o *reportOptions) (report.Options, reportFiles, error) {
	var ro report.Options
	var files reportFiles
	bad := func(section string, err error) error {
		where := "config"
		if cfg.Path != "" {
			where = "config " + cfg.Path
		}
		return fmt.Errorf("%s: %s: %s", where, section, strings.TrimPrefix(err.Error(), "error: "))
	}
	// Velocity and its alerts.
	vc := cfg.Velocity
	vo := newVelocityOptions(o.g)
	vo.Order, vo.Pairs, vo.By, vo.Within, vo.AlertSlower = strings.Join(cfg.Stages, ","), strings.Join(vc.Pairs, ","), vc.By, vc.Within, vc.AlertSlower
	setIf(&vo.Period, vc.Period)
	setIf(&vo.StageField, vc.StageField)
	setIf(&vo.AlertMin, vc.AlertMin)
	if err := vo.parse(); err != nil {
		return ro, files, bad("velocity", err)
	}
	ro.Velocity = vo.opts
	ro.Months = vc.Months
	if o.Months > 0 {
		ro.Months = o.Months
	}
	// Attribution.
	ac := cfg.Attribution
	ao := newAttributeOptions(o.g)
	ao.By, ao.Models, ao.Lookback, ao.Level = ac.By, strings.Join(ac.Models, ","), ac.Lookback, ac.Level
	setIf(&ao.Milestone, ac.Milestone)
	setIf(&ao.HalfLife, ac.HalfLife)
	if err := ao.parse(); err != nil {
		return ro, files, bad("attribution", err)
	}
	ro.Attribution = ao.cfg
	ro.Journeys.By, ro.Journeys.Level, ro.Journeys.Milestone, ro.Journeys.Lookback = ao.By, ao.level, ao.milestone, ao.lookback
	// Scoring: a saved model, or fit settings.
	sc := cfg.Scoring
	modelPath, modelFrom := cfg.Resolve(sc.Model), "config scoring.model"
	if o.Model != "" {
		modelPath, modelFrom = o.Model, "--model"
	}
	switch {
	case modelPath != "":
		mf, err := readModel(modelFrom, modelPath)
		if err != nil {
			return ro, files, err
		}
		ro.Model, files.model = mf, modelPath
	case sc.Target != "" || sc.TargetStage != "":
		fo := newFitOptions(o.g)
		fo.Target, fo.TargetStage, fo.Features, fo.ActivityTypes = sc.Target, sc.TargetStage, sc.Features, sc.ActivityTypes
		fo.Window, fo.Decay, fo.Lambda = sc.Window, sc.Decay, sc.Lambda
		setIf(&fo.Transform, sc.Transform)
		setIf(&fo.Missing, sc.Missing)
		setIf(&fo.Penalty, sc.Penalty)
		setIf(&fo.MinLevelCount, sc.MinLevelCount)
		if err := fo.parse(); err != nil {
			return ro, files, bad("scoring", err)
		}
		fc := fo.cfg
		ro.Fit = &fc
	}
	ro.TopLeads = cfg.Report.TopLeads
	if o.TopLeads > 0 {
		ro.TopLeads = o.TopLeads
	}
	// Accounts.
	acc := cfg.Accounts
	ro.Accounts.MinPeople, ro.Accounts.MinTouches = acc.MinPeople, acc.MinTouches
	if acc.Window != "" {
		w, err := funnel.ParseDuration(acc.Window)
		if err != nil || w == 0 {
			return ro, files, bad("accounts", fmt.Errorf("window %q: want a positive duration such as 30d", acc.Window))
		}
		ro.Accounts.Window = w
	}
	files.targets = cfg.Resolve(acc.Targets)
	// Market size.
	sz := cfg.Size
	if sz.Price > 0 || sz.Prices != "" {
		if sz.Filter != "" {
			if _, err := market.ParseFilter(sz.Filter); err != nil {
				return ro, files, bad("size", fmt.Errorf("filter: %v", err))
			}
		}
		ro.Market = &market.Options{By: trimAll(sz.By), Filter: sz.Filter, Units: sz.Units, UnitsColumn: sz.UnitsCol,
			Price: sz.Price, MinLeads: max(sz.MinLeads, 1)}
		if ro.Market.Units == 0 {
			ro.Market.Units = 1
		}
		split, err := o.g.splitValues()
		if err != nil {
			return ro, files, err
		}
		ro.Market.SplitValues = split
		files.prices = cfg.Resolve(sz.Prices)
	}
	return ro, files, nil
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
