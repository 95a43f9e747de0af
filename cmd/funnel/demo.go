package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"time"

	"github.com/go-gota/gota/dataframe"
	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/funnel/outfile"
	"github.com/funnel-analytics/funnel/funnel/render"
	"github.com/funnel-analytics/funnel/funnel/sample"
	"github.com/funnel-analytics/funnel/market"
	"github.com/funnel-analytics/funnel/scoring"
	"github.com/funnel-analytics/funnel/velocity"
)

// demoLeads is the size of the demo's sample: big enough for every
// analysis to find its planted signal, small enough to run in seconds.
const demoLeads = 20000

type demoOptions struct {
	g     *globalOptions
	Out   string
	Force bool
}

func newDemoCmd(g *globalOptions, runF func(*demoOptions) error) *cobra.Command {
	opts := &demoOptions{g: g}
	cmd := &cobra.Command{
		Use:   "demo [--out-dir DIR]",
		Short: "Run funnel on built-in sample data and print what it finds",
		Long: `What does funnel find? demo generates the built-in sample (20,000 leads, fixed
seed), reads it back the way every command reads exports, runs every
analysis and prints what each finds next to the truth planted in the data:
lead-score weights ('funnel fit'), attribution ('funnel attribute'), stage
velocity with the planted slowdown ('funnel velocity'), market size
('funnel size'), and the planted signals, webinar drop and content mix
found ('funnel signals', 'funnel webinar', 'funnel content'), and the
planted nurture effect ('funnel nurture'). With
--out-dir DIR it also writes the exports, truth.json and
the full report (demo-report.xlsx) there, to try every other command on; a
folder that already holds one of those files is refused unless --force.`,
		Example: `  funnel demo
  funnel demo --out-dir demo`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dispatch(opts, runF, demoRun, opts.checkOutput, opts.checkOut, g.checkOutputs(nil))
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out-dir", "", "also write the exports, truth.json and demo-report.xlsx into `DIR` (created when missing)")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "replace the files of a demo the --out-dir folder already holds")
	aliasFlag(cmd.Flags(), "out", "out-dir")
	hideReadingFlags(cmd)
	return cmd
}

// output is where the demo writes: as the output flags say, and a table
// when they say nothing (a summary of several sections reads best as
// tables).
func (o *demoOptions) output() outputOptions {
	out := o.g.output()
	if out.Format == "" && out.Path == "" {
		out.Format = "table"
	}
	return out
}

// checkOutput validates the demo's output before any work is done.
func (o *demoOptions) checkOutput() error { return o.output().check() }

// demoReportFile is the name of the full report demo --out-dir writes.
const demoReportFile = "demo-report.xlsx"

// checkOut refuses an --out-dir folder holding a demo's files, unless --force.
func (o *demoOptions) checkOut() error {
	if o.Out == "" {
		return nil
	}
	return checkSampleFolder("--out-dir", o.Out, o.Force, demoReportFile)
}

// demoRun generates the sample into a temporary folder (removed on a
// signal too), reads it back and analyses it; with --out-dir, the exports and
// the full report are staged into DIR with -o and put in place together.
func demoRun(opts *demoOptions) error {
	dir, remove, err := outfile.MkdirTemp("funnel-demo-")
	if err != nil {
		return err
	}
	defer remove()
	cfg := sample.DefaultConfig()
	cfg.Leads = demoLeads
	truth, err := sample.WriteDir(dir, cfg)
	if err != nil {
		return err
	}
	files, err := ingest.FindExports(dir)
	if err != nil {
		return err
	}
	ds, err := ingest.LoadDataset(files, ingest.Options{})
	if err != nil {
		return err
	}
	rep, full, err := demoAnalyses(ds, truth)
	if err != nil {
		return err
	}
	if err := demoPlanted(rep, full, ds, truth, dir); err != nil {
		return err
	}
	if err := demoExperiment(rep, full, ds, truth, dir); err != nil {
		return err
	}
	if err := demoSpeed(rep, full, ds, truth, dir); err != nil {
		return err
	}
	if err := demoStages(rep, full, ds, truth, dir); err != nil {
		return err
	}
	if err := demoABM(rep, full, ds, truth); err != nil {
		return err
	}
	if err := demoNurture(rep, full, ds, truth, dir); err != nil {
		return err
	}
	var out []extraOutput
	if opts.Out != "" {
		if err := opts.g.output().makeFolder("--out-dir", opts.Out); err != nil {
			return err
		}
		for _, name := range sample.Files {
			out = append(out, extraOutput{flag: "--out-dir", path: filepath.Join(opts.Out, name), write: copyFrom(filepath.Join(dir, name))})
		}
		path := filepath.Join(opts.Out, demoReportFile)
		out = append(out, extraOutput{flag: "--out-dir", path: path, write: func(w io.Writer) error {
			return render.Render(w, full, render.XLSX, render.Options{})
		}})
		rep.AddMeta("report", path)
		rep.AddMeta("exports", opts.Out)
	}
	return opts.output().write(rep, nil, out...)
}

// copyFrom returns a writer of an output that copies the file src.
func copyFrom(src string) func(w io.Writer) error {
	return func(w io.Writer) error {
		f, err := os.Open(src)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(w, f)
		return err
	}
}

// demoAnalyses runs every analysis on the sample and returns the short
// summary and the full report (every table of every analysis, for xlsx).
func demoAnalyses(ds *funnel.Dataset, truth *sample.Truth) (summary, full *funnel.Report, err error) {
	rep := funnel.NewReport("demo", "funnel demo: 20,000 synthetic B2B leads, read back and analysed")
	full = funnel.NewReport("demo", "funnel demo: every table")
	rep.AddMeta("data", fmt.Sprintf("%d accounts, %d leads, %d touches, %d stage events, %d opportunities, %s to %s",
		truth.Summary.Accounts, truth.Summary.Leads, truth.Summary.Touches, truth.Summary.StageEvents,
		truth.Summary.Opportunities, truth.Config.Start, truth.Config.End))

	// Lead scoring: estimated weights next to the planted ones.
	fitCfg := scoring.Config{Features: scoring.FeatureConfig{Target: truth.ActivityLogOdds.Target, Features: []string{funnel.RoleIndustry}}}
	model, err := scoring.Fit(ds, fitCfg)
	if err != nil {
		return nil, nil, fmt.Errorf("demo fit: %w", err)
	}
	fitRep := model.Report()
	rep.AddMeta("fit", fmt.Sprintf("won_at ~ activity counts + industry: AUC %.3f, McFadden R² %.3f, %d of %d leads won",
		model.AUC, model.Regression.McFaddenR2, model.Regression.Positives, model.Regression.Rows))
	rep.AddTable("lead_score_weights", demoWeights(model, truth))

	// Attribution: B2B journeys (touches before each opportunity's close).
	j, err := attribution.FromOpportunities(ds, attribution.OpportunityOptions{})
	if err != nil {
		return nil, nil, fmt.Errorf("demo attribute: %w", err)
	}
	costs, err := attribution.CostsFromTable(ds.Costs, funnel.RoleChannel)
	if err != nil {
		return nil, nil, fmt.Errorf("demo attribute: %w", err)
	}
	ares, err := attribution.Attribute(j, attribution.Config{Costs: costs})
	if err != nil {
		return nil, nil, fmt.Errorf("demo attribute: %w", err)
	}
	attRep := ares.Report()
	conv, value, nulls := ares.Journeys.Totals()
	rep.AddMeta("attribution", fmt.Sprintf("%.0f won deals worth %.0f over %d channels; %.0f lost deals as null journeys",
		conv, value, ares.Journeys.NumChannels(), nulls))
	att, _ := attRep.Table(attribution.TableAttribution)
	att = att.Select([]string{"channel", "first_touch_conversions", "linear_touch_conversions", "markov_conversions", "markov_roi"})
	rep.AddTable("attribution", att.Arrange(dataframe.RevSort("markov_conversions")))

	// Velocity: the latest months, with the planted slowdown as alerts.
	start, _ := time.Parse(time.DateOnly, truth.Config.Start)
	vres, err := velocity.Analyze(ds, velocity.Options{From: start, AlertSlower: 0.25, AsOf: time.Unix(funnel.EndOfDay(ds.LatestTime(), nil), 0).UTC()})
	if err != nil {
		return nil, nil, fmt.Errorf("demo velocity: %w", err)
	}
	velRep := vres.Report()
	trend, _ := velRep.Table("trend")
	rep.AddTable("velocity", trend.Select([]string{"from_stage", "to_stage", "transitions", "mean_days", "median_days", "trend"}))
	rep.AddMeta("velocity", fmt.Sprintf("monthly since %s; planted slowdown: %v", truth.Config.Start, truth.StageDays.Slowdown.Transitions))
	for _, a := range velRep.Alerts {
		rep.Warnf("velocity alert (planted): %s", a)
	}

	// Market size by region: employees as seats at 40 a seat.
	mres, err := market.Size(ds, market.Options{By: []string{funnel.RoleRegion}, UnitsColumn: funnel.RoleEmployees, Price: 40})
	if err != nil {
		return nil, nil, fmt.Errorf("demo size: %w", err)
	}
	mktRep := mres.Report()
	mkt, _ := mktRep.Table("market")
	rep.AddTable("market", mkt.Select([]string{"region", "accounts", "market_size", "win_rate", "expected_revenue", "leads"}))
	rep.AddMeta("market", "market size = accounts x employees (seats) x 40 per seat")

	addReports(full, fitRep, attRep, velRep, mktRep)
	// The summary's own warnings (the planted alerts) first, then the
	// reading's and the fit's.
	rep.Warnings = slices.Concat(rep.Warnings, ds.Warnings, model.Warnings)
	full.Warnings = rep.Warnings
	return rep, full, nil
}

// addReports adds every table, chart and meta item of the analyses'
// reports to full, each named after its command (fit_coefficients).
func addReports(full *funnel.Report, subs ...*funnel.Report) {
	for _, sub := range subs {
		for _, t := range sub.Tables {
			full.AddTable(sub.Command+"_"+t.Name, t.Frame)
		}
		for _, c := range sub.Charts {
			c.Table = sub.Command + "_" + c.Table
			full.AddChart(c)
		}
		for _, m := range sub.Meta {
			full.AddMeta(sub.Command+"_"+m.Key, m.Value)
		}
	}
}

// plantedWeight is a row of the demo's lead_score_weights table: an
// activity's planted log-odds next to the fit's estimate.
type plantedWeight struct {
	Activity string  `table:"activity_type"`
	Planted  float64 `table:"planted_log_odds"`
	Estimate float64 `table:"estimate"`
	StdError float64 `table:"std_error"`
	Within   bool    `table:"within_3_se"` // the estimate is within 3 standard errors of the planted value
	Points   int     `table:"points"`
}

// demoWeights lays the fitted activity weights next to the planted ones,
// the strongest planted first.
func demoWeights(m *scoring.Model, truth *sample.Truth) dataframe.DataFrame {
	planted := truth.ActivityLogOdds.Activity
	var names []string
	for a := range planted {
		names = append(names, a)
	}
	sort.Slice(names, func(i, j int) bool { return planted[names[i]] > planted[names[j]] })
	est := map[string][2]float64{}
	points := map[string]int{}
	for _, t := range m.Regression.Terms {
		est[t.Name] = [2]float64{t.Estimate, t.StdError}
	}
	for i, name := range m.Scale.Terms {
		points[name] = int(math.Round(m.Scale.Points[i]))
	}
	rows := make([]plantedWeight, len(names))
	for i, a := range names {
		e := est[a]
		rows[i] = plantedWeight{Activity: a, Planted: planted[a], Estimate: e[0], StdError: e[1],
			Within: math.Abs(e[0]-planted[a]) <= 3*e[1], Points: points[a]}
	}
	return funnel.FrameOf(rows)
}
