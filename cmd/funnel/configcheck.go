package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/report"
)

func newConfigCmd(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Check the config file (funnel.yaml)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usagef("config needs a subcommand: funnel config check")
		},
	}
	cmd.AddCommand(newConfigCheckCmd(g, nil))
	return cmd
}

type configCheckOptions struct {
	g      *globalOptions
	inputs *inputFlags
	Month  string
}

func newConfigCheckCmd(g *globalOptions, runF func(*configCheckOptions) error) *cobra.Command {
	o := &configCheckOptions{g: g}
	cmd := &cobra.Command{
		Use:   "check [--month 2026-10]",
		Short: "Validate the config file and show what each input binds to",
		Long: `Validate the config file (--config, $FUNNEL_CONFIG or ./funnel.yaml): its
keys, the settings of each analysis (parsed as the commands' flags are),
and every input it names: each file is read as funnel report would read it,
and the tables show its format, rows, the role each column binds to, the
detected types and date layouts, and every problem found.

{month} in input paths is replaced by --month, or by the newest month whose
files exist. Exits 1 when the config or an input has an error, so that a
cron job can check its setup before the month's report.`,
		Example: `  funnel config check
  funnel config check --config /srv/funnel/funnel.yaml --month 2026-10
  funnel config check --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dispatch(o, runF, configCheckRun, o.parse, g.checkOutputs(o.inputs))
		},
	}
	o.inputs = addInputFlags(cmd, funnel.TableKinds...)
	cmd.Flags().StringVar(&o.Month, "month", "", "the month {month} stands for (default: the newest month whose files exist)")
	return cmd
}

// parse validates --month.
func (o *configCheckOptions) parse() error {
	if o.Month != "" && o.Month != "last" {
		if _, err := report.ParseMonth(o.Month, nil); err != nil {
			return usagef("--month: %v", err)
		}
	}
	return nil
}

func configCheckRun(o *configCheckOptions) error {
	g := o.g
	cfg, err := g.config()
	if err != nil {
		return err
	}
	if cfg == nil {
		return usagef("no config file: give --config FILE, set $FUNNEL_CONFIG, or create ./funnel.yaml")
	}
	iopts, err := g.ingestOptions(cfg)
	if err != nil {
		return fmt.Errorf("config %s: %s", cfg.Path, err.Error())
	}
	set, err := newReportSettings(cfg, &reportOptions{g: g, Month: o.Month})
	if err != nil {
		return err
	}
	flags := *o.inputs // a copy: the month is this run's, not the flags'
	flags.month = set.inputMonth
	files, err := g.resolve(&flags, cfg)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("config %s: names no input (give inputs: or data:)", cfg.Path)
	}
	var kinds []funnel.TableKind
	var read []string
	for _, k := range funnel.TableKinds {
		if path, ok := files[k]; ok {
			kinds, read = append(kinds, k), append(read, path)
		}
	}
	found, err := g.inspectFiles(read, kinds, iopts)
	if err != nil {
		return err
	}
	rep := inspectReport(found, g.Table)
	rep.Command, rep.Title = "config check", "Config check: "+cfg.Path
	head := []funnel.MetaItem{{Key: "config", Value: cfg.Path}}
	if set.inputMonth != "" {
		head = append(head, funnel.MetaItem{Key: "month", Value: set.inputMonth})
	}
	head = append(head, settingsMeta(set)...)
	rep.Meta = append(head, rep.Meta...)
	if err := g.writeReport(rep, read); err != nil {
		return err
	}
	var bad []string
	for _, ins := range found {
		if ins.ErrorCount > 0 {
			bad = append(bad, fmt.Sprintf("%d error(s) in %s", ins.ErrorCount, ins.File))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("config %s: %s (see the problems table)", cfg.Path, strings.Join(bad, "; "))
	}
	return nil
}

// settingsMeta states what the report will do with the config's settings.
func settingsMeta(set reportSettings) []funnel.MetaItem {
	ro, extra := set.opts, set.files
	var out []funnel.MetaItem
	add := func(k string, v any) { out = append(out, funnel.MetaItem{Key: k, Value: v}) }
	if len(ro.Velocity.Order) > 0 {
		add("ladder", ro.Velocity.Order)
	} else {
		add("ladder", "inferred from the stages (velocity's default)")
	}
	if ro.Velocity.AlertSlower > 0 {
		add("alert_slower", fmt.Sprintf("%.4g%% (at least %d transitions a period)", 100*ro.Velocity.AlertSlower, ro.Velocity.AlertMin))
	} else {
		add("alert_slower", "off")
	}
	switch {
	case ro.Model != nil:
		add("scoring", "saved model "+extra.model)
	case ro.Fit != nil:
		t := ro.Fit.Features.Target
		if t == "" {
			t = "stage " + ro.Fit.Features.TargetStage
		}
		add("scoring", "fit before each month: target "+t)
	default:
		add("scoring", "off (no model and no target)")
	}
	if ro.Market != nil {
		add("market", fmt.Sprintf("by %s, price %g", strings.Join(ro.Market.By, ","), ro.Market.Price))
	} else {
		add("market", "off (no price)")
	}
	return out
}
